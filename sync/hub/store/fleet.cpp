// The fleet view: each kiosk's latest heartbeat, its site and stage, and its clock.
#include "sync/hub/store/boots.h"
#include "sync/hub/store/clock_correction.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"

namespace fbk::sync::hub {

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
        .bind(3, clock_offset(h.sent_at_ms, received_ms))
        .bind(4, protocol::serialize(h))
        .bind(5, h.site)
        .bind(6, h.stage)
        .run();
    tx.commit();
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

}  // namespace fbk::sync::hub
