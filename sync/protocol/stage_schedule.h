// A kiosk's stage schedule as IT staff write it, in the kiosk's configuration ([kiosk]
// schedule) or set from the hub for a kiosk, a site or all: which journey stage, and so which
// survey, the kiosk asks about at which times of the week. The schedule belongs to where the
// kiosk stands, not to the survey pack, which several sites share.
//
//   "Mon-Fri 07:00-11:00 LABORATORY, Mon-Fri 11:00-16:00 WAITING"
//   "08:00-12:00 ARRIVAL"                        every day
//
// The first slot open at a moment wins; outside every slot the configured stage is asked
// about. A slot ends on the day it starts (split one that runs past midnight in two).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/protocol/survey_pack.h"

namespace fbk::sync::protocol {

inline constexpr std::size_t kMaxStageScheduleSlots = 32;

struct StageScheduleParse {
    std::vector<ScheduleSlot> slots;   // empty text: no schedule
    std::optional<std::string> error;  // what is wrong, naming the slot
};

StageScheduleParse parse_stage_schedule(std::string_view text);

}  // namespace fbk::sync::protocol
