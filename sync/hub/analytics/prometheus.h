// The hub's operational counters and their Prometheus text exposition (GET /metrics).
// Counters are updated from request threads; render() reads them with the fleet figures the
// caller supplies, so nothing here touches the database.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace fbk::sync::hub {

// Kiosks by state, computed from the fleet view when /metrics is scraped.
struct FleetGauges {
    std::int64_t ok = 0;
    std::int64_t alarm = 0;   // reports at least one alarm
    std::int64_t silent = 0;  // no heartbeat for longer than the hub's silence limit
    std::int64_t backlog_responses = 0;
    // Comments staff have not marked done, by journey stage.
    std::map<std::string, std::int64_t> unhandled_comments;
};

class HubMetrics {
  public:
    // Upper bounds of the request latency histogram, in seconds.
    static constexpr std::array<double, 12> kLatencyBuckets = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0};

    void count_ingested(std::int64_t stored, std::int64_t duplicates);
    // `reason` is the error code the hub replied with (e.g. "invalid_batch", "rate_limited").
    void count_rejected(std::string_view reason);
    // `route` must come from a fixed set (the hub's routes, or "other") to bound cardinality.
    void observe_request(std::string_view route, double seconds);
    // A connection closed at once: "too_many_connections" or "too_many_from_client".
    void count_refused_connection(std::string_view reason);

    std::string render(const FleetGauges& fleet) const;

  private:
    struct Histogram {
        std::array<std::int64_t, kLatencyBuckets.size()> buckets{};
        std::int64_t count = 0;
        double sum = 0;
    };
    std::atomic<std::int64_t> stored_{0};
    std::atomic<std::int64_t> duplicates_{0};
    std::atomic<std::int64_t> refused_in_all_{0};
    std::atomic<std::int64_t> refused_per_client_{0};
    mutable std::mutex mutex_;
    std::map<std::string, std::int64_t, std::less<>> rejected_;
    std::map<std::string, Histogram, std::less<>> latency_;
};

}  // namespace fbk::sync::hub
