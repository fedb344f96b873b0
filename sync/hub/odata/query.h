// The OData v4 system query options the hub's feed understands (README "OData feed"), parsed
// into a StatsFilter and the rest: what Excel's and Power BI's "OData feed" connectors and
// common client libraries send at the "minimal" conformance level. $filter is a conjunction
// ("and") of comparisons of a property with a literal:
//   KioskId, Site, Stage, SurveyId, Language (and Question on Answers)  eq 'text'
//   FinishedAt  ge | gt | lt | le | eq  2026-11-01T00:00:00Z   (a DateTimeOffset; v2's
//               datetimeoffset'...' form is read too)
// the whole and each comparison perhaps in parentheses. Anything else is refused with what and
// where, never ignored: a filter silently dropped would hand out more answers than asked for.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/hub/store/export_position.h"
#include "sync/hub/store/stats_query.h"

namespace fbk::sync::hub::odata {

enum class EntitySet { Responses, Answers };

struct Query {
    StatsFilter filter = kEverything;     // flagged responses included, as in exports
    std::optional<std::string> question;  // Answers: Question eq '...'
    std::vector<std::string> select;      // empty: every property
    std::optional<std::int64_t> top;      // at most this many entities in all pages
    ExportPosition after;                 // from $skiptoken
    bool count = false;                   // $count=true: "@odata.count" on the first page
};

struct QueryParam {
    std::string_view name;
    std::string_view value;
};

// The query, or nullopt with `problem` naming the option and what is wrong in it.
std::optional<Query> parse_query(EntitySet set, const std::vector<QueryParam>& params,
                                 std::string& problem);

// $filter alone (exposed for the unit tests).
bool parse_filter(EntitySet set, std::string_view text, Query& query, std::string& problem);

}  // namespace fbk::sync::hub::odata
