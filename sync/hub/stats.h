// GET /api/v1/stats: per group (stage, kiosk, survey or language), the response counts and, for
// every rated question, its figure (NPS, CSAT, CES, yes/partly/no; see metrics.h) with the
// small-group rule applied. Flagged responses are left out unless asked for; "can't say" is
// never counted as an answer.
#pragma once

#include <nlohmann/json.hpp>

#include "sync/hub/hub_store.h"
#include "sync/hub/stats_query.h"
#include "sync/protocol/messages.h"

namespace fbk::sync::hub {

nlohmann::json compute_stats(HubStore& store, const protocol::PackCatalog& packs, StatsGroup group,
                             const StatsFilter& filter);

}  // namespace fbk::sync::hub
