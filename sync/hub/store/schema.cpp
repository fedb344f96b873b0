// The schema: the PostgreSQL schema made from its description (schema_tables.cpp), and the
// SQLite migrations that bring a file up to it (every step since schema 1 stays as it was,
// for the files it upgrades; a new SQLite file takes the same steps).
#include "sync/hub/store/schema.h"

#include <iterator>
#include <span>
#include <stdexcept>

namespace fbk::sync::hub {

namespace {

using enum ColumnType;

// Any constant, the same in every hub process: several hubs may start together, and the
// advisory lock lets one create or upgrade the schema while the others wait.
constexpr std::string_view kSchemaLock = "SELECT pg_advisory_xact_lock(7301001)";

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

// Schema 9, both databases: each comment's themes and sentiment (analytics/text), made when the
// response is stored and again by `feedback-hub analyse-comments` when the lexicons change.
// Derived data only: the answers themselves are never touched. Created from the description.
constexpr std::string_view kCommentAnalyses = "comment_analyses";

// Schema 10, both databases: the targets administrators set per site, stage, survey and
// measure (analytics/comparison.h judges them). Created from the description.
constexpr std::string_view kTargets = "targets";

// Schema 11, both databases: how staff handle each comment (new, seen, in progress, done),
// its owner unit and a staff note. A comment without a row is new. Created from the description.
constexpr std::string_view kCommentStates = "comment_states";

// Schema 12, both databases: alert rules, the events they raised (each once: the dedupe key is
// unique, whichever hub saw it first), and the outbox of deliveries with every attempt, so that
// delivery survives a restart and several hubs deliver each event once. Created from the
// description.
constexpr std::string_view kAlertTables[] = {"alert_rules", "alert_events", "alert_deliveries",
                                             "alert_attempts"};

// Schema 13, both databases: people's sessions and sign-ins under way (OpenID Connect).
// Created from the description.
constexpr std::string_view kSigninTables[] = {"sessions", "signin_attempts"};

// Schema 14, both databases: settings administrators manage for kiosks, sites or all.
// Created from the description.
constexpr std::string_view kCentralSettings = "central_settings";

// Schema 15, both databases: each response's writer and each comment rule's cursor as a place
// in the export order (export_position.h), so that hubs on one PostgreSQL database store at
// once without a lock and exports still never skip a response. Rows stored before keep writer
// 0, which places them before every later one, in seq order as they were exported.
// A database older than schema 12 gets alert_rules from the description, with the column,
// in the same migration: only an older alert_rules needs it added.
constexpr std::string_view kAddResponseWriter =
    "ALTER TABLE responses ADD COLUMN writer_xid BIGINT NOT NULL DEFAULT 0";
constexpr std::string_view kAddRuleCursorWriter =
    "ALTER TABLE alert_rules ADD COLUMN comment_cursor_writer BIGINT NOT NULL DEFAULT 0";
constexpr std::string_view kAddResponseWriterSqlite =
    "ALTER TABLE responses ADD COLUMN writer_xid INTEGER NOT NULL DEFAULT 0";
constexpr std::string_view kAddRuleCursorWriterSqlite =
    "ALTER TABLE alert_rules ADD COLUMN comment_cursor_writer INTEGER NOT NULL DEFAULT 0";
// Schema 16, both databases: the answered questions, from the answers stored before.
constexpr std::string_view kAnsweredQuestions = "answered_questions";
constexpr std::string_view kFillAnsweredQuestions =
    "INSERT INTO answered_questions(question) SELECT DISTINCT question FROM answers";
// PostgreSQL only: exports read in (writer_xid, seq) order. SQLite reads by seq, its rowid.
constexpr std::string_view kExportOrderIndex =
    "CREATE INDEX responses_export_order ON responses(writer_xid, seq)";

// Schema 17, PostgreSQL only: every text column compares in byte order (COLLATE "C"), as
// SQLite's do. Ids, question names and codes are ASCII or opaque, so byte order is right for
// them, and lists and statistics grouped by a text column come out in one order on both
// databases, whatever locale the PostgreSQL cluster was created with. It is also cheaper: the
// database's locale collation calls strcoll for every comparison in the unique index on
// response ids and the answers' key. The change keeps every row as it is (no table rewrite;
// the indexes on those columns are rebuilt). SQLite's step 17 has nothing to do.
void text_in_byte_order(sql::Connection& db) {
    for (const TableSpec& table : schema_tables()) {
        std::string alter;
        for (const ColumnSpec& column : table.columns) {
            if (column.type == ColumnType::Text) {
                alter += std::string(alter.empty() ? "" : ", ") + "ALTER COLUMN " +
                         std::string(column.name) + " TYPE TEXT COLLATE \"C\"";
            }
        }
        if (!alter.empty()) {
            db.exec("ALTER TABLE " + std::string(table.name) + " " + alter);
        }
    }
}

[[noreturn]] void newer_schema(std::int64_t version) {
    throw sql::Error("hub database schema " + std::to_string(version) +
                         " is newer than this hub (" + std::to_string(kSchemaVersion) + ")",
                     false);
}

// Every table in one go for a new database; the upgrade steps since schema 7 for one
// created by an older hub (PostgreSQL support began at schema 6).
void migrate_postgres(sql::Connection& db) {
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
        for (const TableSpec& table : schema_tables()) {
            db.exec(create_table_sql(table, sql::Dialect::Postgres));
        }
        db.exec(kExportOrderIndex);
        db.exec("INSERT INTO schema_version(version) VALUES (" + std::to_string(kSchemaVersion) +
                ")");
    } else {
        if (version < 7) {
            db.exec(kAddKioskSite);
        }
        if (version < 8) {
            db.exec(kAddPacks);
        }
        if (version < 9) {
            db.exec(create_table_sql(table_spec(kCommentAnalyses), sql::Dialect::Postgres));
        }
        if (version < 10) {
            db.exec(create_table_sql(table_spec(kTargets), sql::Dialect::Postgres));
        }
        if (version < 11) {
            db.exec(create_table_sql(table_spec(kCommentStates), sql::Dialect::Postgres));
        }
        if (version < 12) {
            for (const std::string_view table : kAlertTables) {
                db.exec(create_table_sql(table_spec(table), sql::Dialect::Postgres));
            }
        }
        if (version < 13) {
            for (const std::string_view table : kSigninTables) {
                db.exec(create_table_sql(table_spec(table), sql::Dialect::Postgres));
            }
        }
        if (version < 14) {
            db.exec(create_table_sql(table_spec(kCentralSettings), sql::Dialect::Postgres));
        }
        if (version < 15) {
            db.exec(kAddResponseWriter);
            if (version >= 12) {
                db.exec(kAddRuleCursorWriter);
            }
            db.exec(kExportOrderIndex);
        }
        if (version < 16) {
            db.exec(create_table_sql(table_spec(kAnsweredQuestions), sql::Dialect::Postgres));
            db.exec(kFillAnsweredQuestions);
        }
        if (version < 17) {
            text_in_byte_order(db);
        }
    }
    db.prepare("UPDATE schema_version SET version = ?1").bind(1, kSchemaVersion).run();
    tx.commit();
}

// The SQLite migrations, in order: step N brings a file of schema N-1 to N, keeping what is
// stored. A new file takes every step. A step that adds a table names it, and the table is
// created from the description before the step's SQL runs.
struct SqliteStep {
    std::int64_t version;
    std::string_view sql;
    std::string_view create_table = {};
    std::span<const std::string_view> create_tables = {};
};

constexpr SqliteStep kSqliteSteps[] = {
    {1, R"sql(
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
        )sql"},
    // Every question type: answers carry a value, choices, text or "can't say".
    {2, R"sql(
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
        )sql"},
    // Clock correction: when each kiosk boot's monotonic clock read zero, on the hub's clock.
    {3, R"sql(
            CREATE TABLE boots (
                kiosk_id  TEXT NOT NULL,
                boot_id   TEXT NOT NULL,
                epoch_ms  INTEGER NOT NULL,
                PRIMARY KEY (kiosk_id, boot_id)
            ) WITHOUT ROWID;
            ALTER TABLE responses ADD COLUMN corrected_finished_ms INTEGER;
        )sql"},
    // The fleet view: each kiosk's latest heartbeat.
    {4, R"sql(
            CREATE TABLE kiosks (
                kiosk_id         TEXT PRIMARY KEY,
                last_seen_ms     INTEGER NOT NULL,
                clock_offset_ms  INTEGER NOT NULL,
                heartbeat        TEXT NOT NULL
            ) WITHOUT ROWID;
        )sql"},
    // Roles for admin tokens; the ones made before roles existed keep full rights.
    {5, "ALTER TABLE tokens ADD COLUMN role TEXT NOT NULL DEFAULT 'admin'"},
    {6, R"sql(
            CREATE TABLE audit (
                seq     INTEGER PRIMARY KEY AUTOINCREMENT,
                at_ms   INTEGER NOT NULL,
                actor   TEXT NOT NULL,
                action  TEXT NOT NULL,
                detail  TEXT NOT NULL
            );
        )sql"},
    {7, kAddKioskSite},
    {8, kAddPacks},
    {9, {}, kCommentAnalyses},
    {10, {}, kTargets},
    {11, {}, kCommentStates},
    {12, {}, {}, kAlertTables},
    {13, {}, {}, kSigninTables},
    {14, {}, kCentralSettings},
    {15, kAddResponseWriterSqlite},
    {16, kFillAnsweredQuestions, kAnsweredQuestions},
    {17, {}},  // PostgreSQL's text columns in byte order; SQLite's already compare so
};
static_assert(std::size(kSqliteSteps) == kSchemaVersion, "one SQLite step per schema version");

void migrate_sqlite(sql::Connection& db) {
    sql::Transaction tx(db);
    auto read_version = db.prepare("PRAGMA user_version");
    read_version.step();
    const std::int64_t version = read_version.int64(0);
    read_version.reset();
    if (version > kSchemaVersion) {
        newer_schema(version);
    }
    for (const SqliteStep& step : kSqliteSteps) {
        if (version < step.version) {
            if (!step.create_table.empty()) {
                db.exec(create_table_sql(table_spec(step.create_table), sql::Dialect::Sqlite));
            }
            if (!step.sql.empty()) {
                db.exec(step.sql);
            }
            for (const std::string_view table : step.create_tables) {
                db.exec(create_table_sql(table_spec(table), sql::Dialect::Sqlite));
            }
        }
    }
    if (version >= 12 && version < 15) {
        db.exec(kAddRuleCursorWriterSqlite);
    }
    db.exec("PRAGMA user_version = " + std::to_string(kSchemaVersion));
    tx.commit();
}

std::string column_type_sql(ColumnType type, sql::Dialect dialect) {
    const bool pg = dialect == sql::Dialect::Postgres;
    switch (type) {
        case Integer:
            return pg ? "BIGINT" : "INTEGER";
        case Text:
            return pg ? "TEXT COLLATE \"C\"" : "TEXT";
        case Sequence:
            return pg ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT";
    }
    return "TEXT";
}

}  // namespace

std::string create_table_sql(const TableSpec& table, sql::Dialect dialect) {
    std::string out = "CREATE TABLE " + std::string(table.name) + " (";
    const char* separator = "\n    ";
    for (const ColumnSpec& c : table.columns) {
        out += separator + std::string(c.name) + " " + column_type_sql(c.type, dialect);
        if (!c.nullable && c.type != Sequence) {
            out += " NOT NULL";
        }
        if (!c.default_sql.empty()) {
            out += " DEFAULT " + std::string(c.default_sql);
        }
        if (!c.constraint.empty()) {
            out += " " + std::string(c.constraint);
        }
        separator = ",\n    ";
    }
    if (!table.primary_key.empty()) {
        out += std::string(separator) + "PRIMARY KEY (";
        for (std::size_t i = 0; i < table.primary_key.size(); ++i) {
            out += (i == 0 ? "" : ", ") + std::string(table.primary_key[i]);
        }
        out += ")";
    }
    out += "\n)";
    if (table.without_rowid && dialect == sql::Dialect::Sqlite) {
        out += " WITHOUT ROWID";
    }
    return out;
}

void migrate(sql::Connection& db) {
    db.dialect() == sql::Dialect::Sqlite ? migrate_sqlite(db) : migrate_postgres(db);
}

}  // namespace fbk::sync::hub
