#include "sync/hub/store/ingest_queue.h"

namespace fbk::sync::hub {

IngestQueue::IngestQueue(HubStore& store, std::size_t max_group_responses)
    : store_(store),
      max_group_responses_(max_group_responses),
      writer_([this](std::stop_token stop) { run(std::move(stop)); }) {}

IngestQueue::~IngestQueue() {
    writer_.request_stop();
    cv_.notify_all();
}

std::vector<protocol::Receipt> IngestQueue::ingest(const protocol::Batch& batch,
                                                   std::int64_t received_ms,
                                                   std::span<const BatchComment> comments) {
    Waiting entry{&batch, received_ms, comments, {}};
    auto result = entry.done.get_future();
    {
        const std::lock_guard lock(mutex_);
        waiting_.push_back(&entry);
    }
    cv_.notify_one();
    return result
        .get();  // the entry outlives the writer's use of it: it is set before this returns
}

std::int64_t IngestQueue::groups_committed() const {
    const std::lock_guard lock(mutex_);
    return groups_;
}

void IngestQueue::run(std::stop_token stop) {
    while (true) {
        std::vector<Waiting*> group;
        {
            std::unique_lock lock(mutex_);
            cv_.wait(lock, stop, [&] { return !waiting_.empty(); });
            if (waiting_.empty()) {
                return;  // stopping, and nobody is waiting
            }
            std::size_t responses = 0;
            while (!waiting_.empty() &&
                   (group.empty() || responses + waiting_.front()->batch->responses.size() <=
                                         max_group_responses_)) {
                responses += waiting_.front()->batch->responses.size();
                group.push_back(waiting_.front());
                waiting_.pop_front();
            }
        }
        std::vector<HubStore::BatchToStore> batches;
        batches.reserve(group.size());
        for (const Waiting* w : group) {
            batches.push_back({w->batch, w->received_ms, w->comments});
        }
        try {
            auto receipts = store_.ingest_group(batches);
            {
                const std::lock_guard lock(mutex_);
                ++groups_;
            }
            for (std::size_t i = 0; i < group.size(); ++i) {
                group[i]->done.set_value(std::move(receipts[i]));
            }
        } catch (...) {
            for (Waiting* w : group) {
                w->done.set_exception(std::current_exception());
            }
        }
    }
}

}  // namespace fbk::sync::hub
