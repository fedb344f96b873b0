// When the kiosk is open to patients. Outside these hours the screen goes dark (a lit survey in
// an empty waiting room at night invites nobody and wears the panel) until someone touches it.
//
//   "Mon-Fri 07:00-20:00, Sat 08:00-12:30"   weekdays and Saturday morning
//   "06:30-22:00"                            every day
//   "Mon-Sun 22:00-06:00"                    overnight: opens on those days, closes the next
//
// Times are the kiosk's local time (TZ, or [kiosk] timezone).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/stage_choice.h"

namespace fbk::kiosk::core {

struct OpeningSpan {
    std::uint8_t weekdays = 0x7F;  // the days it opens: bit 0 = Monday .. bit 6 = Sunday
    int open_minute = 0;           // minutes after local midnight
    int close_minute = 24 * 60;    // exclusive; not after open_minute: the next day
};

struct OpeningHours {
    std::vector<OpeningSpan> spans;  // empty: always open

    bool always_open() const { return spans.empty(); }
    bool is_open(LocalTime now) const;
};

// The hours, or a message saying what is wrong with `text` (for "[display] opening_hours: ...").
struct OpeningHoursParse {
    OpeningHours hours;
    std::optional<std::string> error;
};
OpeningHoursParse parse_opening_hours(std::string_view text);

}  // namespace fbk::kiosk::core
