// What GET /api/v1/stats asks of the store: counts per group, never individual answers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fbk::sync::hub {

// Periods are UTC calendar days, weeks starting on Monday, and months, by finish time.
enum class StatsGroup { Stage, Kiosk, Survey, Language, Site, Day, Week, Month };
std::optional<StatsGroup> stats_group_from_string(std::string_view name);
std::string_view to_string(StatsGroup group);

struct StatsFilter {
    std::optional<std::string> kiosk;
    std::optional<std::string> stage;
    std::optional<std::string> survey;
    std::optional<std::string> language;
    std::optional<std::string> site;      // the site the kiosk reports in its heartbeat
    std::optional<std::int64_t> from_ms;  // finish time, corrected where known; inclusive
    std::optional<std::int64_t> to_ms;    // exclusive
    bool include_flagged = false;
};

// A filter that lets every response through, flagged ones included.
inline const StatsFilter kEverything{{}, {}, {}, {}, {}, {}, {}, true};

struct GroupTotals {
    std::string group;
    std::int64_t responses = 0;
    std::int64_t abandoned = 0;
    std::int64_t flagged = 0;
};

// How many answered `question` (of that pack version and survey) with this value or choice, in
// a group, among completed responses or the others.
struct AnswerTally {
    std::string group;
    std::string pack_id;
    int pack_version = 0;
    std::string survey;
    bool completed = false;
    std::string question;
    std::optional<std::int64_t> value;
    std::string choices;
    std::int64_t count = 0;
};

// A cell: the finest group a viewer's figures are made of. Every filter and grouping a viewer
// can ask for (stats.h) selects whole cells, so a difference of any two figures is again made
// of whole cells, each of which is shown only with enough answers.
struct CellKey {
    std::string kiosk;
    std::string stage;
    std::string survey;
    std::string language;
    bool flagged = false;
    std::int64_t finished_week = 0;  // the Monday (UTC) of the finish time, in days since 1970
    std::int64_t received_week = 0;  // the Monday (UTC) the hub received it, in days since 1970
    auto operator<=>(const CellKey&) const = default;
};

struct CellTotals {
    CellKey cell;
    std::int64_t responses = 0;
    std::int64_t abandoned = 0;
};

struct CellTally {
    CellKey cell;
    std::string pack_id;
    int pack_version = 0;
    std::string survey;
    bool completed = false;
    std::string question;
    std::optional<std::int64_t> value;
    std::string choices;
    std::int64_t count = 0;
};

// How far the responses of a group got: completed, or left on which screen ("question.<id>",
// "still-there", ...). With the answer tallies this tells who saw a choice question
// (analytics/reasons.h).
struct ReachTotals {
    std::string group;
    std::string pack_id;
    int pack_version = 0;
    std::string survey;
    bool completed = false;
    std::string abandoned_at;
    std::int64_t count = 0;
};

struct CellReach {
    CellKey cell;
    std::string pack_id;
    int pack_version = 0;
    std::string survey;
    bool completed = false;
    std::string abandoned_at;
    std::int64_t count = 0;
};

// Analysed comments of a group with the same themes and sentiment (analytics/themes.h).
struct ThemeTally {
    std::string group;
    std::string themes;  // theme ids separated by spaces
    std::optional<std::string> sentiment;
    std::int64_t count = 0;
};

struct CellThemeTally {
    CellKey cell;
    std::string themes;
    std::optional<std::string> sentiment;
    std::int64_t count = 0;
};

}  // namespace fbk::sync::hub
