// How a viewer's statistics stay safe against subtraction (README "Small groups").
//
// A figure below 5 answers is suppressed, but two visible figures can differ by a small group:
// the pooled figure minus a visible unit, two overlapping periods, a filter and its absence,
// flagged responses included and not, today's figure and tomorrow's. For a viewer every figure
// is therefore made of whole cells (stats_query.h: kiosk x stage x survey x language x flagged
// x week finished x week received), and a question's answers in a cell count only when the
// cell holds at least kSuppressBelow of them. Then:
//  - every filter and grouping a viewer may use selects whole cells: periods are weeks (from
//    and to move to the nearest Monday 00:00 UTC, so a calendar month becomes the ISO weeks
//    whose Thursday falls in it; days are not offered), and kiosk, stage, survey, language,
//    site and include_flagged pick whole cells;
//  - cells are counted only once the week they were received in has ended (before this week's
//    Monday 00:00 UTC, on the hub's clock), so a cell never changes after a viewer can see it.
// So the difference of any two figures a viewer can obtain, at any time, is again a sum of
// whole cells, each with 5 or more answers to the question or left out.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/hub/analytics/reasons.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/stats_query.h"

namespace fbk::sync::hub {

inline constexpr std::int64_t kDayMs = 86'400'000;

// Monday 00:00 UTC of the week `ms` falls in (1970-01-01 was a Thursday).
std::int64_t week_start_ms(std::int64_t ms);
// The Monday 00:00 UTC nearest to `ms`: at most 3.5 days away.
std::int64_t nearest_monday_ms(std::int64_t ms);

// The group a cell belongs to when grouping by `group` (never Day: viewers cannot ask for it).
std::string group_of_cell(const CellKey& cell, StatsGroup group,
                          const std::map<std::string, std::string, std::less<>>& sites);

// What a viewer may see of a request: from and to moved to the nearest Monday, and only what
// the hub received before this week's Monday.
struct ViewerWindow {
    StatsFilter filter;
    std::int64_t published_until = 0;
};
ViewerWindow viewer_window(StatsFilter filter, std::int64_t now_ms);
// The "disclosure" member of a viewer's reply: the window, how many `items` ("answers",
// "comments") were left out in small cells, and the rule in words.
nlohmann::json viewer_disclosure(const ViewerWindow& window, std::string_view items,
                                 std::int64_t left_out);

// A cell as one string, for maps keyed by unit (reasons.h).
std::string cell_code(const CellKey& cell);

struct KeptAnswers {
    std::vector<AnswerTally> tallies;  // grouped, from cells with enough answers only
    SeenCounts seen;                   // grouped, from the same cells
    std::int64_t answers_left_out = 0;
};
// The tallies of every (cell, question) holding at least kSuppressBelow answers, by group. A
// choice question's cell counts by who saw it there (`seen`, by cell_code): the patients who
// saw it and chose nothing are its audience as much as those who chose.
KeptAnswers keep_large_cells(const std::vector<CellTally>& cells, const SeenCounts& seen,
                             StatsGroup group,
                             const std::map<std::string, std::string, std::less<>>& sites);

using BuildStats =
    std::function<nlohmann::json(const StatsFilter&, const std::vector<GroupTotals>&,
                                 const std::vector<AnswerTally>&, const SeenCounts&)>;

// The viewer's statistics: the window snapped, cells counted, small ones left out, then
// `build` for the figures (the same arithmetic as for analysts).
nlohmann::json compute_viewer_stats(HubStore& store, const protocol::PackCatalog& packs,
                                    StatsGroup group, StatsFilter filter, std::int64_t now_ms,
                                    const BuildStats& build);

}  // namespace fbk::sync::hub
