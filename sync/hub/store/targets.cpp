// The targets administrators set (schema 10). Thresholds are kept in thousandths, so that a
// target reads back exactly as it was set in either database.
#include <cmath>

#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"

namespace fbk::sync::hub {

std::int64_t HubStore::add_target(const Target& t) {
    auto db = lease();
    auto insert = db->prepare(
        "INSERT INTO targets(site, stage, survey, metric, threshold_milli, created_ms, "
        "created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id");
    insert.bind(1, t.site)
        .bind(2, t.stage)
        .bind(3, t.survey)
        .bind(4, t.metric)
        .bind(5, static_cast<std::int64_t>(std::llround(t.threshold * 1000)))
        .bind(6, t.created_ms)
        .bind(7, t.created_by);
    insert.step();
    const std::int64_t id = insert.int64(0);
    insert.run();
    return id;
}

std::vector<Target> HubStore::targets() {
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT id, site, stage, survey, metric, threshold_milli, created_ms, created_by "
        "FROM targets ORDER BY id");
    std::vector<Target> out;
    while (stmt.step()) {
        out.push_back({stmt.int64(0), stmt.text(1), stmt.text(2), stmt.text(3), stmt.text(4),
                       static_cast<double>(stmt.int64(5)) / 1000, stmt.int64(6), stmt.text(7)});
    }
    return out;
}

bool HubStore::delete_target(std::int64_t id) {
    auto db = lease();
    auto del = db->prepare("DELETE FROM targets WHERE id = ?1 RETURNING 1");
    del.bind(1, id);
    const bool deleted = del.step();
    del.run();
    return deleted;
}

}  // namespace fbk::sync::hub
