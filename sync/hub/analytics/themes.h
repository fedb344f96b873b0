// GET /api/v1/themes: per group (stage, kiosk, site, week ...) and theme, how many comments
// have it, their share of the group's comments and the share of them that is negative, each
// share with its Wilson 95% interval (figures.h); and the group's sentiment mix. Counts come
// from the analyses stored with each comment (analytics/text): reading never re-analyses text.
//
// Small groups: a group with fewer than kSuppressBelow comments shows its count only; a
// theme's negative share needs kSuppressBelow comments with that theme. Viewers get figures
// made of whole cells of at least kSuppressBelow comments, on whole weeks received before this
// one, as for /api/v1/stats (viewer_cells.h), so no subtraction of two figures splits a cell.
#pragma once

#include <cstdint>

#include <nlohmann/json.hpp>

#include "sync/hub/analytics/stats.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/stats_query.h"

namespace fbk::sync::hub {

nlohmann::json compute_themes(HubStore& store, StatsGroup group, const StatsFilter& filter,
                              Disclosure disclosure, std::int64_t now_ms);

}  // namespace fbk::sync::hub
