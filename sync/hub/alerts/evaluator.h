// Looks at every live alert rule and records an event for each condition that holds (rules.h
// says what each kind watches). An event is recorded once: its dedupe key names the rule and
// what it saw (a stage and a window, a comment, a kiosk's alarm and a day), so looking again,
// or another hub looking, finds it already there.
#pragma once

#include <cstdint>

#include "sync/hub/analytics/fleet_health.h"
#include "sync/hub/store/hub_store.h"
#include "sync/protocol/messages.h"

namespace fbk::sync::hub::alerts {

// Events recorded by this pass.
// `silence` says when a kiosk is silent (the same policy as the fleet view's).
int evaluate_rules(HubStore& store, const protocol::PackCatalog& packs,
                   const SilencePolicy& silence, std::int64_t now_ms);

}  // namespace fbk::sync::hub::alerts
