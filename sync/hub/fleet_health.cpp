#include "sync/hub/fleet_health.h"

#include <charconv>
#include <ctime>

namespace fbk::sync::hub {

namespace {

std::optional<int> parse_clock(std::string_view text) {
    int hours = 0;
    int minutes = 0;
    if (text.size() != 5 || text[2] != ':') {
        return std::nullopt;
    }
    const auto h = std::from_chars(text.data(), text.data() + 2, hours);
    const auto m = std::from_chars(text.data() + 3, text.data() + 5, minutes);
    if (h.ec != std::errc() || h.ptr != text.data() + 2 || m.ec != std::errc() ||
        m.ptr != text.data() + 5 || minutes > 59 || hours > 24 || (hours == 24 && minutes != 0)) {
        return std::nullopt;
    }
    return hours * 60 + minutes;
}

}  // namespace

std::optional<OpeningHours> parse_opening_hours(std::string_view text) {
    const auto dash = text.find('-');
    if (dash == std::string_view::npos) {
        return std::nullopt;
    }
    const auto open = parse_clock(text.substr(0, dash));
    const auto close = parse_clock(text.substr(dash + 1));
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
