#include "sync/hub/export/read_ahead.h"

#include <atomic>
#include <system_error>

#include "sync/hub/export/pump.h"

namespace fbk::sync::hub {

namespace {

std::atomic<int> exports_reading_ahead{0};

// One of the kMaxReadAheadExports places, given back unless kept.
class ReadAheadPlace {
  public:
    ReadAheadPlace()
        : taken_(exports_reading_ahead.fetch_add(1) < PageReadAhead::kMaxReadAheadExports) {}
    ~ReadAheadPlace() {
        if (!kept_) {
            exports_reading_ahead.fetch_sub(1);
        }
    }
    ReadAheadPlace(const ReadAheadPlace&) = delete;
    ReadAheadPlace& operator=(const ReadAheadPlace&) = delete;
    bool taken() const { return taken_; }
    void keep() { kept_ = true; }

  private:
    bool taken_;
    bool kept_ = false;
};

}  // namespace

std::unique_ptr<PageReadAhead> PageReadAhead::start(HubStore& store, const ExportRange& range,
                                                    std::size_t page_rows) {
    ReadAheadPlace place;
    if (!place.taken()) {
        return nullptr;
    }
    try {
        auto reader = std::make_unique<PageReadAhead>(Started{}, store, range, page_rows);
        place.keep();  // given back by the destructor
        return reader;
    } catch (const std::system_error&) {
        return nullptr;  // no thread to be had: the caller reads on its own, as beyond the limit
    }
}

PageReadAhead::PageReadAhead(Started, HubStore& store, const ExportRange& range,
                             std::size_t page_rows)
    : store_(store),
      after_(range.after),
      up_to_(range.up_to),
      filter_(range.filter),
      page_rows_(page_rows),
      responses_thread_([this] { read_responses(); }) {
    try {
        answers_thread_ = std::thread([this] { read_answers(); });
    } catch (...) {
        stop_threads();
        throw;
    }
}

PageReadAhead::~PageReadAhead() {
    stop_threads();
    exports_reading_ahead.fetch_sub(1);
}

void PageReadAhead::stop_threads() {
    {
        const std::lock_guard lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    for (std::thread* thread : {&responses_thread_, &answers_thread_}) {
        if (thread->joinable()) {
            thread->join();
        }
    }
}

bool PageReadAhead::wait_for(std::size_t index, Stage stage) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return stop_ || error_ || slots_[index].stage == stage; });
    return !stop_ && !error_;
}

void PageReadAhead::hand_on(std::size_t index, Stage stage) {
    {
        const std::lock_guard lock(mutex_);
        slots_[index].stage = stage;
    }
    changed_.notify_all();
}

void PageReadAhead::fail() {
    {
        const std::lock_guard lock(mutex_);
        if (!error_) {
            error_ = std::current_exception();
        }
    }
    changed_.notify_all();
}

// A slot belongs to the one step whose stage it is waiting at, so it is read and written
// without the lock; the lock only hands it on.
void PageReadAhead::read_responses() {
    try {
        for (std::size_t index = 0;; index = (index + 1) % kSlots) {
            if (!wait_for(index, Stage::Free)) {
                return;
            }
            Slot& slot = slots_[index];
            slot.count = store_.read_response_rows(after_, up_to_, page_rows_, filter_, slot.rows);
            // A short page is the last: nothing can join the export at or before up_to.
            slot.last = slot.count < page_rows_;
            if (slot.count > 0) {
                after_ = slot.rows[slot.count - 1].position();
            }
            const bool last = slot.last;  // once handed on, the slot is no longer this step's
            hand_on(index, Stage::Responses);
            if (last) {
                return;
            }
        }
    } catch (...) {
        fail();
    }
}

void PageReadAhead::read_answers() {
    try {
        for (std::size_t index = 0;; index = (index + 1) % kSlots) {
            if (!wait_for(index, Stage::Responses)) {
                return;
            }
            Slot& slot = slots_[index];
            store_.read_answers_of({slot.rows.data(), slot.count});
            const bool last = slot.last;
            hand_on(index, Stage::Complete);
            if (last) {
                return;
            }
        }
    } catch (...) {
        fail();
    }
}

std::span<const StoredResponse> PageReadAhead::next() {
    std::unique_lock lock(mutex_);
    Slot& before = slots_[(giving_ + kSlots - 1) % kSlots];
    if (before.stage == Stage::Given) {
        if (before.last) {
            return {};
        }
        before.stage = Stage::Free;
        changed_.notify_all();
    }
    Slot& slot = slots_[giving_];
    changed_.wait(lock, [&] { return error_ || slot.stage == Stage::Complete; });
    if (slot.stage != Stage::Complete) {  // pages read before a failure are given first
        std::rethrow_exception(error_);
    }
    slot.stage = Stage::Given;
    giving_ = (giving_ + 1) % kSlots;
    return {slot.rows.data(), slot.count};
}

}  // namespace fbk::sync::hub
