#include "sync/hub/store/utc_time.h"

#include <cstdio>
#include <ctime>
#include <string>

namespace fbk::sync::hub {

std::string format_utc_iso8601(std::int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[40];
    const auto n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char ms[8];
    std::snprintf(ms, sizeof ms, ".%03dZ", static_cast<int>(unix_ms % 1000));
    return std::string(buf, n) + ms;
}

std::optional<std::int64_t> parse_utc_time(std::string_view text) {
    const bool date_only = text.size() == 10;
    if (!date_only && !(text.size() == 20 && text[10] == 'T' && text[19] == 'Z')) {
        return std::nullopt;
    }
    const std::string s(text);
    std::tm tm{};
    int consumed = 0;
    const int fields =
        date_only ? std::sscanf(s.c_str(), "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                                &consumed)
                  : std::sscanf(s.c_str(), "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &tm.tm_year, &tm.tm_mon,
                                &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &consumed);
    if (fields != (date_only ? 3 : 6) || consumed != static_cast<int>(s.size()) || tm.tm_mon < 1 ||
        tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
        tm.tm_sec > 59 || tm.tm_year < 1970 || tm.tm_year > 9999) {
        return std::nullopt;
    }
    const int year = tm.tm_year;
    const int month = tm.tm_mon;
    const int day = tm.tm_mday;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    const std::time_t seconds = timegm(&tm);
    // timegm moves 2026-02-31 to 2026-03-03 without a word: the date must come back as given.
    std::tm back{};
    gmtime_r(&seconds, &back);
    if (back.tm_year + 1900 != year || back.tm_mon + 1 != month || back.tm_mday != day) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(seconds) * 1000;
}

}  // namespace fbk::sync::hub
