// Counts by cell (stats_query.h): what a viewer's statistics are made of. A week is named by
// its Monday in days since 1970-01-01 (a Thursday): day - (day + 3) % 7. Integer division and
// % mean the same in SQLite and PostgreSQL for the non-negative times stored.
#include "sync/hub/store/filter.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"

namespace fbk::sync::hub {

namespace {

constexpr std::int64_t kDayMs = 86'400'000;

std::string monday_of(std::string_view ms_sql) {
    const std::string day = "(" + std::string(ms_sql) + " / " + std::to_string(kDayMs) + ")";
    return "(" + day + " - (" + day + " + 3) % 7)";
}

// The cell's columns, in CellKey's order, then the condition: the filter, and only responses
// received before the cut.
std::string cell_columns() {
    return "r.kiosk_id, r.stage, r.survey_id, r.language, "
           "CASE WHEN r.flags <> '' THEN 1 ELSE 0 END, " +
           monday_of(kFinishedSql) + ", " + monday_of("r.received_ms");
}

CellKey read_cell(sql::Statement& stmt) {
    return {stmt.text(0),       stmt.text(1),  stmt.text(2), stmt.text(3),
            stmt.int64(4) != 0, stmt.int64(5), stmt.int64(6)};
}

}  // namespace

std::vector<CellTotals> HubStore::cell_totals(const StatsFilter& filter,
                                              std::int64_t received_before_ms) {
    auto db = lease();
    auto stmt = db->prepare("SELECT " + cell_columns() +
                            ", COUNT(*), SUM(CASE WHEN r.status = 'abandoned' THEN 1 ELSE 0 END) "
                            "FROM responses r WHERE r.received_ms < ?1 AND " +
                            filter_sql(2) + " GROUP BY 1, 2, 3, 4, 5, 6, 7");
    stmt.bind(1, received_before_ms);
    bind_filter(stmt, filter, 2);
    std::vector<CellTotals> out;
    while (stmt.step()) {
        out.push_back({read_cell(stmt), stmt.int64(7), stmt.int64(8)});
    }
    return out;
}

std::vector<CellTally> HubStore::cell_tallies(const StatsFilter& filter,
                                              std::int64_t received_before_ms) {
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT " + cell_columns() +
        ", r.pack_id, r.pack_version, a.question, a.value, a.choices, COUNT(*) "
        "FROM answers a JOIN responses r ON r.seq = a.response_seq WHERE a.cant_say = 0 "
        "AND (a.value IS NOT NULL OR a.choices IS NOT NULL) AND r.received_ms < ?1 AND " +
        filter_sql(2) + " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12");
    stmt.bind(1, received_before_ms);
    bind_filter(stmt, filter, 2);
    std::vector<CellTally> out;
    while (stmt.step()) {
        CellTally t;
        t.cell = read_cell(stmt);
        t.pack_id = stmt.text(7);
        t.pack_version = static_cast<int>(stmt.int64(8));
        t.question = stmt.text(9);
        if (!stmt.is_null(10)) {
            t.value = stmt.int64(10);
        }
        if (!stmt.is_null(11)) {
            t.choices = stmt.text(11);
        }
        t.count = stmt.int64(12);
        out.push_back(std::move(t));
    }
    return out;
}

std::map<std::string, std::string, std::less<>> HubStore::kiosk_sites() {
    auto db = lease();
    auto stmt = db->prepare("SELECT kiosk_id, site FROM kiosks");
    std::map<std::string, std::string, std::less<>> out;
    while (stmt.step()) {
        out.emplace(stmt.text(0), stmt.text(1));
    }
    return out;
}

}  // namespace fbk::sync::hub
