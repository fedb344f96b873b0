// When a kiosk's silence is an alert: only when it has been quiet for longer than the limit
// and its site is open, so a kiosk switched off overnight or over a closed weekend pages nobody.
// Opening hours are written as a kiosk's are (sync/protocol/opening_hours.h:
// "Mon-Fri 07:00-20:00, Sat 09:00-13:00"), per site, in the hub's local time.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sync/protocol/opening_hours.h"

namespace fbk::sync::hub {

struct SilencePolicy {
    std::int64_t silent_after_ms = 30 * 60 * 1000;
    protocol::OpeningHours hours;  // sites without their own (always open by default)
    std::map<std::string, protocol::OpeningHours, std::less<>> sites;

    const protocol::OpeningHours& hours_of(std::string_view site) const;
};

// `now` is the hub's local weekday and time of day.
bool is_silent(std::int64_t last_seen_ms, std::int64_t now_ms, protocol::WeekTime now,
               std::string_view site, const SilencePolicy& policy);

// The weekday and minute of a wall-clock time in the hub's time zone (TZ).
protocol::WeekTime local_week_time(std::int64_t epoch_ms);

// A --site-hours file: one line per site, "north = Mon-Fri 07:00-20:00, Sat 09:00-13:00";
// '#' starts a comment. The sites' hours, or nullopt and `problem` naming the file, the line
// and what is wrong.
std::optional<std::map<std::string, protocol::OpeningHours, std::less<>>> load_site_hours(
    const std::filesystem::path& file, std::string& problem);

}  // namespace fbk::sync::hub
