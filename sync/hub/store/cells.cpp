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
        ", r.pack_id, r.pack_version, r.survey_id, CASE WHEN r.status = 'completed' THEN 1 "
        "ELSE 0 END, a.question, a.value, a.choices, COUNT(*) "
        "FROM answers a JOIN responses r ON r.seq = a.response_seq WHERE a.cant_say = 0 "
        "AND (a.value IS NOT NULL OR a.choices IS NOT NULL) AND r.received_ms < ?1 AND " +
        filter_sql(2) + " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14");
    stmt.bind(1, received_before_ms);
    bind_filter(stmt, filter, 2);
    std::vector<CellTally> out;
    while (stmt.step()) {
        CellTally t;
        t.cell = read_cell(stmt);
        t.pack_id = stmt.text(7);
        t.pack_version = static_cast<int>(stmt.int64(8));
        t.survey = stmt.text(9);
        t.completed = stmt.int64(10) != 0;
        t.question = stmt.text(11);
        if (!stmt.is_null(12)) {
            t.value = stmt.int64(12);
        }
        if (!stmt.is_null(13)) {
            t.choices = stmt.text(13);
        }
        t.count = stmt.int64(14);
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<CellReach> HubStore::cell_reach(const StatsFilter& filter,
                                            std::int64_t received_before_ms) {
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT " + cell_columns() +
        ", r.pack_id, r.pack_version, r.survey_id, CASE WHEN r.status = 'completed' THEN 1 "
        "ELSE 0 END, r.abandoned_at, COUNT(*) FROM responses r WHERE r.received_ms < ?1 AND " +
        filter_sql(2) + " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12");
    stmt.bind(1, received_before_ms);
    bind_filter(stmt, filter, 2);
    std::vector<CellReach> out;
    while (stmt.step()) {
        out.push_back({read_cell(stmt), stmt.text(7), static_cast<int>(stmt.int64(8)), stmt.text(9),
                       stmt.int64(10) != 0, stmt.text(11), stmt.int64(12)});
    }
    return out;
}

std::vector<CellThemeTally> HubStore::cell_theme_tallies(const StatsFilter& filter,
                                                         std::int64_t received_before_ms) {
    auto db = lease();
    auto stmt = db->prepare("SELECT " + cell_columns() +
                            ", c.themes, c.sentiment, COUNT(*) FROM comment_analyses c "
                            "JOIN responses r ON r.seq = c.response_seq "
                            "WHERE r.received_ms < ?1 AND " +
                            filter_sql(2) + " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9");
    stmt.bind(1, received_before_ms);
    bind_filter(stmt, filter, 2);
    std::vector<CellThemeTally> out;
    while (stmt.step()) {
        CellThemeTally t{read_cell(stmt), stmt.text(7), std::nullopt, stmt.int64(9)};
        if (!stmt.is_null(8)) {
            t.sentiment = stmt.text(8);
        }
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
