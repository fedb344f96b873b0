#include "kiosk/core/stage_choice.h"

namespace fbk::kiosk::core {

StageChoice choose_stage(const protocol::SurveyPack& pack,
                         const std::vector<protocol::ScheduleSlot>& kiosk_schedule,
                         const std::string& config_stage, const std::string& staff_override,
                         LocalTime now) {
    if (!staff_override.empty() && pack.survey_for_stage(staff_override) != nullptr) {
        return {staff_override, protocol::StageSource::Staff};
    }
    const auto& schedule = kiosk_schedule.empty() ? pack.schedule : kiosk_schedule;
    for (const protocol::ScheduleSlot& slot : schedule) {
        const bool today = (slot.weekdays >> now.weekday) & 1U;
        if (today && now.minute >= slot.from_minute && now.minute < slot.to_minute &&
            pack.survey_for_stage(slot.stage) != nullptr) {
            return {slot.stage, protocol::StageSource::Schedule};
        }
    }
    if (config_stage == kAskPatient && pack.stage_question) {
        return {"", protocol::StageSource::Patient};
    }
    return {config_stage, protocol::StageSource::Config};
}

}  // namespace fbk::kiosk::core
