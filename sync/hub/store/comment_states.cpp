// How staff handle comments (schema 11): the state each comment is in, its owner unit and a
// staff note, and the counts of those not done yet for /metrics. The comment itself (the
// patient's answer) is never touched.
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"

namespace fbk::sync::hub {

namespace {

constexpr std::string_view kCommentsWithText =
    "FROM responses r JOIN answers a ON a.response_seq = r.seq "
    "LEFT JOIN comment_states s ON s.response_seq = a.response_seq AND s.question = a.question "
    "WHERE a.text IS NOT NULL AND a.text <> ''";

}  // namespace

bool HubStore::set_comment_state(std::string_view response_id, std::string_view question,
                                 const CommentState& state) {
    auto db = lease();
    sql::Transaction tx(*db);
    auto find = db->prepare("SELECT a.response_seq " + std::string(kCommentsWithText) +
                            " AND r.id = ?1 AND a.question = ?2");
    find.bind(1, response_id).bind(2, question);
    if (!find.step()) {
        return false;
    }
    const std::int64_t seq = find.int64(0);
    find.reset();
    db->prepare(R"sql(
        INSERT INTO comment_states(response_seq, question, state, owner_unit, note, updated_ms,
                                   updated_by)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
        ON CONFLICT (response_seq, question) DO UPDATE SET state = excluded.state,
            owner_unit = excluded.owner_unit, note = excluded.note,
            updated_ms = excluded.updated_ms, updated_by = excluded.updated_by)sql")
        .bind(1, seq)
        .bind(2, question)
        .bind(3, state.state)
        .bind(4, state.owner_unit)
        .bind(5, state.note)
        .bind(6, state.updated_ms.value_or(0))
        .bind(7, state.updated_by)
        .run();
    tx.commit();
    return true;
}

std::map<std::string, std::int64_t> HubStore::unhandled_comments_by_stage() {
    auto db = lease();
    auto stmt = db->prepare("SELECT r.stage, COUNT(*) " + std::string(kCommentsWithText) +
                            " AND COALESCE(s.state, 'new') <> 'done' GROUP BY r.stage");
    std::map<std::string, std::int64_t> out;
    while (stmt.step()) {
        out[stmt.text(0)] = stmt.int64(1);
    }
    return out;
}

}  // namespace fbk::sync::hub
