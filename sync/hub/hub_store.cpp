#include "sync/hub/hub_store.h"

#include "sync/hub/store_filter.h"
#include "sync/hub/store_lease.h"

#include <functional>
#include <map>

#include "sync/protocol/join.h"

namespace fbk::sync::hub {

namespace {

constexpr int kSchemaVersion = 8;
constexpr std::int64_t kMaxBootsPerKiosk = 64;

// Option ids and reason codes are plain ids, so a space separates them safely in one column.
std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto end = text.find(' ');
        if (end != 0) {
            out.emplace_back(text.substr(0, end));
        }
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
    return out;
}

}  // namespace

HubStore::HubStore(const std::filesystem::path& data_dir) : HubStore(StoreLocation{data_dir, {}}) {}

HubStore::HubStore(const StoreLocation& location)
    : location_(location),
      dialect_(location.postgres_url.empty() ? sql::Dialect::Sqlite : sql::Dialect::Postgres) {
    if (dialect_ == sql::Dialect::Sqlite) {
        std::filesystem::create_directories(location_.data_dir);
    }
    auto l = lease();
    dialect_ == sql::Dialect::Sqlite ? migrate_sqlite(*l) : migrate_postgres(*l);
}

HubStore::Lease HubStore::lease() {
    {
        std::unique_lock lock(pool_mutex_);
        const bool capped = dialect_ == sql::Dialect::Postgres && location_.max_connections > 0;
        pool_freed_.wait(lock, [&] {
            return !idle_.empty() || !capped || open_connections_ < location_.max_connections;
        });
        if (!idle_.empty()) {
            auto db = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(db));
        }
        ++open_connections_;  // reserved before connecting, so the cap holds meanwhile
    }
    try {
        return Lease(*this, dialect_ == sql::Dialect::Sqlite
                                ? sql::connect_sqlite(location_.data_dir / "hub.sqlite3")
                                : sql::connect_postgres(location_.postgres_url));
    } catch (...) {
        {
            const std::lock_guard lock(pool_mutex_);
            --open_connections_;
        }
        pool_freed_.notify_one();
        throw;
    }
}

namespace {

// The same schema as SQLite's after all its migrations, created at once. Several hubs may
// start together: the advisory lock lets one create it while the others wait.
constexpr std::string_view kPostgresSchema = R"sql(
    CREATE TABLE tokens (
        hash        TEXT PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('kiosk', 'admin')),
        subject     TEXT NOT NULL,
        created_ms  BIGINT NOT NULL,
        revoked_ms  BIGINT,
        role        TEXT NOT NULL DEFAULT 'admin'
    );
    CREATE TABLE responses (
        seq                    BIGSERIAL PRIMARY KEY,
        id                     TEXT NOT NULL UNIQUE,
        kiosk_id               TEXT NOT NULL,
        pack_id                TEXT NOT NULL,
        pack_version           BIGINT NOT NULL,
        survey_id              TEXT NOT NULL,
        stage                  TEXT NOT NULL,
        language               TEXT NOT NULL,
        status                 TEXT NOT NULL,
        started_at_ms          BIGINT NOT NULL,
        finished_at_ms         BIGINT NOT NULL,
        boot_id                TEXT NOT NULL,
        monotonic_ms           BIGINT NOT NULL,
        received_ms            BIGINT NOT NULL,
        clock_offset_ms        BIGINT,
        stage_source           TEXT NOT NULL DEFAULT 'config',
        abandoned_at           TEXT NOT NULL DEFAULT '',
        flags                  TEXT NOT NULL DEFAULT '',
        corrected_finished_ms  BIGINT
    );
    CREATE TABLE answers (
        response_seq  BIGINT NOT NULL REFERENCES responses(seq),
        question      TEXT NOT NULL,
        value         BIGINT,
        choices       TEXT,
        text          TEXT,
        cant_say      BIGINT NOT NULL DEFAULT 0,
        PRIMARY KEY (response_seq, question)
    );
    CREATE TABLE boots (
        kiosk_id  TEXT NOT NULL,
        boot_id   TEXT NOT NULL,
        epoch_ms  BIGINT NOT NULL,
        PRIMARY KEY (kiosk_id, boot_id)
    );
    CREATE TABLE kiosks (
        kiosk_id         TEXT PRIMARY KEY,
        last_seen_ms     BIGINT NOT NULL,
        clock_offset_ms  BIGINT NOT NULL,
        heartbeat        TEXT NOT NULL
    );
    CREATE TABLE audit (
        seq     BIGSERIAL PRIMARY KEY,
        at_ms   BIGINT NOT NULL,
        actor   TEXT NOT NULL,
        action  TEXT NOT NULL,
        detail  TEXT NOT NULL
    );
)sql";

// Schema 7, both databases: the site each kiosk reports, for statistics per site.
constexpr std::string_view kAddKioskSite =
    "ALTER TABLE kiosks ADD COLUMN site TEXT NOT NULL DEFAULT ''";

// Schema 8, both databases: uploaded packs, their assignments, and each kiosk's stage.
constexpr std::string_view kAddPacks = R"sql(
    CREATE TABLE packs (
        pack_id      TEXT NOT NULL,
        version      BIGINT NOT NULL,
        source       TEXT NOT NULL,
        uploaded_ms  BIGINT NOT NULL,
        uploaded_by  TEXT NOT NULL,
        PRIMARY KEY (pack_id, version)
    );
    CREATE TABLE pack_assignments (
        target_kind  TEXT NOT NULL CHECK (target_kind IN ('kiosk', 'site', 'stage', 'all')),
        target       TEXT NOT NULL,
        pack_id      TEXT NOT NULL,
        version      BIGINT NOT NULL,
        assigned_ms  BIGINT NOT NULL,
        assigned_by  TEXT NOT NULL,
        PRIMARY KEY (target_kind, target, pack_id)
    );
    ALTER TABLE kiosks ADD COLUMN stage TEXT NOT NULL DEFAULT '';
)sql";

// Any constant, the same in every hub process.
constexpr std::string_view kSchemaLock = "SELECT pg_advisory_xact_lock(7301001)";
constexpr std::string_view kIngestLock = "SELECT pg_advisory_xact_lock(7301002)";

[[noreturn]] void newer_schema(std::int64_t version) {
    throw sql::Error("hub database schema " + std::to_string(version) +
                         " is newer than this hub (" + std::to_string(kSchemaVersion) + ")",
                     false);
}

}  // namespace

void HubStore::migrate_postgres(sql::Connection& db) {
    sql::Transaction tx(db);
    db.exec(kSchemaLock);
    db.exec("CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL)");
    auto current = db.prepare("SELECT version FROM schema_version");
    const std::int64_t version = current.step() ? current.int64(0) : 0;
    current.reset();
    if (version > kSchemaVersion) {
        newer_schema(version);
    }
    if (version == 0) {
        db.exec(kPostgresSchema);  // as SQLite's schema 6
        db.exec("INSERT INTO schema_version(version) VALUES (6)");
    }
    if (version < 7) {
        db.exec(kAddKioskSite);
    }
    if (version < 8) {
        db.exec(kAddPacks);
    }
    db.prepare("UPDATE schema_version SET version = ?1").bind(1, kSchemaVersion).run();
    tx.commit();
}

// On PostgreSQL several hubs insert at once, and sequence numbers are handed out before
// commit: without this lock a transaction holding seq 10 could commit after another holding
// seq 11 was exported, and a cursor past 11 would never see 10. Serialising ingest keeps seq
// order equal to commit order, as SQLite's single writer does.
void HubStore::lock_ingest(sql::Connection& db) {
    if (dialect_ == sql::Dialect::Postgres) {
        db.exec(kIngestLock);
    }
}

void HubStore::migrate_sqlite(sql::Connection& db) {
    sql::Transaction tx(db);
    auto read_version = db.prepare("PRAGMA user_version");
    read_version.step();
    const std::int64_t version = read_version.int64(0);
    read_version.reset();
    if (version > kSchemaVersion) {
        newer_schema(version);
    }
    if (version < 1) {
        db.exec(R"sql(
            CREATE TABLE tokens (
                hash        TEXT PRIMARY KEY,
                kind        TEXT NOT NULL CHECK (kind IN ('kiosk', 'admin')),
                subject     TEXT NOT NULL,
                created_ms  INTEGER NOT NULL,
                revoked_ms  INTEGER
            );
            CREATE TABLE responses (
                seq              INTEGER PRIMARY KEY AUTOINCREMENT,
                id               TEXT NOT NULL UNIQUE,
                kiosk_id         TEXT NOT NULL,
                pack_id          TEXT NOT NULL,
                pack_version     INTEGER NOT NULL,
                survey_id        TEXT NOT NULL,
                stage            TEXT NOT NULL,
                language         TEXT NOT NULL,
                status           TEXT NOT NULL,
                started_at_ms    INTEGER NOT NULL,
                finished_at_ms   INTEGER NOT NULL,
                boot_id          TEXT NOT NULL,
                monotonic_ms     INTEGER NOT NULL,
                received_ms      INTEGER NOT NULL,
                clock_offset_ms  INTEGER
            );
            CREATE TABLE answers (
                response_seq  INTEGER NOT NULL REFERENCES responses(seq),
                question      TEXT NOT NULL,
                value         INTEGER NOT NULL,
                PRIMARY KEY (response_seq, question)
            ) WITHOUT ROWID;
        )sql");
    }
    if (version < 2) {
        // Every question type: answers carry a value, choices, text or "can't say".
        db.exec(R"sql(
            ALTER TABLE responses ADD COLUMN stage_source TEXT NOT NULL DEFAULT 'config';
            ALTER TABLE responses ADD COLUMN abandoned_at TEXT NOT NULL DEFAULT '';
            ALTER TABLE responses ADD COLUMN flags TEXT NOT NULL DEFAULT '';
            CREATE TABLE answers_v2 (
                response_seq  INTEGER NOT NULL REFERENCES responses(seq),
                question      TEXT NOT NULL,
                value         INTEGER,
                choices       TEXT,
                text          TEXT,
                cant_say      INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (response_seq, question)
            ) WITHOUT ROWID;
            INSERT INTO answers_v2(response_seq, question, value)
                SELECT response_seq, question, value FROM answers;
            DROP TABLE answers;
            ALTER TABLE answers_v2 RENAME TO answers;
        )sql");
    }
    if (version < 3) {
        // Clock correction: when each kiosk boot's monotonic clock read zero, on the hub's clock.
        db.exec(R"sql(
            CREATE TABLE boots (
                kiosk_id  TEXT NOT NULL,
                boot_id   TEXT NOT NULL,
                epoch_ms  INTEGER NOT NULL,
                PRIMARY KEY (kiosk_id, boot_id)
            ) WITHOUT ROWID;
            ALTER TABLE responses ADD COLUMN corrected_finished_ms INTEGER;
        )sql");
    }
    if (version < 4) {
        // The fleet view: each kiosk's latest heartbeat.
        db.exec(R"sql(
            CREATE TABLE kiosks (
                kiosk_id         TEXT PRIMARY KEY,
                last_seen_ms     INTEGER NOT NULL,
                clock_offset_ms  INTEGER NOT NULL,
                heartbeat        TEXT NOT NULL
            ) WITHOUT ROWID;
        )sql");
    }
    if (version < 5) {
        // Roles for admin tokens; the ones made before roles existed keep full rights.
        db.exec("ALTER TABLE tokens ADD COLUMN role TEXT NOT NULL DEFAULT 'admin'");
    }
    if (version < 6) {
        db.exec(R"sql(
            CREATE TABLE audit (
                seq     INTEGER PRIMARY KEY AUTOINCREMENT,
                at_ms   INTEGER NOT NULL,
                actor   TEXT NOT NULL,
                action  TEXT NOT NULL,
                detail  TEXT NOT NULL
            );
        )sql");
    }
    if (version < 7) {
        db.exec(kAddKioskSite);
    }
    if (version < 8) {
        db.exec(kAddPacks);
    }
    db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    tx.commit();
}

namespace {

// A message that left the kiosk at monotonic time `monotonic_ms` and arrived at `received_ms`
// bounds when that boot's monotonic clock read zero, on the hub's clock. Network delay only
// makes the estimate later, so the smallest one seen is the best.
void learn_boot_epoch(sql::Connection& db, std::string_view kiosk_id, std::string_view boot_id,
                      std::int64_t monotonic_ms, std::int64_t received_ms) {
    db.prepare(R"sql(
        INSERT INTO boots(kiosk_id, boot_id, epoch_ms) VALUES (?1, ?2, ?3)
        ON CONFLICT(kiosk_id, boot_id) DO UPDATE SET epoch_ms = CASE
            WHEN excluded.epoch_ms < boots.epoch_ms THEN excluded.epoch_ms ELSE boots.epoch_ms END)sql")
        .bind(1, kiosk_id)
        .bind(2, boot_id)
        .bind(3, received_ms - monotonic_ms)
        .run();
    // A kiosk reboots a few times a week; a token sending a new boot id with every message
    // must not grow the table without bound. Only the newest boots (the latest epochs) are
    // kept; a response of an older one is exported on its kiosk's clock.
    db.prepare(R"sql(
        DELETE FROM boots WHERE kiosk_id = ?1 AND epoch_ms < (
            SELECT epoch_ms FROM boots WHERE kiosk_id = ?1
            ORDER BY epoch_ms DESC LIMIT 1 OFFSET ?2))sql")
        .bind(1, kiosk_id)
        .bind(2, kMaxBootsPerKiosk - 1)
        .run();
}

}  // namespace

void HubStore::record_heartbeat(const protocol::Heartbeat& h, std::int64_t received_ms) {
    auto db = lease();
    sql::Transaction tx(*db);
    learn_boot_epoch(*db, h.kiosk_id, h.boot_id, h.monotonic_ms, received_ms);
    db->prepare(R"sql(
        INSERT INTO kiosks(kiosk_id, last_seen_ms, clock_offset_ms, heartbeat, site, stage)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT(kiosk_id) DO UPDATE SET last_seen_ms = excluded.last_seen_ms,
            clock_offset_ms = excluded.clock_offset_ms, heartbeat = excluded.heartbeat,
            site = excluded.site, stage = excluded.stage)sql")
        .bind(1, h.kiosk_id)
        .bind(2, received_ms)
        .bind(3, h.sent_at_ms - received_ms)
        .bind(4, protocol::serialize(h))
        .bind(5, h.site)
        .bind(6, h.stage)
        .run();
    tx.commit();
}

namespace {

constexpr std::string_view kFinished = kFinishedSql;

// The grouping expression comes from this fixed list, never from the request. Periods are
// UTC; a week is named by its Monday.
std::string group_column(StatsGroup group, sql::Dialect dialect) {
    const bool sqlite = dialect == sql::Dialect::Sqlite;
    const std::string seconds = "(" + std::string(kFinished) + " / 1000)";
    const std::string pg_time =
        "(to_timestamp(" + std::string(kFinished) + " / 1000.0) AT TIME ZONE 'UTC')";
    switch (group) {
        case StatsGroup::Stage:
            return "r.stage";
        case StatsGroup::Kiosk:
            return "r.kiosk_id";
        case StatsGroup::Survey:
            return "r.survey_id";
        case StatsGroup::Language:
            return "r.language";
        case StatsGroup::Site:
            return "COALESCE((SELECT k.site FROM kiosks k WHERE k.kiosk_id = r.kiosk_id), '')";
        case StatsGroup::Day:
            return sqlite ? "date(" + seconds + ", 'unixepoch')"
                          : "to_char(" + pg_time + ", 'YYYY-MM-DD')";
        case StatsGroup::Week:
            return sqlite ? "date(" + seconds + ", 'unixepoch', 'weekday 0', '-6 days')"
                          : "to_char(date_trunc('week', " + pg_time + "), 'YYYY-MM-DD')";
        case StatsGroup::Month:
            return sqlite ? "strftime('%Y-%m', " + seconds + ", 'unixepoch')"
                          : "to_char(" + pg_time + ", 'YYYY-MM')";
    }
    return "r.stage";
}

}  // namespace

std::vector<GroupTotals> HubStore::group_totals(StatsGroup group, const StatsFilter& filter) {
    auto db = lease();
    const std::string column = group_column(group, dialect_);
    auto stmt = db->prepare("SELECT " + column +
                            ", COUNT(*), SUM(CASE WHEN r.status = 'abandoned' THEN 1 ELSE 0 END), "
                            "SUM(CASE WHEN r.flags <> '' THEN 1 ELSE 0 END) "
                            "FROM responses r WHERE " +
                            filter_sql(1) + " GROUP BY " + column + " ORDER BY " + column);
    // The totals count flagged responses whatever the filter says: they are reported as such.
    StatsFilter all = filter;
    all.include_flagged = true;
    bind_filter(stmt, all, 1);
    std::vector<GroupTotals> out;
    while (stmt.step()) {
        out.push_back({stmt.text(0), stmt.int64(1), stmt.int64(2), stmt.int64(3)});
    }
    return out;
}

std::vector<AnswerTally> HubStore::answer_tallies(StatsGroup group, const StatsFilter& filter) {
    auto db = lease();
    const std::string column = group_column(group, dialect_);
    auto stmt = db->prepare(
        "SELECT " + column +
        ", r.pack_id, r.pack_version, a.question, a.value, a.choices, COUNT(*) "
        "FROM answers a JOIN responses r ON r.seq = a.response_seq WHERE a.cant_say = 0 "
        "AND (a.value IS NOT NULL OR a.choices IS NOT NULL) AND " +
        filter_sql(1) + " GROUP BY 1, 2, 3, 4, 5, 6");
    bind_filter(stmt, filter, 1);
    std::vector<AnswerTally> out;
    while (stmt.step()) {
        AnswerTally t;
        t.group = stmt.text(0);
        t.pack_id = stmt.text(1);
        t.pack_version = static_cast<int>(stmt.int64(2));
        t.question = stmt.text(3);
        if (!stmt.is_null(4)) {
            t.value = stmt.int64(4);
        }
        if (!stmt.is_null(5)) {
            t.choices = stmt.text(5);
        }
        t.count = stmt.int64(6);
        out.push_back(std::move(t));
    }
    return out;
}

// By when the patient wrote them, not when they arrived: a kiosk that was offline for a week
// must not push old comments above today's.
std::vector<Comment> HubStore::latest_comments(std::size_t limit, const StatsFilter& filter) {
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT COALESCE(r.corrected_finished_ms, r.finished_at_ms), r.stage, r.language, "
        "a.question, a.text FROM responses r JOIN answers a ON a.response_seq = r.seq "
        "WHERE a.text IS NOT NULL AND a.text <> '' AND " +
        filter_sql(2) + " ORDER BY 1 DESC, r.seq DESC, a.question LIMIT ?1");
    stmt.bind(1, static_cast<std::int64_t>(limit));
    bind_filter(stmt, filter, 2);
    std::vector<Comment> out;
    while (stmt.step()) {
        out.push_back({stmt.int64(0), stmt.text(1), stmt.text(2), stmt.text(3), stmt.text(4)});
    }
    return out;
}

std::vector<KioskStatus> HubStore::fleet() {
    std::vector<KioskStatus> out;
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT last_seen_ms, clock_offset_ms, heartbeat FROM kiosks ORDER BY kiosk_id");
    while (stmt.step()) {
        protocol::Issues issues;
        auto heartbeat = protocol::parse_heartbeat(stmt.text_view(2), issues);
        if (heartbeat) {
            out.push_back({std::move(*heartbeat), stmt.int64(0), stmt.int64(1)});
        }
    }
    return out;
}

namespace {

void insert_token(sql::Connection& db, std::string_view token, TokenKind kind,
                  std::string_view subject, std::int64_t now_ms, Role role) {
    db.prepare(
          "INSERT INTO tokens(hash, kind, subject, created_ms, role) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(1, hash_token(token))
        .bind(2, to_string(kind))
        .bind(3, subject)
        .bind(4, now_ms)
        .bind(5, to_string(kind == TokenKind::Admin ? role : Role::Viewer))
        .run();
}

}  // namespace

std::string HubStore::create_token(TokenKind kind, std::string_view subject, std::int64_t now_ms,
                                   Role role) {
    std::string token = generate_token(kind);
    auto db = lease();
    insert_token(*db, token, kind, subject, now_ms, role);
    return token;
}

void HubStore::create_kiosk_tokens(
    std::span<const std::string> kiosk_ids, std::int64_t now_ms,
    const std::function<void(std::span<const std::string> tokens)>& publish) {
    std::vector<std::string> tokens;
    tokens.reserve(kiosk_ids.size());
    auto db = lease();
    sql::Transaction tx(*db);
    for (const auto& id : kiosk_ids) {
        tokens.push_back(generate_token(TokenKind::Kiosk));
        insert_token(*db, tokens.back(), TokenKind::Kiosk, id, now_ms, Role::Viewer);
    }
    publish(tokens);
    tx.commit();
}

std::int64_t HubStore::revoke_tokens(TokenKind kind, std::string_view subject,
                                     std::int64_t now_ms) {
    auto db = lease();
    auto revoke = db->prepare(
        "UPDATE tokens SET revoked_ms = ?1 WHERE kind = ?2 AND subject = ?3 AND revoked_ms IS "
        "NULL RETURNING 1");
    revoke.bind(1, now_ms).bind(2, to_string(kind)).bind(3, subject);
    std::int64_t revoked = 0;
    while (revoke.step()) {
        ++revoked;
    }
    return revoked;
}

std::optional<TokenInfo> HubStore::authenticate(std::string_view token) {
    if (token.empty() || token.size() > 128) {
        return std::nullopt;
    }
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT kind, subject, role FROM tokens WHERE hash = ?1 AND revoked_ms IS NULL");
    stmt.bind(1, hash_token(token));
    if (!stmt.step()) {
        return std::nullopt;
    }
    return TokenInfo{stmt.text_view(0) == "admin" ? TokenKind::Admin : TokenKind::Kiosk,
                     stmt.text(1), role_from_string(stmt.text_view(2)).value_or(Role::Viewer)};
}

namespace {

constexpr int kResponseColumns = 18;
constexpr int kAnswerColumns = 6;
// "INSERT INTO table(columns) VALUES (?1, ...), (...), ..." for `rows` rows.
std::string multi_row_insert(std::string_view head, int columns, std::size_t rows,
                             std::string_view tail) {
    std::string sql(head);
    int p = 1;
    for (std::size_t r = 0; r < rows; ++r) {
        sql += r == 0 ? " VALUES (" : ", (";
        for (int c = 0; c < columns; ++c) {
            sql += (c == 0 ? "?" : ", ?") + std::to_string(p++);
        }
        sql += ')';
    }
    sql += tail;
    return sql;
}

// Rows per INSERT. PostgreSQL pays a round trip per statement, so many rows go in one
// (within its 65 535 parameters): 6.2k -> 18.4k responses/s for the store alone. SQLite has no
// round trip, and re-preparing a long multi-row statement cost more than it saved
// (56k -> 11.6k), so it keeps one prepared single-row statement.
std::size_t rows_per_insert(sql::Dialect dialect, std::size_t remaining) {
    if (dialect == sql::Dialect::Sqlite) {
        return 1;
    }
    // A few fixed shapes, so each PostgreSQL connection prepares at most five per table.
    for (const std::size_t rows : {250, 64, 16, 4}) {
        if (remaining >= rows) {
            return rows;
        }
    }
    return 1;
}

// Statements of one shape per row count, prepared once per batch and reused.
class InsertStatements {
  public:
    InsertStatements(sql::Connection& db, std::string_view head, int columns, std::string_view tail)
        : db_(db), head_(head), columns_(columns), tail_(tail) {}
    sql::Statement& rows(std::size_t n) {
        auto it = statements_.find(n);
        if (it == statements_.end()) {
            it = statements_.emplace(n, db_.prepare(multi_row_insert(head_, columns_, n, tail_)))
                     .first;
        }
        return it->second;
    }

  private:
    sql::Connection& db_;
    std::string_view head_;
    int columns_;
    std::string_view tail_;
    std::map<std::size_t, sql::Statement> statements_;
};

constexpr std::string_view kInsertResponses =
    "INSERT INTO responses(id, kiosk_id, pack_id, pack_version, survey_id, stage, language, "
    "status, started_at_ms, finished_at_ms, boot_id, monotonic_ms, received_ms, clock_offset_ms, "
    "stage_source, abandoned_at, flags, corrected_finished_ms)";
constexpr std::string_view kInsertAnswers =
    "INSERT INTO answers(response_seq, question, value, choices, text, cant_say)";

}  // namespace

std::vector<protocol::Receipt> HubStore::insert_batch(sql::Connection& db,
                                                      const protocol::Batch& batch,
                                                      std::int64_t received_ms) {
    const std::int64_t batch_offset = batch.header.sent_at_ms - received_ms;
    learn_boot_epoch(db, batch.header.kiosk_id, batch.header.boot_id, batch.header.monotonic_ms,
                     received_ms);
    std::map<std::string, std::optional<std::int64_t>, std::less<>> boot_epochs;
    auto find_epoch = db.prepare("SELECT epoch_ms FROM boots WHERE kiosk_id = ?1 AND boot_id = ?2");
    const auto epoch_of = [&](const protocol::Response& r) -> std::optional<std::int64_t> {
        auto [it, inserted] = boot_epochs.try_emplace(r.boot_id);
        if (inserted) {
            find_epoch.bind(1, r.kiosk_id).bind(2, r.boot_id);
            if (find_epoch.step()) {
                it->second = find_epoch.int64(0);
            }
            find_epoch.reset();
        }
        return it->second;
    };
    // Rows come back only for ids not stored before: those are the ones to store answers for.
    std::map<std::string, std::int64_t, std::less<>> inserted;
    const auto& responses = batch.responses;
    InsertStatements response_inserts(db, kInsertResponses, kResponseColumns,
                                      " ON CONFLICT(id) DO NOTHING RETURNING id, seq");
    for (std::size_t first = 0, rows = 0; first < responses.size(); first += rows) {
        rows = rows_per_insert(dialect_, responses.size() - first);
        auto& insert = response_inserts.rows(rows);
        for (std::size_t i = 0; i < rows; ++i) {
            const protocol::Response& r = responses[first + i];
            const int p = static_cast<int>(i) * kResponseColumns;
            // The offset measured now only describes the clock of the boot that sent this batch.
            const bool this_boot = r.boot_id == batch.header.boot_id;
            // A response "from the future" of its own batch means the monotonic clock cannot be
            // trusted: keep the kiosk's wall time rather than invent one.
            const bool plausible = !this_boot || r.monotonic_ms <= batch.header.monotonic_ms;
            const auto epoch = plausible ? epoch_of(r) : std::nullopt;
            insert.bind(p + 1, r.id)
                .bind(p + 2, r.kiosk_id)
                .bind(p + 3, r.pack_id)
                .bind(p + 4, r.pack_version)
                .bind(p + 5, r.survey_id)
                .bind(p + 6, r.stage)
                .bind(p + 7, r.language)
                .bind(p + 8, protocol::to_string(r.status))
                .bind(p + 9, r.started_at_ms)
                .bind(p + 10, r.finished_at_ms)
                .bind(p + 11, r.boot_id)
                .bind(p + 12, r.monotonic_ms)
                .bind(p + 13, received_ms)
                .bind(p + 14, this_boot ? std::optional(batch_offset) : std::nullopt)
                .bind(p + 15, protocol::to_string(r.stage_source))
                .bind(p + 16, r.abandoned_at)
                .bind(p + 17, protocol::join(r.flags, " "))
                .bind(p + 18, epoch ? std::optional(*epoch + r.monotonic_ms) : std::nullopt);
        }
        while (insert.step()) {
            inserted.emplace(insert.text(0), insert.int64(1));
        }
        insert.reset();
    }
    // Answers of the responses stored now, many rows per statement.
    struct AnswerRow {
        std::int64_t seq;
        const protocol::Answer* answer;
    };
    std::vector<AnswerRow> answers;
    for (const protocol::Response& r : responses) {
        if (const auto it = inserted.find(r.id); it != inserted.end()) {
            for (const protocol::Answer& a : r.answers) {
                answers.push_back({it->second, &a});
            }
        }
    }
    InsertStatements answer_inserts(db, kInsertAnswers, kAnswerColumns, "");
    for (std::size_t first = 0, rows = 0; first < answers.size(); first += rows) {
        rows = rows_per_insert(dialect_, answers.size() - first);
        auto& insert = answer_inserts.rows(rows);
        for (std::size_t i = 0; i < rows; ++i) {
            const protocol::Answer& a = *answers[first + i].answer;
            const int p = static_cast<int>(i) * kAnswerColumns;
            insert.bind(p + 1, answers[first + i].seq)
                .bind(p + 2, a.question)
                .bind(p + 3, a.value)
                .bind(p + 4, a.choices.empty() ? std::nullopt
                                               : std::optional(protocol::join(a.choices, " ")))
                .bind(p + 5, a.text)
                .bind(p + 6, a.cant_say ? 1 : 0);
        }
        insert.run();
    }
    std::vector<protocol::Receipt> receipts;
    receipts.reserve(responses.size());
    for (const protocol::Response& r : responses) {
        receipts.push_back({r.id, inserted.contains(r.id) ? protocol::ReceiptStatus::Stored
                                                          : protocol::ReceiptStatus::Duplicate});
    }
    return receipts;
}

std::vector<protocol::Receipt> HubStore::ingest(const protocol::Batch& batch,
                                                std::int64_t received_ms) {
    auto db = lease();
    sql::Transaction tx(*db);
    lock_ingest(*db);  // inside the transaction: a failed lock is rolled back with it
    auto receipts = insert_batch(*db, batch, received_ms);
    tx.commit();
    return receipts;
}

std::vector<std::vector<protocol::Receipt>> HubStore::ingest_group(
    std::span<const BatchToStore> batches) {
    std::vector<std::vector<protocol::Receipt>> out;
    out.reserve(batches.size());
    auto db = lease();
    sql::Transaction tx(*db);
    lock_ingest(*db);  // inside the transaction: a failed lock is rolled back with it
    for (const BatchToStore& b : batches) {
        out.push_back(insert_batch(*db, *b.batch, b.received_ms));
    }
    tx.commit();
    return out;
}

std::vector<StoredResponse> HubStore::responses_page(std::int64_t after_seq, std::int64_t up_to_seq,
                                                     std::size_t limit, const StatsFilter& filter) {
    std::vector<StoredResponse> out;
    auto db = lease();
    auto stmt = db->prepare(R"sql(
        SELECT seq, id, kiosk_id, pack_id, pack_version, survey_id, stage, language, status,
               started_at_ms, finished_at_ms, boot_id, monotonic_ms, received_ms, clock_offset_ms,
               stage_source, abandoned_at, flags, corrected_finished_ms
        FROM responses r WHERE seq > ?1 AND seq <= ?2 AND )sql" +
                            filter_sql(4) + " ORDER BY seq LIMIT ?3");
    stmt.bind(1, after_seq).bind(2, up_to_seq).bind(3, static_cast<std::int64_t>(limit));
    bind_filter(stmt, filter, 4);
    std::map<std::int64_t, std::size_t> index;
    while (stmt.step()) {
        StoredResponse s;
        s.seq = stmt.int64(0);
        protocol::Response& r = s.response;
        r.id = stmt.text(1);
        r.kiosk_id = stmt.text(2);
        r.pack_id = stmt.text(3);
        r.pack_version = static_cast<int>(stmt.int64(4));
        r.survey_id = stmt.text(5);
        r.stage = stmt.text(6);
        r.language = stmt.text(7);
        r.status = stmt.text_view(8) == "abandoned" ? protocol::ResponseStatus::Abandoned
                                                    : protocol::ResponseStatus::Completed;
        r.started_at_ms = stmt.int64(9);
        r.finished_at_ms = stmt.int64(10);
        r.boot_id = stmt.text(11);
        r.monotonic_ms = stmt.int64(12);
        s.received_ms = stmt.int64(13);
        if (!stmt.is_null(14)) {
            s.clock_offset_ms = stmt.int64(14);
        }
        r.stage_source =
            protocol::stage_source_from_string(stmt.text_view(15)).value_or(r.stage_source);
        r.abandoned_at = stmt.text(16);
        r.flags = split_words(stmt.text_view(17));
        if (!stmt.is_null(18)) {
            s.corrected_finished_ms = stmt.int64(18);
        }
        index.emplace(s.seq, out.size());
        out.push_back(std::move(s));
    }
    if (out.empty()) {
        return out;
    }
    auto answers = db->prepare(
        "SELECT response_seq, question, value, choices, text, cant_say FROM answers "
        "WHERE response_seq BETWEEN ?1 AND ?2 ORDER BY response_seq");
    answers.bind(1, out.front().seq).bind(2, out.back().seq);
    while (answers.step()) {
        if (const auto it = index.find(answers.int64(0)); it != index.end()) {
            protocol::Answer a;
            a.question = answers.text(1);
            if (!answers.is_null(2)) {
                a.value = answers.int64(2);
            }
            if (!answers.is_null(3)) {
                a.choices = split_words(answers.text_view(3));
            }
            if (!answers.is_null(4)) {
                a.text = answers.text(4);
            }
            a.cant_say = answers.int64(5) != 0;
            out[it->second].response.answers.push_back(std::move(a));
        }
    }
    return out;
}

std::int64_t HubStore::max_seq() {
    auto db = lease();
    auto stmt = db->prepare("SELECT COALESCE(MAX(seq), 0) FROM responses");
    stmt.step();
    return stmt.int64(0);
}

std::int64_t HubStore::seq_after(std::int64_t after_seq, std::int64_t n,
                                 const StatsFilter& filter) {
    auto db = lease();
    auto stmt =
        db->prepare("SELECT MAX(seq) FROM (SELECT seq FROM responses r WHERE seq > ?1 AND " +
                    filter_sql(3) + " ORDER BY seq LIMIT ?2) AS page");
    stmt.bind(1, after_seq).bind(2, n);
    bind_filter(stmt, filter, 3);
    stmt.step();
    return stmt.is_null(0) ? after_seq : stmt.int64(0);
}

std::int64_t HubStore::count_responses(const StatsFilter& filter, std::int64_t up_to_seq) {
    auto db = lease();
    auto stmt =
        db->prepare("SELECT COUNT(*) FROM responses r WHERE seq <= ?1 AND " + filter_sql(2));
    stmt.bind(1, up_to_seq);
    bind_filter(stmt, filter, 2);
    stmt.step();
    return stmt.int64(0);
}

std::vector<std::string> HubStore::answered_questions() {
    auto db = lease();
    auto stmt = db->prepare("SELECT DISTINCT question FROM answers ORDER BY question");
    std::vector<std::string> out;
    while (stmt.step()) {
        out.push_back(stmt.text(0));
    }
    return out;
}

bool HubStore::store_pack(const UploadedPack& pack) {
    auto db = lease();
    auto insert = db->prepare(
        "INSERT INTO packs(pack_id, version, source, uploaded_ms, uploaded_by) "
        "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT(pack_id, version) DO NOTHING RETURNING 1");
    insert.bind(1, pack.pack_id)
        .bind(2, pack.version)
        .bind(3, pack.source)
        .bind(4, pack.uploaded_ms)
        .bind(5, pack.uploaded_by);
    const bool stored = insert.step();
    insert.run();
    return stored;
}

std::size_t HubStore::uploaded_pack_count() {
    auto db = lease();
    auto stmt = db->prepare("SELECT COUNT(*) FROM packs");
    stmt.step();
    return static_cast<std::size_t>(stmt.int64(0));
}

std::vector<UploadedPack> HubStore::uploaded_packs() {
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT pack_id, version, source, uploaded_ms, uploaded_by FROM packs "
        "ORDER BY pack_id, version");
    std::vector<UploadedPack> out;
    while (stmt.step()) {
        out.push_back({stmt.text(0), static_cast<int>(stmt.int64(1)), stmt.text(2), stmt.int64(3),
                       stmt.text(4)});
    }
    return out;
}

void HubStore::assign_pack(const PackAssignment& a) {
    auto db = lease();
    if (a.version == 0) {
        db->prepare(
              "DELETE FROM pack_assignments WHERE target_kind = ?1 AND target = ?2 AND "
              "pack_id = ?3")
            .bind(1, a.target_kind)
            .bind(2, a.target)
            .bind(3, a.pack_id)
            .run();
        return;
    }
    db->prepare(R"sql(
        INSERT INTO pack_assignments(target_kind, target, pack_id, version, assigned_ms, assigned_by)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6)
        ON CONFLICT(target_kind, target, pack_id) DO UPDATE SET version = excluded.version,
            assigned_ms = excluded.assigned_ms, assigned_by = excluded.assigned_by)sql")
        .bind(1, a.target_kind)
        .bind(2, a.target)
        .bind(3, a.pack_id)
        .bind(4, a.version)
        .bind(5, a.assigned_ms)
        .bind(6, a.assigned_by)
        .run();
}

std::vector<PackAssignment> HubStore::pack_assignments() {
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT target_kind, target, pack_id, version, assigned_ms, assigned_by "
        "FROM pack_assignments ORDER BY pack_id, target_kind, target");
    std::vector<PackAssignment> out;
    while (stmt.step()) {
        out.push_back({stmt.text(0), stmt.text(1), stmt.text(2), static_cast<int>(stmt.int64(3)),
                       stmt.int64(4), stmt.text(5)});
    }
    return out;
}

std::optional<int> HubStore::assigned_version(std::string_view kiosk_id, std::string_view pack_id) {
    auto db = lease();
    auto stmt = db->prepare(R"sql(
        SELECT a.version FROM pack_assignments a
        LEFT JOIN kiosks k ON k.kiosk_id = ?1
        WHERE a.pack_id = ?2 AND (
            (a.target_kind = 'kiosk' AND a.target = ?1) OR
            (a.target_kind = 'site' AND a.target = k.site AND k.site <> '') OR
            (a.target_kind = 'stage' AND a.target = k.stage AND k.stage <> '') OR
            a.target_kind = 'all')
        ORDER BY CASE a.target_kind WHEN 'kiosk' THEN 0 WHEN 'site' THEN 1
                                    WHEN 'stage' THEN 2 ELSE 3 END
        LIMIT 1)sql");
    stmt.bind(1, kiosk_id).bind(2, pack_id);
    if (!stmt.step()) {
        return std::nullopt;
    }
    return static_cast<int>(stmt.int64(0));
}

}  // namespace fbk::sync::hub
