#include "sync/protocol/opening_hours.h"

#include <algorithm>
#include <cctype>

#include "sync/protocol/clock_time.h"

namespace fbk::sync::protocol {

namespace {

constexpr int kDay = 24 * 60;

bool opens_on(const OpeningSpan& span, int weekday) {
    return (span.weekdays & (1U << weekday)) != 0;
}

std::optional<int> weekday_index(std::string_view name) {
    std::string lower;
    for (const char c : name) {
        lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const auto it = std::find(kWeekdays.begin(), kWeekdays.end(), lower);
    if (it == kWeekdays.end()) {
        return std::nullopt;
    }
    return static_cast<int>(it - kWeekdays.begin());
}

// "Mon-Fri", "Sat", "daily" -> the weekday bits; a range may wrap ("Fri-Mon").
std::optional<std::uint8_t> parse_days(std::string_view text) {
    if (text == "daily") {
        return 0x7F;
    }
    const auto dash = text.find('-');
    const auto first = weekday_index(text.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : weekday_index(text.substr(dash + 1));
    if (!first || !last) {
        return std::nullopt;
    }
    std::uint8_t bits = 0;
    for (int d = *first;; d = (d + 1) % 7) {
        bits |= static_cast<std::uint8_t>(1U << d);
        if (d == *last) {
            break;
        }
    }
    return bits;
}

}  // namespace

bool OpeningHours::is_open(WeekTime now) const {
    if (always_open()) {
        return true;
    }
    const int yesterday = (now.weekday + 6) % 7;
    return std::any_of(spans.begin(), spans.end(), [&](const OpeningSpan& s) {
        if (s.open_minute < s.close_minute) {
            return opens_on(s, now.weekday) && now.minute >= s.open_minute &&
                   now.minute < s.close_minute;
        }
        // Overnight: the evening of a day it opens, or the morning after one.
        return (opens_on(s, now.weekday) && now.minute >= s.open_minute) ||
               (opens_on(s, yesterday) && now.minute < s.close_minute);
    });
}

OpeningHoursParse parse_opening_hours(std::string_view text) {
    OpeningHoursParse result;
    text = trim_blanks(text);
    if (text.empty() || text == "always") {
        return result;
    }
    const auto fail = [&](std::string_view span, const std::string& why) {
        result.error = "'" + std::string(span) + "' " + why +
                       " (write spans such as 'Mon-Fri 07:00-20:00, Sat 08:00-12:00')";
        result.hours = {};
        return result;
    };
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(',', start), text.size());
        const std::string_view span = trim_blanks(text.substr(start, end - start));
        start = end + 1;
        OpeningSpan parsed;
        std::string_view times = span;
        if (const auto space = span.find_last_of(" \t"); space != std::string_view::npos) {
            const auto days = parse_days(trim_blanks(span.substr(0, space)));
            if (!days) {
                return fail(span, "does not start with days such as Mon, Mon-Fri or daily");
            }
            parsed.weekdays = *days;
            times = span.substr(space + 1);
        }
        const auto dash = times.find('-');
        const auto open = parse_clock_time(times.substr(0, dash));
        const auto close = dash == std::string_view::npos
                               ? std::nullopt
                               : parse_clock_time(times.substr(dash + 1));
        if (!open || !close) {
            return fail(span, "does not end with opening and closing times such as 07:00-20:00");
        }
        if (*open == kDay) {
            return fail(span, "opens at 24:00; write 00:00 on the next day");
        }
        if (*open == *close) {
            return fail(span, "opens and closes at the same time; 00:00-24:00 is all day");
        }
        parsed.open_minute = *open;
        parsed.close_minute = *close;
        result.hours.spans.push_back(parsed);
    }
    return result;
}

}  // namespace fbk::sync::protocol
