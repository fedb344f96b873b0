// Group commit: batches that arrive while the hub is committing wait, and are then stored
// together in one transaction (one fsync), each still acknowledged only after that commit
// returned. With many kiosks uploading at once this turns N fsyncs into one, and nobody waits
// on SQLite's busy handler.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <future>
#include <mutex>
#include <stop_token>
#include <thread>
#include <vector>

#include "sync/hub/store/hub_store.h"

namespace fbk::sync::hub {

class IngestQueue {
  public:
    // A group stops growing at `max_group_responses` (a bound on transaction size and latency).
    explicit IngestQueue(HubStore& store, std::size_t max_group_responses = 5'000);
    ~IngestQueue();
    IngestQueue(const IngestQueue&) = delete;
    IngestQueue& operator=(const IngestQueue&) = delete;

    // Blocks until the batch is committed (with whatever else was waiting); throws what the
    // store threw, in which case nothing of the group was stored.
    std::vector<protocol::Receipt> ingest(const protocol::Batch& batch, std::int64_t received_ms,
                                          std::span<const BatchComment> comments = {});

    std::int64_t groups_committed() const;

  private:
    struct Waiting {
        const protocol::Batch* batch;
        std::int64_t received_ms;
        std::span<const BatchComment> comments;
        std::promise<std::vector<protocol::Receipt>> done;
    };
    void run(std::stop_token stop);

    HubStore& store_;
    std::size_t max_group_responses_;
    mutable std::mutex mutex_;
    std::condition_variable_any cv_;
    std::deque<Waiting*> waiting_;
    std::int64_t groups_ = 0;
    std::jthread writer_;  // last: starts after everything above exists
};

}  // namespace fbk::sync::hub
