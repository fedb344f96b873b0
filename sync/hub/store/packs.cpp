// Uploaded survey packs and which kiosks get which version.
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"

namespace fbk::sync::hub {

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
