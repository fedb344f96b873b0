// The hub's database (SQLite under --data-dir, or PostgreSQL). Each response id is stored at
// most once: the UNIQUE constraint decides, not memory, so retries after a lost
// acknowledgement, hub restarts and several hub threads cannot duplicate an answer.
//
// HubStore is the one door to it: each method borrows a pooled connection and runs one
// concern's SQL, kept in that concern's file (see hub_store.cpp). Failures throw sql::Error.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "sync/hub/sql/connection.h"
#include "sync/hub/store/alert_types.h"
#include "sync/hub/store/session_types.h"
#include "sync/hub/store/stats_query.h"
#include "sync/hub/store/tokens.h"
#include "sync/protocol/central_settings.h"
#include "sync/protocol/kiosk_link.h"
#include "sync/protocol/messages.h"

namespace fbk::sync::hub {

// Who is calling: a token's owner, or a person signed in with a session cookie (then kind is
// Admin, `subject` names the person for the audit log, and `session` is set).
struct TokenInfo {
    TokenKind kind = TokenKind::Kiosk;
    std::string subject;      // kiosk id, the admin token's name, or the person
    Role role = Role::Admin;  // admin tokens and sessions only
    bool session = false;
};

struct StoredResponse {
    std::int64_t seq = 0;     // hub-assigned ingest order (answers refer to it)
    std::int64_t writer = 0;  // with seq, its place in the export order (ExportPosition)
    ExportPosition position() const { return {writer, seq}; }
    protocol::Response response;
    std::int64_t received_ms = 0;
    std::optional<std::int64_t> clock_offset_ms;  // kiosk wall clock minus hub clock
    // When the patient finished, on the hub's clock: the boot's epoch (measured from a batch sent
    // in that boot) plus the response's monotonic time. Unset when that boot was never measured.
    std::optional<std::int64_t> corrected_finished_ms;
};

// The latest heartbeat of one kiosk, as the fleet view shows it.
struct KioskStatus {
    protocol::Heartbeat heartbeat;
    std::int64_t last_seen_ms = 0;     // hub clock
    std::int64_t clock_offset_ms = 0;  // kiosk wall clock minus hub clock at that heartbeat
};

// A comment's themes and sentiment as stored (analytics/text makes them; the store keeps them).
struct CommentAnalysisRow {
    std::string themes;                    // theme ids separated by spaces; "" for none
    std::optional<std::string> sentiment;  // nullopt: no lexicon for the comment's language
    std::string matches;                   // JSON [[offset, length, "theme"], ...]
    std::string lexicon;                   // the analyser's fingerprint
};

// The analysis of one comment of a batch being stored: which response (its index in the
// batch) and which question.
struct BatchComment {
    std::size_t response = 0;
    std::string question;
    CommentAnalysisRow analysis;
};

// One free-text answer, for the dashboard's comments (already redacted on the kiosk).
// How staff handle a comment (schema 11): nothing recorded yet is "new".
struct CommentState {
    std::string state = "new";  // new, seen, in_progress, done
    std::string owner_unit;
    std::string note;
    std::optional<std::int64_t> updated_ms;
    std::string updated_by;
};

struct Comment {
    std::string response_id;
    std::int64_t at_ms = 0;  // finish time, corrected where known
    std::string stage;
    std::string language;
    std::string question;
    std::string text;
    std::optional<CommentAnalysisRow> analysis;  // nullopt: not analysed yet
    CommentState handling;
};

// Which comments to list, newest first.
struct CommentQuery {
    StatsFilter filter;
    std::optional<std::string> theme;      // a theme id: comments with that theme
    std::optional<std::string> sentiment;  // comments with that sentiment
    std::optional<std::string> state;      // comments in that handling state
    std::size_t limit = 20;
};

// A comment whose analysis is missing or was made with other lexicons.
struct CommentToAnalyse {
    std::int64_t response_seq = 0;
    std::string question;
    std::string language;
    std::string text;
};

struct AnalysedComment {
    std::int64_t response_seq = 0;
    std::string question;
    CommentAnalysisRow analysis;
};

// A survey pack uploaded through the API, kept in the database so every hub serves it.
struct UploadedPack {
    std::string pack_id;
    int version = 0;
    std::string source;  // the JSON as uploaded
    std::int64_t uploaded_ms = 0;
    std::string uploaded_by;
};

// Which version of a pack a group of kiosks gets. The most specific target wins: a kiosk, then
// its site, then its stage, then "all"; without any, the newest version.
struct PackAssignment {
    std::string target_kind;  // "kiosk", "site", "stage" or "all"
    std::string target;       // empty for "all"
    std::string pack_id;
    int version = 0;
    std::int64_t assigned_ms = 0;
    std::string assigned_by;
};

// A setting an administrator set for a kiosk, a site or all (protocol/central_settings.h).
struct CentralSettingRow {
    std::string scope_kind;  // "kiosk", "site" or "all"
    std::string scope;       // empty for "all"
    std::string setting;     // the kiosk configuration's key, "timing.idle_timeout"
    std::string value;       // a PIN only as its hash
    std::int64_t set_ms = 0;
    std::string set_by;

    std::string scope_label() const;  // "all", "site:ID", "kiosk:ID"
};

// Settings of one scope changed together: a value sets, nullopt removes.
struct CentralSettingsChange {
    std::string scope_kind;
    std::string scope;
    std::map<std::string, std::optional<std::string>> values;
    std::int64_t at_ms = 0;
    std::string by;
};

// What a kiosk at `site` gets: per setting, the kiosk's own row, else its site's, else all's.
protocol::CentralSettings effective_central_settings(const std::vector<CentralSettingRow>& rows,
                                                     std::string_view kiosk_id,
                                                     std::string_view site);

// A target level for a headline figure (analytics/comparison.h). Empty site, stage or survey:
// every one.
struct Target {
    std::int64_t id = 0;
    std::string site;
    std::string stage;
    std::string survey;
    std::string metric;  // "nps_score", "csat_top2_percent", ... (question_figures.h)
    double threshold = 0;
    std::int64_t created_ms = 0;
    std::string created_by;
};

// One administrative action: who (a token's subject, or "cli"), what, and on what.
struct AuditEntry {
    std::int64_t seq = 0;  // the log's order; audit page cursors count on it
    std::int64_t at_ms = 0;
    std::string actor;
    std::string action;  // "export", "token.create", "token.revoke", ...
    std::string detail;  // never answers or tokens
};

// A page of the audit log, newest first, optionally of one actor or action and a time span.
struct AuditQuery {
    std::size_t limit = 200;
    std::optional<std::int64_t> before_seq;  // the page after the one ending at this entry
    std::optional<std::string> actor;
    std::optional<std::string> action;
    std::optional<std::int64_t> from_ms;  // inclusive
    std::optional<std::int64_t> to_ms;    // exclusive
};

struct AuditPage {
    std::vector<AuditEntry> entries;
    bool more = false;  // older entries match too
};

// Where the hub keeps its data: a SQLite file in data_dir, or a PostgreSQL database shared by
// any number of hubs.
struct StoreLocation {
    std::filesystem::path data_dir;
    std::string postgres_url;  // empty: SQLite
    // Most connections this hub opens to PostgreSQL; requests wait for a free one. Several hubs
    // must stay under the server's max_connections (100 by default). SQLite: no limit.
    std::size_t max_connections = 16;
    // Tests only: wraps every connection the store opens (sql/fault_injection.h fails the Nth
    // call through it).
    std::function<std::unique_ptr<sql::Connection>(std::unique_ptr<sql::Connection>)>
        wrap_connection{};
};

class HubStore {
  public:
    explicit HubStore(const std::filesystem::path& data_dir);
    explicit HubStore(const StoreLocation& location);
    sql::Dialect dialect() const { return dialect_; }

    // Returns the token; only its hash is stored. `role` matters for admin tokens only.
    std::string create_token(TokenKind kind, std::string_view subject, std::int64_t now_ms,
                             Role role = Role::Admin);
    // One new kiosk token per id, all in one transaction. `publish` gets the tokens (in the order
    // of `kiosk_ids`) before the commit; if it throws, no token is stored. If the commit itself
    // throws, undoing what `publish` did is the caller's part.
    void create_kiosk_tokens(
        std::span<const std::string> kiosk_ids, std::int64_t now_ms,
        const std::function<void(std::span<const std::string> tokens)>& publish);
    // Revokes every live token of that kiosk or admin; takes effect on the next request.
    // Returns how many were revoked.
    std::int64_t revoke_tokens(TokenKind kind, std::string_view subject, std::int64_t now_ms);
    std::optional<TokenInfo> authenticate(std::string_view token);

    // One transaction: every response is either stored or reported as a duplicate, and the
    // receipts are returned only after COMMIT succeeded. `comments`: the analyses of the
    // batch's comments, stored with the responses that are new.
    std::vector<protocol::Receipt> ingest(const protocol::Batch& batch, std::int64_t received_ms,
                                          std::span<const BatchComment> comments = {});
    // Several batches in one transaction (group commit): receipts per batch, all or nothing.
    struct BatchToStore {
        const protocol::Batch* batch;
        std::int64_t received_ms;
        std::span<const BatchComment> comments = {};
    };
    std::vector<std::vector<protocol::Receipt>> ingest_group(std::span<const BatchToStore> batches);

    // Responses placed after `after` and up to `up_to` in the export order, with their
    // answers. Only responses that `filter` lets through (everything by default, flagged
    // included). `up_to` comes from export_horizon(), so that the pages never change.
    std::vector<StoredResponse> responses_page(ExportPosition after, ExportPosition up_to,
                                               std::size_t limit,
                                               const StatsFilter& filter = kEverything);
    // The same into `page`, whose first rows (with their strings' and answers' storage) are
    // reused, so that an export of a million responses allocates per page, not per row.
    // Returns how many rows of `page` hold this page; rows after them are stale.
    std::size_t read_responses_page(ExportPosition after, ExportPosition up_to, std::size_t limit,
                                    const StatsFilter& filter, std::vector<StoredResponse>& page);
    // The two halves of read_responses_page, for a reader that runs them on two threads
    // (export/read_ahead.h): the page's responses without answers, then their answers.
    std::size_t read_response_rows(ExportPosition after, ExportPosition up_to, std::size_t limit,
                                   const StatsFilter& filter, std::vector<StoredResponse>& page);
    void read_answers_of(std::span<StoredResponse> page);
    // The last place in the export order that is final: no response can appear at or before
    // it any more (ExportPosition). {0, 0} when there is none.
    ExportPosition export_horizon();
    // Responses up to and including `up_to` that pass the filter.
    std::int64_t count_responses(const StatsFilter& filter, ExportPosition up_to);
    // The place of the `n`th response after `after`, up to `up_to` (or the last one if fewer
    // exist; `after` if none).
    ExportPosition position_after(ExportPosition after, std::int64_t n, ExportPosition up_to,
                                  const StatsFilter& filter = kEverything);
    std::vector<std::string> answered_questions();

    // Keeps the kiosk's latest heartbeat and learns its boot's clock (see ingest).
    void record_heartbeat(const protocol::Heartbeat& heartbeat, std::int64_t received_ms);
    std::vector<KioskStatus> fleet();

    void audit(std::string_view actor, std::string_view action, std::string_view detail,
               std::int64_t now_ms);
    AuditPage audit_log(const AuditQuery& query);

    // Counts for GET /api/v1/stats.
    std::vector<GroupTotals> group_totals(StatsGroup group, const StatsFilter& filter);
    std::vector<AnswerTally> answer_tallies(StatsGroup group, const StatsFilter& filter);
    // The same counts by cell (stats_query.h), of responses received before `received_before_ms`
    // only: what a viewer's figures are built from (store_cells.cpp).
    std::vector<CellTotals> cell_totals(const StatsFilter& filter, std::int64_t received_before_ms);
    std::vector<CellTally> cell_tallies(const StatsFilter& filter, std::int64_t received_before_ms);
    // How far responses got, for who saw a choice question (analytics/reasons.h).
    std::vector<ReachTotals> reach_totals(StatsGroup group, const StatsFilter& filter);
    std::vector<CellReach> cell_reach(const StatsFilter& filter, std::int64_t received_before_ms);
    // Analysed comments by themes and sentiment (analytics/themes.h).
    std::vector<ThemeTally> theme_tallies(StatsGroup group, const StatsFilter& filter);
    std::vector<CellThemeTally> cell_theme_tallies(const StatsFilter& filter,
                                                   std::int64_t received_before_ms);
    // Each kiosk's site, as its latest heartbeat reported it.
    std::map<std::string, std::string, std::less<>> kiosk_sites();

    // Comments, newest first, with their analysis (comments.cpp).
    std::vector<Comment> comments(const CommentQuery& query);
    // Comments after `after_seq` (in ingest order) not analysed with `lexicon`, up to `limit`.
    std::vector<CommentToAnalyse> comments_to_analyse(std::string_view lexicon,
                                                      std::int64_t after_seq, std::size_t limit);
    // Replaces the analyses of these comments, in one transaction.
    void store_comment_analyses(std::span<const AnalysedComment> analysed);
    // Comments whose analysis is missing or not made with `lexicon`.
    std::int64_t count_stale_comments(std::string_view lexicon);
    // Records how staff handle the comment answering `question` of that response; false when
    // there is no such comment (comment_states.cpp).
    bool set_comment_state(std::string_view response_id, std::string_view question,
                           const CommentState& state);
    // Comments not yet done, per stage, for /metrics.
    std::map<std::string, std::int64_t> unhandled_comments_by_stage();

    // False (and nothing stored) when that id and version exist already; the caller compares.
    bool store_pack(const UploadedPack& pack);
    std::vector<UploadedPack> uploaded_packs();
    std::size_t uploaded_pack_count();
    // Replaces the assignment of that pack to that target; version 0 removes it.
    void assign_pack(const PackAssignment& assignment);
    std::vector<PackAssignment> pack_assignments();
    // The version assigned to this kiosk (by id, its reported site and stage, or all).
    std::optional<int> assigned_version(std::string_view kiosk_id, std::string_view pack_id);

    // Settings managed for kiosks (central_settings.cpp), in one transaction per change; every
    // row, "all" first, then sites, then kiosks.
    void set_central_settings(const CentralSettingsChange& change);
    std::vector<CentralSettingRow> central_settings();

    // Targets (targets.cpp): the new target's id; all of them by id; false when none had it.
    std::int64_t add_target(const Target& target);
    std::vector<Target> targets();
    bool delete_target(std::int64_t id);

    // Alerts (alerts.cpp). Rules: the new rule's id; the live ones (or all); deleting one marks
    // it deleted and cancels its events' pending deliveries (false: no live rule has that id).
    std::int64_t add_alert_rule(const AlertRule& rule);
    std::vector<AlertRule> alert_rules(bool include_deleted = false);
    bool delete_alert_rule(std::int64_t id, std::int64_t now_ms);
    // Moves a rule's comment cursor forward (never back: two hubs may evaluate it at once).
    void set_comment_cursor(std::int64_t rule_id, ExportPosition position);
    // Comments of responses placed after `after` up to the export horizon, in export order,
    // every comment of a response in one page, about `limit` comments a page.
    std::vector<NewComment> comments_after(ExportPosition after, std::size_t limit);
    // The event and one pending delivery per channel, in one transaction; false (nothing
    // stored) when an event with that dedupe key exists, from this hub or another.
    bool record_alert_event(const AlertEvent& event, int channels);
    // Pending deliveries due by now that no hub holds, leased to this one until now + lease.
    std::vector<DueDelivery> claim_deliveries(std::int64_t now_ms, std::int64_t lease_ms,
                                              std::size_t limit);
    // Records an attempt and what it means for the delivery, and lets its lease go.
    void finish_delivery(std::int64_t event_id, int channel, const DeliveryOutcome& outcome,
                         std::int64_t now_ms);
    std::vector<DeliveryRecord> alert_deliveries(std::size_t limit);

    // Sessions of people signed in (sessions.cpp), by the hash of their id. A live session is
    // one not ended, not past its end, and used within its idle time; finding it counts as a
    // use. end_session: false when it had ended already or never existed.
    void create_session(const SessionRecord& session);
    std::optional<SessionRecord> live_session(std::string_view id_hash, std::int64_t now_ms);
    bool end_session(std::string_view id_hash, std::int64_t now_ms);
    // Ends every live session of the person with that provider subject ("sub"), on every hub:
    // someone who left, or whose groups changed, need not wait for their sessions to end.
    std::int64_t end_sessions_of(std::string_view subject, std::int64_t now_ms);
    // A sign-in waiting for the provider's callback; taken (and removed) once.
    void save_signin_attempt(std::string_view state_hash, const SigninAttempt& attempt);
    std::optional<SigninAttempt> take_signin_attempt(std::string_view state_hash);

  private:
    class Lease;
    Lease lease();
    // Questions answered by the responses the group stored (receipts say which) that this
    // store has not recorded in answered_questions yet.
    std::vector<std::string> unrecorded_questions(
        std::span<const BatchToStore> batches,
        const std::vector<std::vector<protocol::Receipt>>& receipts);

    StoreLocation location_;
    sql::Dialect dialect_;
    std::mutex pool_mutex_;
    std::condition_variable pool_freed_;
    std::size_t open_connections_ = 0;
    std::vector<std::unique_ptr<sql::Connection>> idle_;
    // Questions known to be in answered_questions (committed), so that ingest writes a
    // question once per hub process, not once per batch.
    std::mutex questions_mutex_;
    std::set<std::string, std::less<>> recorded_questions_;
};

}  // namespace fbk::sync::hub
