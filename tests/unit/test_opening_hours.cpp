#include <doctest/doctest.h>

#include "sync/protocol/opening_hours.h"

namespace core = fbk::sync::protocol;  // the opening hours kiosks and sites share

namespace {

constexpr int kMon = 0;
constexpr int kFri = 4;
constexpr int kSat = 5;
constexpr int kSun = 6;

int at(int hours, int minutes) {
    return hours * 60 + minutes;
}

core::OpeningHours hours_of(const char* text) {
    const auto parsed = core::parse_opening_hours(text);
    INFO(text);
    REQUIRE_FALSE(parsed.error);
    return parsed.hours;
}

}  // namespace

TEST_CASE("no opening hours: always open") {
    for (const char* text : {"", "  ", "always"}) {
        const auto hours = hours_of(text);
        CHECK(hours.always_open());
        CHECK(hours.is_open({kSun, at(3, 0)}));
    }
}

TEST_CASE("weekdays and a Saturday morning") {
    const auto hours = hours_of("Mon-Fri 07:00-20:00, sat 08:00-12:30");
    CHECK_FALSE(hours.is_open({kMon, at(6, 59)}));
    CHECK(hours.is_open({kMon, at(7, 0)}));
    CHECK(hours.is_open({kFri, at(19, 59)}));
    CHECK_FALSE(hours.is_open({kFri, at(20, 0)}));  // closing time is exclusive
    CHECK_FALSE(hours.is_open({kSat, at(7, 59)}));
    CHECK(hours.is_open({kSat, at(12, 29)}));
    CHECK_FALSE(hours.is_open({kSat, at(12, 30)}));
    CHECK_FALSE(hours.is_open({kSun, at(10, 0)}));
}

TEST_CASE("times without days are every day; 00:00-24:00 is all day") {
    const auto daily = hours_of("06:30-22:00");
    for (int day = 0; day < 7; ++day) {
        CHECK(daily.is_open({day, at(6, 30)}));
        CHECK_FALSE(daily.is_open({day, at(22, 0)}));
    }
    const auto all_day = hours_of("daily 00:00-24:00");
    CHECK(all_day.is_open({kSun, 0}));
    CHECK(all_day.is_open({kSun, at(23, 59)}));
}

TEST_CASE("an overnight span closes the morning after the day it opens") {
    const auto hours = hours_of("Fri-Sat 22:00-06:00");
    CHECK_FALSE(hours.is_open({kFri, at(21, 59)}));
    CHECK(hours.is_open({kFri, at(23, 0)}));
    CHECK(hours.is_open({kSat, at(5, 59)}));  // Friday night
    CHECK_FALSE(hours.is_open({kSat, at(6, 0)}));
    CHECK(hours.is_open({kSun, at(2, 0)}));        // Saturday night
    CHECK_FALSE(hours.is_open({kMon, at(2, 0)}));  // no Sunday night
    CHECK_FALSE(hours.is_open({kFri, at(2, 0)}));  // no Thursday night
}

TEST_CASE("a day range may wrap around the week") {
    const auto hours = hours_of("Sat-Mon 10:00-11:00");
    CHECK(hours.is_open({kSat, at(10, 0)}));
    CHECK(hours.is_open({kSun, at(10, 0)}));
    CHECK(hours.is_open({kMon, at(10, 0)}));
    CHECK_FALSE(hours.is_open({kFri, at(10, 0)}));
}

TEST_CASE("malformed hours name the span and say what is wrong") {
    const auto error = [](const char* text) {
        const auto parsed = core::parse_opening_hours(text);
        REQUIRE(parsed.error);
        CHECK(parsed.hours.always_open());  // nothing half-parsed is kept
        return *parsed.error;
    };
    CHECK(error("Mon-Fri 07:00-20:00, Sunday 10:00-12:00").starts_with("'Sunday 10:00-12:00'"));
    CHECK(error("Mon-Fri 07:00-20:00, Sunday 10:00-12:00").find("days such as") !=
          std::string::npos);
    CHECK(error("Mon-Fri 7:00-20:00").find("opening and closing times") != std::string::npos);
    CHECK(error("Mon-Fri 07:00").find("opening and closing times") != std::string::npos);
    CHECK(error("07:00-25:00").find("opening and closing times") != std::string::npos);
    CHECK(error("08:00-08:00").find("same time") != std::string::npos);
    CHECK(error("24:00-06:00").find("24:00") != std::string::npos);
    CHECK(error("Mon-Fri 07:00-20:00,").starts_with("''"));
}
