// The patient's screens (and the staff screens). They draw from the flow's state and return what
// the person asked for; they never change state themselves (DESIGN: step() is the only place).
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/flow.h"
#include "kiosk/core/keyboard_layout.h"
#include "kiosk/core/ui_strings.h"
#include "kiosk/ui/screen_record.h"
#include "platform/fonts.h"

namespace fbk::kiosk::ui {

// What the staff screen shows, gathered by the app (outbox, uploader, disk) when it is open.
struct StaffView {
    std::vector<std::pair<std::string, std::string>> lines;  // UI string key -> value
    std::string override_stage;                              // empty: automatic
    std::vector<std::string> stages;                         // every stage the pack serves
    // Shown first, in red: notice id (e.g. "staff.alarm.low_space") -> text to show.
    std::vector<std::pair<std::string, std::string>> alarms;
};

struct UiModel {
    const core::State& state;
    const core::SurveyContext& survey;
    const core::FlowSettings& flow;
    const core::UiStrings& strings;
    const core::KeyboardLayouts& keyboards;
    const StaffView& staff;
    core::Moment now;
    int dpi = 150;
};

// The layout's scale for a window: 1 at 1280x800, and it follows the tighter dimension, so a
// portrait panel is not laid out as if it were wide.
float layout_scale(float width, float height);
// Font sizes for a window of this size (the layout scales with it).
platform::FontSizes font_sizes_for(float width, float height);

// Call between ImGui::NewFrame and ImGui::Render. Fills `record` with this frame's targets.
std::optional<core::Event> draw_kiosk(const UiModel& model, const platform::FontSet& fonts,
                                      ScreenRecord& record);

}  // namespace fbk::kiosk::ui
