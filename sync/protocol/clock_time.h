// Times of day and weekdays as people write them in schedules and opening hours.
#pragma once

#include <array>
#include <optional>
#include <string_view>

namespace fbk::sync::protocol {

// Monday first, as ISO 8601 and the rest of the product count them (bit 0 = Monday).
inline constexpr std::array<std::string_view, 7> kWeekdays = {"mon", "tue", "wed", "thu",
                                                              "fri", "sat", "sun"};

// A moment of the week in local time, as schedules and opening hours are written.
struct WeekTime {
    int weekday = 0;  // 0 = Monday .. 6 = Sunday
    int minute = 0;   // minutes after local midnight
};

// Without the spaces and tabs around it, as each part of a schedule or opening hours is read.
std::string_view trim_blanks(std::string_view text);

// "07:30" -> 450; nullopt unless HH:MM with 00 <= HH <= 24 and the result <= 24:00.
std::optional<int> parse_clock_time(std::string_view text);

}  // namespace fbk::sync::protocol
