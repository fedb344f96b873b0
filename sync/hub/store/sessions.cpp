// Sessions and sign-ins under way (schema 13). Every hub on the same database sees the same
// sessions, so signing out on one ends the session on all of them.
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"

namespace fbk::sync::hub {

namespace {

// How long an ended or expired session stays for the record, and a sign-in may wait for its
// callback before it is cleared away.
constexpr std::int64_t kKeepEndedMs = 24LL * 3600 * 1000;
constexpr std::int64_t kKeepAttemptsMs = 3600LL * 1000;
// A session's last use is written at most this often: a dashboard's burst of requests costs
// one write, not one each.
constexpr std::int64_t kTouchEveryMs = 30'000;

}  // namespace

void HubStore::create_session(const SessionRecord& s) {
    auto db = lease();
    sql::Transaction tx(*db);
    db->prepare("DELETE FROM sessions WHERE expires_ms < ?1 OR ended_ms < ?1")
        .bind(1, s.created_ms - kKeepEndedMs)
        .run();
    db->prepare(
          "INSERT INTO sessions(id_hash, subject, issuer, name, email, role, created_ms, "
          "last_seen_ms, idle_ms, expires_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, ?8, ?9)")
        .bind(1, s.id_hash)
        .bind(2, s.subject)
        .bind(3, s.issuer)
        .bind(4, s.name)
        .bind(5, s.email)
        .bind(6, to_string(s.role))
        .bind(7, s.created_ms)
        .bind(8, s.idle_ms)
        .bind(9, s.expires_ms)
        .run();
    tx.commit();
}

std::optional<SessionRecord> HubStore::live_session(std::string_view id_hash, std::int64_t now_ms) {
    auto db = lease();
    auto find = db->prepare(
        "SELECT subject, issuer, name, email, role, created_ms, last_seen_ms, idle_ms, "
        "expires_ms FROM sessions WHERE id_hash = ?1 AND ended_ms IS NULL AND expires_ms > ?2 "
        "AND last_seen_ms + idle_ms > ?2");
    find.bind(1, id_hash).bind(2, now_ms);
    if (!find.step()) {
        return std::nullopt;
    }
    SessionRecord s{
        std::string(id_hash), find.text(0),
        find.text(1),         find.text(2),
        find.text(3),         role_from_string(find.text_view(4)).value_or(Role::Viewer),
        find.int64(5),        find.int64(6),
        find.int64(7),        find.int64(8)};
    find.reset();
    if (now_ms - s.last_seen_ms >= kTouchEveryMs) {
        db->prepare(
              "UPDATE sessions SET last_seen_ms = ?2 WHERE id_hash = ?1 AND last_seen_ms < ?2")
            .bind(1, id_hash)
            .bind(2, now_ms)
            .run();
        s.last_seen_ms = now_ms;
    }
    return s;
}

bool HubStore::end_session(std::string_view id_hash, std::int64_t now_ms) {
    auto db = lease();
    auto end = db->prepare(
        "UPDATE sessions SET ended_ms = ?2 WHERE id_hash = ?1 AND ended_ms IS NULL RETURNING 1");
    end.bind(1, id_hash).bind(2, now_ms);
    return end.step();
}

std::int64_t HubStore::end_sessions_of(std::string_view subject, std::int64_t now_ms) {
    auto db = lease();
    auto end = db->prepare(
        "UPDATE sessions SET ended_ms = ?2 WHERE subject = ?1 AND ended_ms IS NULL AND "
        "expires_ms > ?2 RETURNING 1");
    end.bind(1, subject).bind(2, now_ms);
    std::int64_t ended = 0;
    while (end.step()) {
        ++ended;
    }
    return ended;
}

void HubStore::save_signin_attempt(std::string_view state_hash, const SigninAttempt& attempt) {
    auto db = lease();
    sql::Transaction tx(*db);
    db->prepare("DELETE FROM signin_attempts WHERE created_ms < ?1")
        .bind(1, attempt.created_ms - kKeepAttemptsMs)
        .run();
    db->prepare(
          "INSERT INTO signin_attempts(state_hash, nonce, code_verifier, created_ms) VALUES (?1, "
          "?2, ?3, ?4)")
        .bind(1, state_hash)
        .bind(2, attempt.nonce)
        .bind(3, attempt.code_verifier)
        .bind(4, attempt.created_ms)
        .run();
    tx.commit();
}

std::optional<SigninAttempt> HubStore::take_signin_attempt(std::string_view state_hash) {
    auto db = lease();
    auto take = db->prepare(
        "DELETE FROM signin_attempts WHERE state_hash = ?1 RETURNING nonce, code_verifier, "
        "created_ms");
    take.bind(1, state_hash);
    if (!take.step()) {
        return std::nullopt;
    }
    SigninAttempt a{take.text(0), take.text(1), take.int64(2)};
    take.run();  // to the end, so the DELETE completes before the statement is put back
    return a;
}

}  // namespace fbk::sync::hub
