// When a kiosk's silence is an alert: only when it has been quiet for longer than the limit
// and the site is open, so a kiosk switched off overnight does not page anyone.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace fbk::sync::hub {

struct OpeningHours {
    int open_minute = 0;         // minutes after local midnight
    int close_minute = 24 * 60;  // exclusive; smaller than open_minute spans midnight
};

// "07:00-20:00"; nullopt when malformed.
std::optional<OpeningHours> parse_opening_hours(std::string_view text);

struct SilencePolicy {
    std::int64_t silent_after_ms = 30 * 60 * 1000;
    OpeningHours hours;
};

// `local_minute` is the hub's local time of day now, in minutes after midnight.
bool is_silent(std::int64_t last_seen_ms, std::int64_t now_ms, int local_minute,
               const SilencePolicy& policy);

// Minutes after local midnight of a wall-clock time, in the hub's time zone (TZ).
int local_minute_of_day(std::int64_t epoch_ms);

}  // namespace fbk::sync::hub
