#include "sync/hub/http/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace fbk::sync::hub {

namespace {
// Buckets that have refilled completely carry no information; dropping them bounds memory
// when many tokens come and go.
constexpr std::size_t kPruneAbove = 10'000;
}  // namespace

RateLimiter::RateLimiter(double per_second, double burst)
    : per_second_(per_second), burst_(std::max(1.0, burst)) {}

std::int64_t RateLimiter::retry_after_s(std::string_view key, std::int64_t now_ms) {
    if (per_second_ <= 0) {
        return 0;
    }
    const std::lock_guard lock(mutex_);
    const auto refilled = [&](const Bucket& b) {
        const auto elapsed_ms = std::max<std::int64_t>(0, now_ms - b.updated_ms);
        return std::min(burst_, b.tokens + static_cast<double>(elapsed_ms) / 1000.0 * per_second_);
    };
    if (buckets_.size() > kPruneAbove) {
        std::erase_if(buckets_,
                      [&](const auto& entry) { return refilled(entry.second) >= burst_; });
    }
    auto [it, fresh] = buckets_.try_emplace(std::string(key), Bucket{burst_, now_ms});
    Bucket& bucket = it->second;
    if (!fresh) {
        bucket.tokens = refilled(bucket);
        bucket.updated_ms = now_ms;
    }
    if (bucket.tokens >= 1.0) {
        bucket.tokens -= 1.0;
        return 0;
    }
    return std::max<std::int64_t>(
        1, static_cast<std::int64_t>(std::ceil((1.0 - bucket.tokens) / per_second_)));
}

}  // namespace fbk::sync::hub
