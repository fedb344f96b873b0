// GET /api/v1/journey: a site's care pathway at a glance. The stages in pathway order
// (protocol/stages.h), each with the headline of every scored question (value, 95% interval, n,
// margin of error and the answers that would make it ±5), its change against the previous period
// of the same length and the same period a year before, the targets that apply to it with their
// verdicts, and per question the weakest step, marked only when it is significantly below every
// other step (comparison.h says how each of these is judged).
//
// It is made of /stats figures (stats.h), so the small-group rules are the same: a viewer's
// journey is made of whole weeks and whole cells.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/hub/analytics/stats.h"
#include "sync/hub/store/hub_store.h"

namespace fbk::sync::hub {

struct JourneyQuery {
    std::optional<std::string> site;  // nullopt: every site
    std::int64_t from_ms = 0;         // inclusive
    std::int64_t to_ms = 0;           // exclusive
    // The previous period starts here (a calendar month before a month, say); unset: the
    // same length as this one, just before it.
    std::optional<std::int64_t> previous_from_ms;
};

nlohmann::json compute_journey(HubStore& store, const protocol::PackCatalog& packs,
                               const JourneyQuery& query, const std::vector<Target>& targets,
                               Disclosure disclosure, std::int64_t now_ms);

// The same span one calendar year earlier (29 February becomes 28 February).
std::int64_t one_year_earlier(std::int64_t unix_ms);

}  // namespace fbk::sync::hub
