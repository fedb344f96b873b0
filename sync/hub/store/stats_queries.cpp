// The counts behind GET /api/v1/stats and /api/v1/themes for analysts and admins, by group.
#include "sync/hub/store/filter.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"

namespace fbk::sync::hub {

namespace {

// The grouping expression comes from this fixed list, never from the request. Periods are
// UTC; a week is named by its Monday.
std::string group_column(StatsGroup group, const sql::Connection& db) {
    switch (group) {
        case StatsGroup::Stage:
            return "r.stage";
        case StatsGroup::Kiosk:
            return "r.kiosk_id";
        case StatsGroup::Survey:
            return "r.survey_id";
        case StatsGroup::Language:
            return "r.language";
        case StatsGroup::Site:
            return "COALESCE((SELECT k.site FROM kiosks k WHERE k.kiosk_id = r.kiosk_id), '')";
        case StatsGroup::Day:
            return db.utc_period(sql::Period::Day, kFinishedSql);
        case StatsGroup::Week:
            return db.utc_period(sql::Period::Week, kFinishedSql);
        case StatsGroup::Month:
            return db.utc_period(sql::Period::Month, kFinishedSql);
    }
    return "r.stage";
}

}  // namespace

std::vector<GroupTotals> HubStore::group_totals(StatsGroup group, const StatsFilter& filter) {
    auto db = lease();
    const std::string column = group_column(group, *db);
    auto stmt = db->prepare("SELECT " + column +
                            ", COUNT(*), SUM(CASE WHEN r.status = 'abandoned' THEN 1 ELSE 0 END), "
                            "SUM(CASE WHEN r.flags <> '' THEN 1 ELSE 0 END) "
                            "FROM responses r WHERE " +
                            filter_sql(1) + " GROUP BY " + column + " ORDER BY " + column);
    // The totals count flagged responses whatever the filter says: they are reported as such.
    StatsFilter all = filter;
    all.include_flagged = true;
    bind_filter(stmt, all, 1);
    std::vector<GroupTotals> out;
    while (stmt.step()) {
        out.push_back({stmt.text(0), stmt.int64(1), stmt.int64(2), stmt.int64(3)});
    }
    return out;
}

std::vector<AnswerTally> HubStore::answer_tallies(StatsGroup group, const StatsFilter& filter) {
    auto db = lease();
    const std::string column = group_column(group, *db);
    auto stmt = db->prepare(
        "SELECT " + column +
        ", r.pack_id, r.pack_version, r.survey_id, CASE WHEN r.status = 'completed' THEN 1 "
        "ELSE 0 END, a.question, a.value, a.choices, COUNT(*) "
        "FROM answers a JOIN responses r ON r.seq = a.response_seq WHERE a.cant_say = 0 "
        "AND (a.value IS NOT NULL OR a.choices IS NOT NULL) AND " +
        filter_sql(1) + " GROUP BY 1, 2, 3, 4, 5, 6, 7, 8");
    bind_filter(stmt, filter, 1);
    std::vector<AnswerTally> out;
    while (stmt.step()) {
        AnswerTally t;
        t.group = stmt.text(0);
        t.pack_id = stmt.text(1);
        t.pack_version = static_cast<int>(stmt.int64(2));
        t.survey = stmt.text(3);
        t.completed = stmt.int64(4) != 0;
        t.question = stmt.text(5);
        if (!stmt.is_null(6)) {
            t.value = stmt.int64(6);
        }
        if (!stmt.is_null(7)) {
            t.choices = stmt.text(7);
        }
        t.count = stmt.int64(8);
        out.push_back(std::move(t));
    }
    return out;
}

std::vector<ReachTotals> HubStore::reach_totals(StatsGroup group, const StatsFilter& filter) {
    auto db = lease();
    const std::string column = group_column(group, *db);
    auto stmt = db->prepare(
        "SELECT " + column +
        ", r.pack_id, r.pack_version, r.survey_id, CASE WHEN r.status = 'completed' THEN 1 "
        "ELSE 0 END, r.abandoned_at, COUNT(*) FROM responses r WHERE " +
        filter_sql(1) + " GROUP BY 1, 2, 3, 4, 5, 6");
    bind_filter(stmt, filter, 1);
    std::vector<ReachTotals> out;
    while (stmt.step()) {
        out.push_back({stmt.text(0), stmt.text(1), static_cast<int>(stmt.int64(2)), stmt.text(3),
                       stmt.int64(4) != 0, stmt.text(5), stmt.int64(6)});
    }
    return out;
}

std::vector<ThemeTally> HubStore::theme_tallies(StatsGroup group, const StatsFilter& filter) {
    auto db = lease();
    const std::string column = group_column(group, *db);
    auto stmt = db->prepare("SELECT " + column +
                            ", c.themes, c.sentiment, COUNT(*) FROM comment_analyses c "
                            "JOIN responses r ON r.seq = c.response_seq WHERE " +
                            filter_sql(1) + " GROUP BY 1, 2, 3");
    bind_filter(stmt, filter, 1);
    std::vector<ThemeTally> out;
    while (stmt.step()) {
        ThemeTally t{stmt.text(0), stmt.text(1), std::nullopt, stmt.int64(3)};
        if (!stmt.is_null(2)) {
            t.sentiment = stmt.text(2);
        }
        out.push_back(std::move(t));
    }
    return out;
}

}  // namespace fbk::sync::hub
