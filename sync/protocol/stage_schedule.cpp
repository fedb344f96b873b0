#include "sync/protocol/stage_schedule.h"

#include "sync/protocol/clock_time.h"
#include "sync/protocol/opening_hours.h"
#include "sync/protocol/stages.h"

namespace fbk::sync::protocol {

namespace {

constexpr std::string_view kShape =
    " (write slots such as 'Mon-Fri 07:00-11:00 LABORATORY, Sat 08:00-12:00 WAITING')";

}  // namespace

StageScheduleParse parse_stage_schedule(std::string_view text) {
    StageScheduleParse result;
    text = trim_blanks(text);
    if (text.empty()) {
        return result;
    }
    const auto fail = [&](std::string_view slot, const std::string& why) {
        result.error = "'" + std::string(slot) + "' " + why + std::string(kShape);
        result.slots.clear();
        return result;
    };
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto end = std::min(text.find(',', start), text.size());
        const std::string_view slot = trim_blanks(text.substr(start, end - start));
        start = end + 1;
        if (result.slots.size() == kMaxStageScheduleSlots) {
            return fail(slot, "is one slot too many: at most " +
                                  std::to_string(kMaxStageScheduleSlots) + " slots");
        }
        const auto space = slot.find_last_of(" \t");
        if (space == std::string_view::npos) {
            return fail(slot, "needs a time span and a stage");
        }
        const std::string stage(trim_blanks(slot.substr(space + 1)));
        if (!is_known_stage(stage)) {
            return fail(slot, "does not end with a journey stage code such as WAITING");
        }
        // The days and times are written as opening hours are, one span per slot.
        const auto hours = parse_opening_hours(slot.substr(0, space));
        if (hours.error || hours.hours.spans.size() != 1) {
            return fail(slot, "does not start with days and times such as Mon-Fri 07:00-11:00");
        }
        const OpeningSpan& span = hours.hours.spans.front();
        if (span.close_minute <= span.open_minute) {
            return fail(slot, "runs past midnight; split it into two slots");
        }
        result.slots.push_back({stage, span.weekdays, span.open_minute, span.close_minute});
    }
    return result;
}

}  // namespace fbk::sync::protocol
