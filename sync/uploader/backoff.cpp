#include "sync/uploader/backoff.h"

#include <algorithm>

namespace fbk::sync::uploader {

std::int64_t Backoff::ceiling_ms() const {
    std::int64_t ceiling = initial_ms_;
    for (int i = 0; i < failures_ && ceiling < max_ms_; ++i) {
        ceiling *= 2;
    }
    return std::min(ceiling, max_ms_);
}

std::int64_t Backoff::next_delay_ms(std::optional<std::int64_t> retry_after_ms) {
    const std::int64_t ceiling = ceiling_ms();
    ++failures_;
    std::uniform_int_distribution<std::int64_t> jitter(0, ceiling);
    const std::int64_t delay = jitter(rng_);
    if (retry_after_ms && *retry_after_ms > delay) {
        // Honour the server, but never sleep past the cap: a wrong header must not park a kiosk
        // for days.
        return std::min(*retry_after_ms, max_ms_);
    }
    return delay;
}

}  // namespace fbk::sync::uploader
