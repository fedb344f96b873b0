// The schema's one description: every table of schema kSchemaVersion with its columns, in
// creation order (a REFERENCES comes after its table). The PostgreSQL schema and the SQLite
// steps that add whole tables are made from it (schema.cpp); tests/e2e/test_schema_equivalence
// compares both databases with it.
#include "sync/hub/store/schema.h"

#include <stdexcept>

namespace fbk::sync::hub {

namespace {

using enum ColumnType;

ColumnSpec required(std::string_view name, ColumnType type, std::string_view default_sql = {},
                    std::string_view constraint = {}) {
    return {name, type, false, default_sql, constraint};
}

ColumnSpec nullable(std::string_view name, ColumnType type) {
    return {name, type, true, {}, {}};
}

// Responses, answers, tokens, the fleet, the audit log and packs.
std::vector<TableSpec> core_tables() {
    return {

        {"tokens",
         {required("hash", Text), required("kind", Text, {}, "CHECK (kind IN ('kiosk', 'admin'))"),
          required("subject", Text), required("created_ms", Integer),
          nullable("revoked_ms", Integer), required("role", Text, "'admin'")},
         {"hash"}},
        {"responses",
         {required("seq", Sequence), required("id", Text, {}, "UNIQUE"), required("kiosk_id", Text),
          required("pack_id", Text), required("pack_version", Integer), required("survey_id", Text),
          required("stage", Text), required("language", Text), required("status", Text),
          required("started_at_ms", Integer), required("finished_at_ms", Integer),
          required("boot_id", Text), required("monotonic_ms", Integer),
          required("received_ms", Integer), nullable("clock_offset_ms", Integer),
          required("stage_source", Text, "'config'"), required("abandoned_at", Text, "''"),
          required("flags", Text, "''"), nullable("corrected_finished_ms", Integer),
          // Schema 15: the transaction that stored it, for the export order
          // (export_position.h); 0 on SQLite and for rows stored before.
          required("writer_xid", Integer, "0")},
         {}},
        {"answers",
         {required("response_seq", Integer, {}, "REFERENCES responses(seq)"),
          required("question", Text), nullable("value", Integer), nullable("choices", Text),
          nullable("text", Text), required("cant_say", Integer, "0")},
         {"response_seq", "question"},
         true},
        // Schema 16: every question with a stored answer, kept by ingest, so that an export's
        // columns need not scan every answer (SELECT DISTINCT took 0.6 s for 2 million).
        {"answered_questions", {required("question", Text)}, {"question"}, true},
        {"boots",
         {required("kiosk_id", Text), required("boot_id", Text), required("epoch_ms", Integer)},
         {"kiosk_id", "boot_id"},
         true},
        {"kiosks",
         {required("kiosk_id", Text), required("last_seen_ms", Integer),
          required("clock_offset_ms", Integer), required("heartbeat", Text),
          required("site", Text, "''"), required("stage", Text, "''")},
         {"kiosk_id"},
         true},
        {"audit",
         {required("seq", Sequence), required("at_ms", Integer), required("actor", Text),
          required("action", Text), required("detail", Text)},
         {}},
        {"packs",
         {required("pack_id", Text), required("version", Integer), required("source", Text),
          required("uploaded_ms", Integer), required("uploaded_by", Text)},
         {"pack_id", "version"}},
        {"pack_assignments",
         {required("target_kind", Text, {},
                   "CHECK (target_kind IN ('kiosk', 'site', 'stage', 'all'))"),
          required("target", Text), required("pack_id", Text), required("version", Integer),
          required("assigned_ms", Integer), required("assigned_by", Text)},
         {"target_kind", "target", "pack_id"}},
    };
}

// What is made from the answers and how staff use it: comment analyses, targets, comment states.
std::vector<TableSpec> insight_tables() {
    return {
        // themes: theme ids separated by spaces, in the taxonomy's order ('' for none);
        // sentiment NULL when no lexicon knows the comment's language; matches: the words that
        // gave each theme, JSON [[offset, length, theme], ...]; lexicon: the fingerprint of the
        // lexicons and rules used, so stale rows can be found.
        {"comment_analyses",
         {required("response_seq", Integer, {}, "REFERENCES responses(seq)"),
          required("question", Text), required("themes", Text), nullable("sentiment", Text),
          required("matches", Text), required("lexicon", Text)},
         {"response_seq", "question"},
         true},
        // site, stage, survey: '' for all; metric: a headline's name (question_figures.h);
        // threshold in thousandths, the lowest acceptable value.
        {"targets",
         {required("id", Sequence), required("site", Text, "''"), required("stage", Text, "''"),
          required("survey", Text, "''"), required("metric", Text),
          required("threshold_milli", Integer), required("created_ms", Integer),
          required("created_by", Text)},
         {}},
        // state: new, seen, in_progress or done; owner_unit and note: staff's words, never
        // shown to viewers or written to logs.
        {"comment_states",
         {required("response_seq", Integer, {}, "REFERENCES responses(seq)"),
          required("question", Text),
          required("state", Text, {}, "CHECK (state IN ('new', 'seen', 'in_progress', 'done'))"),
          required("owner_unit", Text, "''"), required("note", Text, "''"),
          required("updated_ms", Integer), required("updated_by", Text)},
         {"response_seq", "question"},
         true},
    };
}

// Alerts: rules, their events and the outbox of deliveries with every attempt.
std::vector<TableSpec> alert_tables() {
    return {
        // kind: negative_spike, comment_match, kiosk_alarm, kiosk_silent or target_missed;
        // stage, kiosk: '' for all;
        // params and channels: JSON (alerts/rules.h); deleted_ms: set when an admin deletes it
        // (its events' pending deliveries are cancelled); comment_cursor (seq) and, since
        // schema 15, comment_cursor_writer: the place in the export order (export_position.h)
        // of the last response a comment_match rule has looked at.
        {"alert_rules",
         {required("id", Sequence),
          required("kind", Text, {},
                   "CHECK (kind IN ('negative_spike', 'comment_match', 'kiosk_alarm', "
                   "'kiosk_silent', 'target_missed'))"),
          required("stage", Text, "''"), required("kiosk", Text, "''"),
          required("params", Text, "'{}'"), required("channels", Text, "'[]'"),
          required("created_ms", Integer), required("created_by", Text),
          nullable("deleted_ms", Integer), required("comment_cursor", Integer, "0"),
          required("comment_cursor_writer", Integer, "0")},
         {}},
        {"alert_events",
         {required("id", Sequence), required("rule_id", Integer, {}, "REFERENCES alert_rules(id)"),
          required("dedupe", Text, {}, "UNIQUE"), required("created_ms", Integer),
          required("payload", Text)},
         {}},
        // lease_until: a hub working on it until then (others skip it); last_result: the
        // latest attempt's outcome ("HTTP 500", "connection refused", ...).
        {"alert_deliveries",
         {required("event_id", Integer, {}, "REFERENCES alert_events(id)"),
          required("channel", Integer),
          required("state", Text, {},
                   "CHECK (state IN ('pending', 'delivered', 'failed', 'cancelled'))"),
          required("attempts", Integer, "0"), required("next_attempt_ms", Integer),
          required("lease_until", Integer, "0"), required("last_result", Text, "''"),
          nullable("delivered_ms", Integer)},
         {"event_id", "channel"},
         true},
        {"alert_attempts",
         {required("event_id", Integer), required("channel", Integer), required("attempt", Integer),
          required("at_ms", Integer), required("result", Text)},
         {"event_id", "channel", "attempt"},
         true},
    };
}

// Sign-in (signin/, store/sessions.cpp): people's sessions and the sign-ins under way. Only
// hashes of session ids and states are kept, so a copy of the database signs nobody in.
std::vector<TableSpec> signin_tables() {
    return {
        // id_hash: SHA-256 of the cookie's session id; subject, issuer: the provider's "sub"
        // and "iss"; name, email: as the provider said, for the audit log; role: from the
        // person's groups at sign-in; idle_ms: how long it may go unused; expires_ms: when it
        // ends however busy; ended_ms: signed out.
        {"sessions",
         {required("id_hash", Text), required("subject", Text), required("issuer", Text),
          required("name", Text, "''"), required("email", Text, "''"),
          required("role", Text, {}, "CHECK (role IN ('viewer', 'analyst', 'admin'))"),
          required("created_ms", Integer), required("last_seen_ms", Integer),
          required("idle_ms", Integer), required("expires_ms", Integer),
          nullable("ended_ms", Integer)},
         {"id_hash"},
         true},
        // A sign-in between the redirect to the provider and its callback: state_hash keys it
        // (the state itself is in the browser's cookie and the callback's query), nonce and
        // code_verifier are what the callback must match. Taken once.
        {"signin_attempts",
         {required("state_hash", Text), required("nonce", Text), required("code_verifier", Text),
          required("created_ms", Integer)},
         {"state_hash"},
         true},
    };
}

// Settings administrators manage for kiosks (store/central_settings.cpp): one row per scope and
// setting. scope_kind 'all' has scope ''; setting is the kiosk configuration's key
// ("timing.idle_timeout"); value is as the kiosk's file would hold it (a PIN only as its hash).
std::vector<TableSpec> kiosk_settings_tables() {
    return {
        {"central_settings",
         {required("scope_kind", Text, {}, "CHECK (scope_kind IN ('kiosk', 'site', 'all'))"),
          required("scope", Text), required("setting", Text), required("value", Text),
          required("set_ms", Integer), required("set_by", Text)},
         {"scope_kind", "scope", "setting"},
         true},
    };
}

}  // namespace

const std::vector<TableSpec>& schema_tables() {
    static const std::vector<TableSpec> tables = [] {
        std::vector<TableSpec> all = core_tables();
        for (auto group :
             {insight_tables(), alert_tables(), signin_tables(), kiosk_settings_tables()}) {
            all.insert(all.end(), group.begin(), group.end());
        }
        return all;
    }();
    return tables;
}

const TableSpec& table_spec(std::string_view name) {
    for (const TableSpec& t : schema_tables()) {
        if (t.name == name) {
            return t;
        }
    }
    throw std::logic_error("no table " + std::string(name) + " in the schema description");
}

}  // namespace fbk::sync::hub
