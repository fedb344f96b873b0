#include "sync/hub/store/utc_time.h"

#include <cstdio>
#include <cstring>
#include <ctime>
#include <limits>
#include <string>

namespace fbk::sync::hub {

namespace {

// The C library's way, for years outside 0000-9999 (none a kiosk's clock can report).
std::string format_with_libc(std::int64_t unix_ms) {
    const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char buf[40];
    const auto n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    char ms[8];
    std::snprintf(ms, sizeof ms, ".%03dZ", static_cast<int>(unix_ms % 1000));
    return std::string(buf, n) + ms;
}

void put_digits(char* at, unsigned value, int width) {
    for (int i = width - 1; i >= 0; --i) {
        at[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
}

}  // namespace

// Days since 1970-01-01 to the civil date by Howard Hinnant's civil_from_days ("chrono-
// Compatible Low-Level Date Algorithms"): the proleptic Gregorian calendar in 400-year eras of
// 146 097 days, with years starting on 1 March so that the leap day comes last. gmtime_r,
// strftime and snprintf took a sixth of a CSV export's time (perf); this takes none of it.
void append_utc_iso8601(std::string& out, std::int64_t unix_ms) {
    constexpr std::int64_t kMsPerDay = 86'400'000;
    std::int64_t days = unix_ms / kMsPerDay;
    std::int64_t ms_of_day = unix_ms % kMsPerDay;
    if (ms_of_day < 0) {  // floor division for times before 1970
        ms_of_day += kMsPerDay;
        --days;
    }
    // An export's times fall on few days: the date of the last day asked is kept per thread.
    thread_local std::int64_t cached_days = std::numeric_limits<std::int64_t>::min();
    thread_local char cached_date[11] = {};
    if (days != cached_days) {
        const std::int64_t z = days + 719'468;
        const std::int64_t era = (z >= 0 ? z : z - 146'096) / 146'097;
        const std::int64_t doe = z - era * 146'097;  // [0, 146096]
        const std::int64_t yoe =
            (doe - doe / 1460 + doe / 36'524 - doe / 146'096) / 365;       // [0, 399]
        const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);  // [0, 365]
        const std::int64_t mp = (5 * doy + 2) / 153;                       // [0, 11]
        const auto day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
        const auto month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
        const std::int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            out += format_with_libc(unix_ms);
            return;
        }
        std::memcpy(cached_date, "0000-00-00T", 11);
        put_digits(cached_date, static_cast<unsigned>(year), 4);
        put_digits(cached_date + 5, month, 2);
        put_digits(cached_date + 8, day, 2);
        cached_days = days;
    }
    char text[] = "0000-00-00T00:00:00.000Z";
    std::memcpy(text, cached_date, 11);
    const auto seconds = static_cast<unsigned>(ms_of_day / 1000);
    put_digits(text + 11, seconds / 3600, 2);
    put_digits(text + 14, seconds / 60 % 60, 2);
    put_digits(text + 17, seconds % 60, 2);
    put_digits(text + 20, static_cast<unsigned>(ms_of_day % 1000), 3);
    out.append(text, sizeof text - 1);
}

std::string format_utc_iso8601(std::int64_t unix_ms) {
    std::string out;
    append_utc_iso8601(out, unix_ms);
    return out;
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
