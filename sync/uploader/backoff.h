// When to try again after a failed upload: exponential backoff with full jitter (delay drawn
// uniformly from [0, min(cap, initial * 2^attempt)]), so a fleet that lost the hub at the same
// moment does not come back in lockstep. A server's Retry-After wins when it asks for longer.
#pragma once

#include <cstdint>
#include <optional>
#include <random>

namespace fbk::sync::uploader {

class Backoff {
  public:
    Backoff(std::int64_t initial_ms, std::int64_t max_ms, std::uint64_t seed)
        : initial_ms_(initial_ms), max_ms_(max_ms), rng_(seed) {}

    // Delay before the next attempt after one more failure.
    std::int64_t next_delay_ms(std::optional<std::int64_t> retry_after_ms = std::nullopt);
    void reset() { failures_ = 0; }
    int failures() const { return failures_; }
    // The upper bound of the jitter window for the current failure count.
    std::int64_t ceiling_ms() const;

  private:
    std::int64_t initial_ms_;
    std::int64_t max_ms_;
    int failures_ = 0;
    std::mt19937_64 rng_;
};

}  // namespace fbk::sync::uploader
