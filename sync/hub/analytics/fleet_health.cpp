#include "sync/hub/analytics/fleet_health.h"

#include <ctime>

#include "sync/protocol/clock_time.h"

namespace fbk::sync::hub {

std::optional<OpeningHours> parse_opening_hours(std::string_view text) {
    const auto dash = text.find('-');
    if (dash == std::string_view::npos) {
        return std::nullopt;
    }
    const auto open = protocol::parse_clock_time(text.substr(0, dash));
    const auto close = protocol::parse_clock_time(text.substr(dash + 1));
    if (!open || !close || *open == *close) {
        return std::nullopt;
    }
    return OpeningHours{*open, *close};
}

bool is_silent(std::int64_t last_seen_ms, std::int64_t now_ms, int local_minute,
               const SilencePolicy& policy) {
    const OpeningHours& h = policy.hours;
    const bool open = h.open_minute < h.close_minute
                          ? local_minute >= h.open_minute && local_minute < h.close_minute
                          : local_minute >= h.open_minute || local_minute < h.close_minute;
    return open && now_ms - last_seen_ms > policy.silent_after_ms;
}

int local_minute_of_day(std::int64_t epoch_ms) {
    const std::time_t seconds = static_cast<std::time_t>(epoch_ms / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    return local.tm_hour * 60 + local.tm_min;
}

}  // namespace fbk::sync::hub
