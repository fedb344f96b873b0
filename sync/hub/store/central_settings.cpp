// Settings administrators manage for kiosks: per kiosk, per site or for all, one row per scope
// and setting, and what a kiosk gets from them.
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"

namespace fbk::sync::hub {

std::string CentralSettingRow::scope_label() const {
    return scope_kind == "all" ? std::string("all") : scope_kind + ":" + scope;
}

void HubStore::set_central_settings(const CentralSettingsChange& change) {
    auto db = lease();
    sql::Transaction tx(*db);
    for (const auto& [setting, value] : change.values) {
        if (!value) {
            db->prepare(
                  "DELETE FROM central_settings WHERE scope_kind = ?1 AND scope = ?2 AND "
                  "setting = ?3")
                .bind(1, change.scope_kind)
                .bind(2, change.scope)
                .bind(3, setting)
                .run();
            continue;
        }
        db->prepare(R"sql(
            INSERT INTO central_settings(scope_kind, scope, setting, value, set_ms, set_by)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6)
            ON CONFLICT(scope_kind, scope, setting) DO UPDATE SET value = excluded.value,
                set_ms = excluded.set_ms, set_by = excluded.set_by)sql")
            .bind(1, change.scope_kind)
            .bind(2, change.scope)
            .bind(3, setting)
            .bind(4, *value)
            .bind(5, change.at_ms)
            .bind(6, change.by)
            .run();
    }
    tx.commit();
}

std::vector<CentralSettingRow> HubStore::central_settings() {
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT scope_kind, scope, setting, value, set_ms, set_by FROM central_settings "
        "ORDER BY CASE scope_kind WHEN 'all' THEN 0 WHEN 'site' THEN 1 ELSE 2 END, scope, "
        "setting");
    std::vector<CentralSettingRow> out;
    while (stmt.step()) {
        out.push_back(
            {stmt.text(0), stmt.text(1), stmt.text(2), stmt.text(3), stmt.int64(4), stmt.text(5)});
    }
    return out;
}

protocol::CentralSettings effective_central_settings(const std::vector<CentralSettingRow>& rows,
                                                     std::string_view kiosk_id,
                                                     std::string_view site) {
    // The most specific scope wins, per setting: the kiosk, then its site, then all.
    const auto rank = [&](const CentralSettingRow& row) {
        if (row.scope_kind == "kiosk") {
            return row.scope == kiosk_id ? 3 : 0;
        }
        if (row.scope_kind == "site") {
            return !site.empty() && row.scope == site ? 2 : 0;
        }
        return 1;
    };
    protocol::CentralSettings out;
    std::map<std::string, int> ranks;
    for (const CentralSettingRow& row : rows) {
        const int r = rank(row);
        if (r > 0 && r > ranks[row.setting]) {
            ranks[row.setting] = r;
            out.values[row.setting] = {row.value, row.scope_label()};
        }
    }
    return out;
}

}  // namespace fbk::sync::hub
