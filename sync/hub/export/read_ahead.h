// An export's pages read ahead on threads of their own. `perf` over `feedback-hub export` put
// about two thirds of an export's time in reading from the database (SQLite's VDBE and column
// calls: the responses two thirds of that, their answers a third) and a third in writing the
// format, so the three run as a pipeline on three threads: one reads a page's responses, the
// next adds their answers, and the caller writes the page before. A large export then takes
// about as long as its longest step instead of the sum.
//
// Three pages take turns, whatever the export's size, so memory stays flat. At most
// kMaxReadAheadExports exports read ahead in the hub at once, so that many exports do not take
// every core from ingest; start() says no beyond that and the caller reads on its own thread.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "sync/hub/store/hub_store.h"

namespace fbk::sync::hub {

struct ExportRange;

class PageReadAhead {
  public:
    static constexpr int kMaxReadAheadExports = 2;

    // Starts reading the pages of `range` (after its `after`); nullptr when
    // kMaxReadAheadExports are already reading, or when no thread can be started.
    static std::unique_ptr<PageReadAhead> start(HubStore& store, const ExportRange& range,
                                                std::size_t page_rows);

  private:
    struct Started {};  // only start() makes one

  public:
    PageReadAhead(Started, HubStore& store, const ExportRange& range, std::size_t page_rows);
    // Stops the threads (each finishes the query it is in) and waits for them.
    ~PageReadAhead();
    PageReadAhead(const PageReadAhead&) = delete;
    PageReadAhead& operator=(const PageReadAhead&) = delete;

    // The next page in export order, valid until the next call; empty once every page was
    // given. Rethrows what reading threw (sql::Error): the caller decides, as with a read on
    // its own thread.
    std::span<const StoredResponse> next();

  private:
    // A page's way through the pipeline; each step waits for the state the one before leaves.
    enum class Stage { Free, Responses, Complete, Given };
    struct Slot {
        std::vector<StoredResponse> rows;  // reused from page to page
        std::size_t count = 0;             // rows of this page; the rest are stale
        bool last = false;                 // a short page: nothing comes after it
        Stage stage = Stage::Free;
    };
    static constexpr std::size_t kSlots = 3;

    void stop_threads();
    void read_responses();
    void read_answers();
    // Waits until slots_[index] is at `stage`; false when told to stop or when reading failed.
    bool wait_for(std::size_t index, Stage stage);
    void hand_on(std::size_t index, Stage stage);
    void fail();

    HubStore& store_;
    ExportPosition after_;
    ExportPosition up_to_;
    StatsFilter filter_;
    std::size_t page_rows_;

    std::mutex mutex_;
    std::condition_variable changed_;
    Slot slots_[kSlots];
    std::size_t giving_ = 0;  // the slot next() gives next
    bool stop_ = false;
    std::exception_ptr error_;
    // Last: started once everything above exists.
    std::thread responses_thread_;
    std::thread answers_thread_;
};

}  // namespace fbk::sync::hub
