#pragma once

#include "kiosk/core/kiosk_config.h"

namespace fbk::kiosk::cli {

// `feedback-kiosk sync --once`: drain the outbox now in the foreground with a progress line.
// Returns 0 when nothing is left to send, 1 when the hub could not be reached or refused.
int sync_once(const core::KioskConfig& config);

}  // namespace fbk::kiosk::cli
