// How the hub puts a kiosk's times on its own clock. A Raspberry Pi has no real-time clock:
// after a power cut its wall time may be anything until NTP answers, but its monotonic clock
// is right within one boot. So every message carries both, and the hub computes:
//
//   boot epoch estimate  E = received_ms - monotonic_ms       (hub time at which that boot's
//                            monotonic clock read 0; network delay only makes E later, so the
//                            smallest E seen for a boot is the best, see boots.h)
//   clock offset         O = sent_at_ms - received_ms         (kiosk wall clock minus hub
//                            clock, as measured by this message)
//   corrected finish     F = E + response.monotonic_ms        (when the patient finished, on
//                            the hub's clock)
//
// A response keeps O only when it comes from the boot that sent the batch (an offset
// describes one boot's clock). F is left unset when the boot was never measured, or when the
// response claims to have finished after its own batch was sent in the same boot: then the
// monotonic clock cannot be trusted and the kiosk's wall time is kept rather than invented.
// Times are bounded by protocol validation (kMaxPlausibleMs), so the sums cannot overflow.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sync/protocol/messages.h"

namespace fbk::sync::hub {

// The clock readings of the message (batch) that carried a response.
struct BatchClock {
    std::string_view boot_id;
    std::int64_t sent_at_ms = 0;    // kiosk wall clock
    std::int64_t monotonic_ms = 0;  // that boot's monotonic clock
    std::int64_t received_ms = 0;   // hub clock
};

struct CorrectedTimes {
    std::optional<std::int64_t> clock_offset_ms;        // O, for the sending boot only
    std::optional<std::int64_t> corrected_finished_ms;  // F
};

constexpr std::int64_t boot_epoch_estimate(std::int64_t received_ms, std::int64_t monotonic_ms) {
    return received_ms - monotonic_ms;
}

constexpr std::int64_t clock_offset(std::int64_t sent_at_ms, std::int64_t received_ms) {
    return sent_at_ms - received_ms;
}

// False when the response finished, by its monotonic clock, after its own batch was sent.
bool monotonic_plausible(const protocol::Response& response, const BatchClock& batch);

// O and F for one response; `boot_epoch_ms` is the stored estimate for the response's boot.
CorrectedTimes correct_times(const protocol::Response& response, const BatchClock& batch,
                             std::optional<std::int64_t> boot_epoch_ms);

}  // namespace fbk::sync::hub
