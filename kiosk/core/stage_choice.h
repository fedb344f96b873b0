// Which journey stage (and so which survey) the next patient gets. Strongest first: a staff
// override, the kiosk's schedule (or, when the kiosk has none, the pack's), then the kiosk's
// configured stage, which may be "ask": the patient answers the pack's "Where are you in
// today's visit?".
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sync/protocol/clock_time.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::kiosk::core {

namespace protocol = fbk::sync::protocol;

inline constexpr std::string_view kAskPatient = "ask";

using LocalTime = protocol::WeekTime;

struct StageChoice {
    std::string stage;  // empty when the patient is asked
    protocol::StageSource source = protocol::StageSource::Config;
    bool ask_patient() const { return stage.empty(); }
};

// `staff_override` is empty when staff have not chosen a stage; `kiosk_schedule` is empty when
// the kiosk has no schedule of its own.
StageChoice choose_stage(const protocol::SurveyPack& pack,
                         const std::vector<protocol::ScheduleSlot>& kiosk_schedule,
                         const std::string& config_stage, const std::string& staff_override,
                         LocalTime now);

}  // namespace fbk::kiosk::core
