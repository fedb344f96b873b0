// Requests per token: a token bucket per key, so one misbehaving kiosk or script cannot take
// the hub's threads from everyone else. Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace fbk::sync::hub {

class RateLimiter {
  public:
    // `per_second` <= 0 turns limiting off. A key may send `burst` requests at once, then
    // `per_second` on average.
    RateLimiter(double per_second, double burst);

    // 0 when the request may go ahead; otherwise how many whole seconds until it could.
    std::int64_t retry_after_s(std::string_view key, std::int64_t now_ms);

  private:
    struct Bucket {
        double tokens = 0;
        std::int64_t updated_ms = 0;
    };
    double per_second_;
    double burst_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace fbk::sync::hub
