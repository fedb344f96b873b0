#include "sync/outbox/outbox.h"

#include <nlohmann/json.hpp>

namespace fbk::sync::outbox {

namespace {

constexpr int kSchemaVersion = 2;

// The response as kept after the hub has acknowledged it: every free-text answer emptied.
// What patients wrote is the hub's from then on; a kiosk's card should not hold it for weeks.
std::string without_free_text(std::string_view body) {
    auto doc = nlohmann::json::parse(body, nullptr, false);
    if (!doc.is_object() || !doc.contains("answers") || !doc["answers"].is_array()) {
        return std::string(body);
    }
    bool changed = false;
    for (auto& answer : doc["answers"]) {
        if (answer.is_object() && answer.contains("text")) {
            answer["text"] = "";
            changed = true;
        }
    }
    return changed ? doc.dump() : std::string(body);
}

}  // namespace

Outbox::Outbox(const std::filesystem::path& file) : db_(sqlite::Database::open(file)) {
    // WAL lets the uploader read while the UI thread commits; FULL syncs the WAL on every commit,
    // which is what makes "stored before the thank-you screen" survive a power cut.
    db_.exec("PRAGMA journal_mode = WAL");
    db_.exec("PRAGMA synchronous = FULL");
    // Deleted and overwritten content is zeroed in the file, not left in free space.
    db_.exec("PRAGMA secure_delete = ON");
    migrate();
}

void Outbox::migrate() {
    sqlite::Transaction tx(db_);
    const int version = db_.user_version();
    if (version > kSchemaVersion) {
        throw sqlite::Error(0, "outbox schema version " + std::to_string(version) +
                                   " is newer than this kiosk understands (" +
                                   std::to_string(kSchemaVersion) + ")");
    }
    if (version < 1) {
        db_.exec(R"sql(
            CREATE TABLE responses (
                seq          INTEGER PRIMARY KEY AUTOINCREMENT,
                id           TEXT NOT NULL UNIQUE,
                body         TEXT NOT NULL,
                created_ms   INTEGER NOT NULL,
                acked_ms     INTEGER,
                quarantined  TEXT,
                attempts     INTEGER NOT NULL DEFAULT 0
            );
            CREATE INDEX responses_pending ON responses(seq)
                WHERE acked_ms IS NULL AND quarantined IS NULL;
            CREATE INDEX responses_acked ON responses(acked_ms) WHERE acked_ms IS NOT NULL;
        )sql");
    }
    if (version < 2) {
        // What staff mode shows across restarts: when the hub last acknowledged anything.
        db_.exec(R"sql(
            CREATE TABLE state (
                key    TEXT PRIMARY KEY,
                value  INTEGER NOT NULL
            );
            INSERT INTO state(key, value)
                SELECT 'last_delivery_ms', MAX(acked_ms) FROM responses
                WHERE acked_ms IS NOT NULL HAVING MAX(acked_ms) IS NOT NULL;
        )sql");
    }
    db_.set_user_version(kSchemaVersion);
    tx.commit();
}

void Outbox::commit(const protocol::Response& response, std::int64_t now_ms) {
    commit_all(std::span(&response, 1), now_ms);
}

void Outbox::commit_all(std::span<const protocol::Response> responses, std::int64_t now_ms) {
    sqlite::Transaction tx(db_);
    auto insert = db_.prepare(
        "INSERT INTO responses(id, body, created_ms) VALUES (?1, ?2, ?3) "
        "ON CONFLICT(id) DO NOTHING");
    for (const protocol::Response& response : responses) {
        insert.bind(1, response.id).bind(2, protocol::serialize(response)).bind(3, now_ms).run();
        insert.reset();
    }
    tx.commit();
}

std::vector<PendingResponse> Outbox::next_batch(std::size_t max_count, std::size_t max_bytes) {
    std::vector<PendingResponse> out;
    auto stmt = db_.prepare(
        "SELECT seq, id, body FROM responses WHERE acked_ms IS NULL AND quarantined IS NULL "
        "ORDER BY seq LIMIT ?1");
    stmt.bind(1, static_cast<std::int64_t>(max_count));
    std::size_t bytes = 0;
    while (stmt.step()) {
        const auto body = stmt.text_view(2);
        if (!out.empty() && bytes + body.size() > max_bytes) {
            break;
        }
        bytes += body.size();
        out.push_back({stmt.int64(0), stmt.text(1), std::string(body)});
    }
    return out;
}

void Outbox::mark_acknowledged(std::span<const std::string> ids, std::int64_t now_ms) {
    {
        sqlite::Transaction tx(db_);
        auto read = db_.prepare("SELECT body FROM responses WHERE id = ?1 AND acked_ms IS NULL");
        auto stmt = db_.prepare("UPDATE responses SET acked_ms = ?1, body = ?2 WHERE id = ?3");
        for (const std::string& id : ids) {
            read.bind(1, id);
            if (read.step()) {
                const std::string kept = without_free_text(read.text_view(0));
                read.reset();
                stmt.bind(1, now_ms).bind(2, kept).bind(3, id).run();
                stmt.reset();
            } else {
                read.reset();
            }
        }
        if (!ids.empty()) {
            db_.prepare(
                   "INSERT INTO state(key, value) VALUES ('last_delivery_ms', ?1) "
                   "ON CONFLICT(key) DO UPDATE SET value = excluded.value")
                .bind(1, now_ms)
                .run();
        }
        tx.commit();
    }
    // The old pages, text and all, are still frames in the WAL file until it is checkpointed
    // and cut back to nothing. A reader in the way only delays it to the next acknowledgement.
    try {
        db_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const sqlite::Error&) {
        // The acknowledgement is committed; the next one truncates the WAL.
    }
}

void Outbox::quarantine(std::string_view id, std::string_view reason, std::int64_t now_ms) {
    sqlite::Transaction tx(db_);
    db_.prepare("UPDATE responses SET quarantined = ?1, attempts = attempts + 1 WHERE id = ?2")
        .bind(1, std::to_string(now_ms) + " " + std::string(reason))
        .bind(2, id)
        .run();
    tx.commit();
}

std::int64_t Outbox::purge_acknowledged_before(std::int64_t cutoff_ms) {
    sqlite::Transaction tx(db_);
    db_.prepare("DELETE FROM responses WHERE acked_ms IS NOT NULL AND acked_ms < ?1")
        .bind(1, cutoff_ms)
        .run();
    const std::int64_t deleted = db_.changes();
    tx.commit();
    return deleted;
}

OutboxCounts Outbox::counts() {
    auto stmt = db_.prepare(R"sql(
        SELECT
          COALESCE(SUM(acked_ms IS NULL AND quarantined IS NULL), 0),
          COALESCE(SUM(CASE WHEN acked_ms IS NULL AND quarantined IS NULL THEN length(body) END), 0),
          COALESCE(SUM(acked_ms IS NOT NULL), 0),
          COALESCE(SUM(quarantined IS NOT NULL AND acked_ms IS NULL), 0),
          COALESCE(MIN(CASE WHEN acked_ms IS NULL AND quarantined IS NULL THEN created_ms END), 0)
        FROM responses)sql");
    stmt.step();
    return {stmt.int64(0), stmt.int64(1), stmt.int64(2), stmt.int64(3), stmt.int64(4)};
}

std::int64_t Outbox::last_delivery_ms() {
    auto stmt = db_.prepare("SELECT value FROM state WHERE key = 'last_delivery_ms'");
    return stmt.step() ? stmt.int64(0) : 0;
}

std::vector<std::string> Outbox::ids() {
    std::vector<std::string> out;
    auto stmt = db_.prepare("SELECT id FROM responses ORDER BY seq");
    while (stmt.step()) {
        out.push_back(stmt.text(0));
    }
    return out;
}

bool Outbox::integrity_ok() {
    auto stmt = db_.prepare("PRAGMA integrity_check");
    return stmt.step() && stmt.text_view(0) == "ok";
}

}  // namespace fbk::sync::outbox
