// The audit log: who did what, when. Written by every administrative action and every read of
// individual data; read a page at a time, newest first, so that no number of later entries
// can push an action out of reach.
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"

namespace fbk::sync::hub {

void HubStore::audit(std::string_view actor, std::string_view action, std::string_view detail,
                     std::int64_t now_ms) {
    auto db = lease();
    db->prepare("INSERT INTO audit(at_ms, actor, action, detail) VALUES (?1, ?2, ?3, ?4)")
        .bind(1, now_ms)
        .bind(2, actor)
        .bind(3, action)
        .bind(4, detail)
        .run();
}

AuditPage HubStore::audit_log(const AuditQuery& q) {
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT seq, at_ms, actor, action, detail FROM audit "
        "WHERE (?1 IS NULL OR seq < ?1) AND (?2 IS NULL OR actor = ?2) AND "
        "(?3 IS NULL OR action = ?3) AND (?4 IS NULL OR at_ms >= ?4) AND "
        "(?5 IS NULL OR at_ms < ?5) ORDER BY seq DESC LIMIT ?6");
    // One more than asked for tells whether another page follows.
    stmt.bind(1, q.before_seq)
        .bind(2, q.actor)
        .bind(3, q.action)
        .bind(4, q.from_ms)
        .bind(5, q.to_ms)
        .bind(6, static_cast<std::int64_t>(q.limit + 1));
    AuditPage page;
    while (stmt.step()) {
        if (page.entries.size() == q.limit) {
            page.more = true;
            break;
        }
        page.entries.push_back(
            {stmt.int64(0), stmt.int64(1), stmt.text(2), stmt.text(3), stmt.text(4)});
    }
    return page;
}

}  // namespace fbk::sync::hub
