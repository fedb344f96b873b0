#include "sync/hub/analytics/viewer_cells.h"

#include "sync/hub/analytics/figures.h"
#include "sync/hub/store/utc_time.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

std::string iso_date(std::int64_t ms) {
    return format_utc_iso8601(ms).substr(0, 10);
}

}  // namespace

std::int64_t week_start_ms(std::int64_t ms) {
    std::int64_t day = ms / kDayMs;
    if (ms < 0 && ms % kDayMs != 0) {
        --day;  // floor, not truncation
    }
    const std::int64_t weekday = ((day + 3) % 7 + 7) % 7;  // Monday 0
    return (day - weekday) * kDayMs;
}

std::int64_t nearest_monday_ms(std::int64_t ms) {
    const std::int64_t monday = week_start_ms(ms);
    constexpr std::int64_t kHalfWeekMs = 7 * kDayMs / 2;
    return ms - monday < kHalfWeekMs ? monday : monday + 7 * kDayMs;
}

std::string group_of_cell(const CellKey& cell, StatsGroup group,
                          const std::map<std::string, std::string, std::less<>>& sites) {
    switch (group) {
        case StatsGroup::Stage:
            return cell.stage;
        case StatsGroup::Kiosk:
            return cell.kiosk;
        case StatsGroup::Survey:
            return cell.survey;
        case StatsGroup::Language:
            return cell.language;
        case StatsGroup::Site: {
            const auto it = sites.find(cell.kiosk);
            return it == sites.end() ? std::string() : it->second;
        }
        case StatsGroup::Week:
        case StatsGroup::Day:
            return iso_date(cell.finished_week * kDayMs);
        case StatsGroup::Month:
            // The ISO rule: a week belongs to the month of its Thursday.
            return iso_date((cell.finished_week + 3) * kDayMs).substr(0, 7);
    }
    return cell.stage;
}

std::string cell_code(const CellKey& c) {
    constexpr char kSep = '\x1f';  // never in an id, a stage code or a language code
    return c.kiosk + kSep + c.stage + kSep + c.survey + kSep + c.language + kSep +
           (c.flagged ? "1" : "0") + kSep + std::to_string(c.finished_week) + kSep +
           std::to_string(c.received_week);
}

KeptAnswers keep_large_cells(const std::vector<CellTally>& cells, const SeenCounts& seen,
                             StatsGroup group,
                             const std::map<std::string, std::string, std::less<>>& sites) {
    // Answers per (cell, question), over every pack version the cell holds.
    std::map<std::pair<std::string, std::string>, std::int64_t> answers;
    for (const CellTally& t : cells) {
        answers[{cell_code(t.cell), t.question}] += t.count;
    }
    const auto audience = [&](const std::pair<std::string, std::string>& key) {
        const auto it = seen.find(key);
        return it != seen.end() ? it->second.count : answers[key];
    };
    // Kept tallies merged by group, pack version, survey, status, question and value.
    std::map<std::tuple<std::string, std::string, int, std::string, bool, std::string,
                        std::optional<std::int64_t>, std::string>,
             std::int64_t>
        merged;
    KeptAnswers out;
    for (const CellTally& t : cells) {
        if (audience({cell_code(t.cell), t.question}) < kSuppressBelow) {
            out.answers_left_out += t.count;
            continue;
        }
        merged[{group_of_cell(t.cell, group, sites), t.pack_id, t.pack_version, t.survey,
                t.completed, t.question, t.value, t.choices}] += t.count;
    }
    for (const auto& [key, count] : merged) {
        const auto& [name, pack_id, version, survey, completed, question, value, choices] = key;
        out.tallies.push_back(
            {name, pack_id, version, survey, completed, question, value, choices, count});
    }
    return out;
}

namespace {

// Who saw each choice question, by cell, and by group over the cells kept (keep_large_cells).
SeenCounts seen_in_kept_cells(const protocol::PackCatalog& packs,
                              const std::vector<CellTally>& cells,
                              const std::vector<CellReach>& reach, StatsGroup group,
                              const std::map<std::string, std::string, std::less<>>& sites,
                              SeenCounts& by_cell) {
    std::vector<AnswerTally> tallies;
    std::map<std::string, const CellKey*> keys;
    for (const CellTally& t : cells) {
        const std::string code = cell_code(t.cell);
        keys.emplace(code, &t.cell);
        tallies.push_back({code, t.pack_id, t.pack_version, t.survey, t.completed, t.question,
                           t.value, t.choices, t.count});
    }
    std::vector<ReachTotals> totals;
    for (const CellReach& r : reach) {
        const std::string code = cell_code(r.cell);
        keys.emplace(code, &r.cell);
        totals.push_back(
            {code, r.pack_id, r.pack_version, r.survey, r.completed, r.abandoned_at, r.count});
    }
    by_cell = count_seen(packs, tallies, totals);
    SeenCounts by_group;
    for (const auto& [key, s] : by_cell) {
        if (s.count >= kSuppressBelow) {
            const std::string name = group_of_cell(*keys.at(key.first), group, sites);
            by_group[{name, key.second}].add(s.count, s.pack, s.question);
        }
    }
    return by_group;
}

}  // namespace

ViewerWindow viewer_window(StatsFilter filter, std::int64_t now_ms) {
    if (filter.from_ms) {
        filter.from_ms = nearest_monday_ms(*filter.from_ms);
    }
    if (filter.to_ms) {
        filter.to_ms = nearest_monday_ms(*filter.to_ms);
    }
    return {std::move(filter), week_start_ms(now_ms)};
}

json viewer_disclosure(const ViewerWindow& window, std::string_view items, std::int64_t left_out) {
    const auto date = [](const std::optional<std::int64_t>& ms) {
        return ms ? json(iso_date(*ms)) : json(nullptr);
    };
    const std::string until = iso_date(window.published_until);
    return {{"level", "viewer"},
            {"from", date(window.filter.from_ms)},
            {"to", date(window.filter.to_ms)},
            {"received_before", until},
            {std::string(items) + "_left_out", left_out},
            {"rule", "whole weeks (from/to moved to the nearest Monday, UTC) of " +
                         std::string(items) + " received before " + until + "; " +
                         std::string(items == "answers" ? "a question's answers" : items) +
                         " count only in cells of at least " + std::to_string(kSuppressBelow) +
                         " (one kiosk, stage, survey, language, flagged or not, week finished, "
                         "week received)"}};
}

json compute_viewer_stats(HubStore& store, const protocol::PackCatalog& packs, StatsGroup group,
                          StatsFilter requested, std::int64_t now_ms, const BuildStats& build) {
    const ViewerWindow window = viewer_window(std::move(requested), now_ms);
    const StatsFilter& filter = window.filter;
    const std::int64_t published_until = window.published_until;
    const auto sites = store.kiosk_sites();
    const std::vector<CellTally> cells = store.cell_tallies(filter, published_until);
    SeenCounts seen_by_cell;
    const SeenCounts seen = seen_in_kept_cells(
        packs, cells, store.cell_reach(filter, published_until), group, sites, seen_by_cell);
    const KeptAnswers kept = keep_large_cells(cells, seen_by_cell, group, sites);
    // Totals count flagged responses whatever the filter says: they are reported as such.
    StatsFilter all = filter;
    all.include_flagged = true;
    std::map<std::string, GroupTotals> totals;
    for (const CellTotals& c : store.cell_totals(all, published_until)) {
        const std::string name = group_of_cell(c.cell, group, sites);
        GroupTotals& g = totals.try_emplace(name, GroupTotals{name, 0, 0, 0}).first->second;
        g.responses += c.responses;
        g.abandoned += c.abandoned;
        g.flagged += c.cell.flagged ? c.responses : 0;
    }
    std::vector<GroupTotals> ordered;
    for (auto& [name, g] : totals) {
        ordered.push_back(std::move(g));
    }
    json out = build(filter, ordered, kept.tallies, seen);
    out["disclosure"] = viewer_disclosure(window, "answers", kept.answers_left_out);
    return out;
}

}  // namespace fbk::sync::hub
