// Opening hours, written the same way for a kiosk ([display] opening_hours: outside them the
// screen goes dark until someone touches it) and for a site on the hub (--site-hours: a kiosk
// is "silent" only while its site is open).
//
//   "Mon-Fri 07:00-20:00, Sat 08:00-12:30"   weekdays and Saturday morning
//   "06:30-22:00"                            every day
//   "Mon-Sun 22:00-06:00"                    overnight: opens on those days, closes the next
//
// Times are local: the kiosk's (TZ, or [kiosk] timezone), or the hub's.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/protocol/clock_time.h"

namespace fbk::sync::protocol {

struct OpeningSpan {
    std::uint8_t weekdays = 0x7F;  // the days it opens: bit 0 = Monday .. bit 6 = Sunday
    int open_minute = 0;           // minutes after local midnight
    int close_minute = 24 * 60;    // exclusive; not after open_minute: the next day
};

struct OpeningHours {
    std::vector<OpeningSpan> spans;  // empty: always open

    bool always_open() const { return spans.empty(); }
    bool is_open(WeekTime now) const;
};

// The hours, or a message saying what is wrong with `text` (for "[display] opening_hours: ...",
// or a line of the hub's --site-hours file).
struct OpeningHoursParse {
    OpeningHours hours;
    std::optional<std::string> error;
};
OpeningHoursParse parse_opening_hours(std::string_view text);

}  // namespace fbk::sync::protocol
