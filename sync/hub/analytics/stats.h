// GET /api/v1/stats: per group (stage, kiosk, survey or language), the response counts and, for
// every rated question, its figure (NPS, CSAT, CES, yes/partly/no, slider; question_figures.h) with
// the small-group rule applied. Flagged responses are left out unless asked for; "can't say" is
// never counted as an answer.
#pragma once

#include <nlohmann/json.hpp>

#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/stats_query.h"
#include "sync/protocol/messages.h"

namespace fbk::sync::hub {

// Who asks decides how small groups are protected (README "Small groups"): analysts and admins
// read individual answers anyway, and get figures for any window with small groups marked;
// viewers get figures made of whole cells only (viewer_cells.h), which no subtraction of two
// figures can split.
enum class Disclosure { Full, Viewer };

nlohmann::json compute_stats(HubStore& store, const protocol::PackCatalog& packs, StatsGroup group,
                             const StatsFilter& filter, Disclosure disclosure = Disclosure::Full,
                             std::int64_t now_ms = 0);

}  // namespace fbk::sync::hub
