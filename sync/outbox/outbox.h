// The kiosk's durable queue of finished responses: the only place answers are stored.
//
// Promises (README "Data path"):
//  - commit() returns only after the response is in the database file (WAL, synchronous=FULL):
//    a power cut after it loses nothing.
//  - A row is deleted only after the hub acknowledged it AND the retention period has passed.
//  - A response the hub refuses on its own is quarantined, never deleted, and reported.
//  - Once acknowledged, a response's free text is wiped at once (secure_delete, WAL truncated):
//    what is kept until retention ends holds no words a patient wrote.
//
// One Outbox per thread: each opens its own connection to the same file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "sync/protocol/messages.h"
#include "sync/sqlite/database.h"

namespace fbk::sync::outbox {

struct PendingResponse {
    std::int64_t seq = 0;
    std::string id;
    std::string body;  // protocol::serialize(Response), sent as is
};

struct OutboxCounts {
    std::int64_t pending = 0;
    std::int64_t pending_bytes = 0;
    std::int64_t acknowledged = 0;  // kept until retention ends
    std::int64_t quarantined = 0;
    std::int64_t oldest_pending_ms = 0;  // kiosk wall time of the oldest pending row; 0 if none
};

class Outbox {
  public:
    explicit Outbox(const std::filesystem::path& file);

    // Durable before it returns. Throws sqlite::Error; a response already present (same id) is
    // left as it was.
    void commit(const protocol::Response& response, std::int64_t now_ms);
    // Many responses in one transaction (imports, backlog tests, benchmarks): one sync, not many.
    void commit_all(std::span<const protocol::Response> responses, std::int64_t now_ms);

    // Oldest pending responses first, at most `max_count` and about `max_bytes` of body (always
    // at least one, so an oversized response still moves).
    std::vector<PendingResponse> next_batch(std::size_t max_count, std::size_t max_bytes);

    // One transaction for the whole set. Unknown ids are ignored. Free text is emptied in what
    // is kept (the hub has it now) and the WAL cut back, so the card no longer holds it.
    void mark_acknowledged(std::span<const std::string> ids, std::int64_t now_ms);
    void quarantine(std::string_view id, std::string_view reason, std::int64_t now_ms);
    // Deletes acknowledged rows acknowledged before `cutoff_ms`. Returns how many.
    std::int64_t purge_acknowledged_before(std::int64_t cutoff_ms);

    OutboxCounts counts();
    // Kiosk wall time of the last acknowledgement from the hub, kept across restarts; 0: never.
    std::int64_t last_delivery_ms();
    // Every id held, whatever its state: what "committed" means when checking exactly-once.
    std::vector<std::string> ids();
    // PRAGMA integrity_check == "ok".
    bool integrity_ok();

  private:
    void migrate();
    sqlite::Database db_;
};

}  // namespace fbk::sync::outbox
