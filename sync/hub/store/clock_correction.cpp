#include "sync/hub/store/clock_correction.h"

namespace fbk::sync::hub {

bool monotonic_plausible(const protocol::Response& response, const BatchClock& batch) {
    return response.boot_id != batch.boot_id || response.monotonic_ms <= batch.monotonic_ms;
}

CorrectedTimes correct_times(const protocol::Response& response, const BatchClock& batch,
                             std::optional<std::int64_t> boot_epoch_ms) {
    CorrectedTimes out;
    if (response.boot_id == batch.boot_id) {
        out.clock_offset_ms = clock_offset(batch.sent_at_ms, batch.received_ms);
    }
    if (boot_epoch_ms && monotonic_plausible(response, batch)) {
        out.corrected_finished_ms = *boot_epoch_ms + response.monotonic_ms;
    }
    return out;
}

}  // namespace fbk::sync::hub
