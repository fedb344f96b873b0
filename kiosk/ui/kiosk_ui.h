// The patient's screens. They draw from the flow's state and return what the patient asked for;
// they never change state themselves (DESIGN: step() is the only place that does).
#pragma once

#include <optional>

#include "kiosk/core/flow.h"
#include "kiosk/core/ui_strings.h"
#include "kiosk/ui/screen_record.h"
#include "platform/fonts.h"

namespace fbk::kiosk::ui {

struct UiModel {
    const core::State& state;
    const core::SurveyContext& survey;
    const core::FlowSettings& flow;
    const core::UiStrings& strings;
};

// Font sizes for a window of this height (the layout scales with it).
platform::FontSizes font_sizes_for(float window_height);

// Call between ImGui::NewFrame and ImGui::Render. Fills `record` with this frame's targets.
std::optional<core::Event> draw_kiosk(const UiModel& model, const platform::FontSet& fonts,
                                      ScreenRecord& record);

}  // namespace fbk::kiosk::ui
