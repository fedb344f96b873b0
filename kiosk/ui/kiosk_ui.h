// The patient's screens (and the staff screens). They draw from the flow's state and return what
// the person asked for; they never change state themselves (step() is the only place that does).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/flow.h"
#include "kiosk/core/keyboard_layout.h"
#include "kiosk/core/staff_view.h"
#include "kiosk/core/ui_strings.h"
#include "kiosk/ui/screen_record.h"
#include "platform/display.h"
#include "platform/fonts.h"

namespace fbk::kiosk::ui {

// What the staff screen shows (kiosk/core/staff_view.h), built by the app when it is open.
using StaffView = core::StaffView;

struct UiModel {
    const core::State& state;
    const core::SurveyContext& survey;
    const core::FlowSettings& flow;
    const core::UiStrings& strings;
    const core::KeyboardLayouts& keyboards;
    const StaffView& staff;
    core::Moment now;
    int dpi = 150;
    // Speech mode: Enter on a keypad chooses the focused target in this frame.
    bool activate_focus = false;
};

// The same faces at two sizes: large-text mode switches between them. The large set is baked
// only when a patient first asks for it (it would cost ~12 MiB and ~40 ms at every start).
struct UiFonts {
    platform::FontSet normal;
    platform::FontSet large;  // all null until loaded
};

// The layout's scale for a window: 1 at 1280x800, and it follows the tighter dimension, so a
// portrait panel is not laid out as if it were wide.
float layout_scale(float width, float height);
// Font sizes for a window of this size (the layout scales with it). Large text is 1.25 times
// as big and at least big enough that a capital H subtends 0.7 degrees at the viewing distance
// (EN 301 549 5.1.4) on a panel of `dpi`.
platform::FontSizes font_sizes_for(float width, float height);
platform::FontSizes large_font_sizes_for(float width, float height, int dpi,
                                         float viewing_distance_mm);
// The smallest font size (px) whose capital H subtends 0.7 degrees at that distance.
float min_large_text_px(int dpi, float viewing_distance_mm);

// The normal font sizes for the display's size, with glyphs for every text in `texts`; with
// `large`, the large-text sizes too.
UiFonts load_ui_fonts(platform::Display& display, std::span<const std::string_view> texts, int dpi,
                      float viewing_distance_mm, bool large);
// Adds the large-text sizes to fonts loaded without them (between frames).
void load_large_fonts(UiFonts& fonts, platform::Display& display,
                      std::span<const std::string_view> texts, int dpi, float viewing_distance_mm);

// Call between ImGui::NewFrame and ImGui::Render. Fills `record` with this frame's targets.
std::optional<core::Event> draw_kiosk(const UiModel& model, const UiFonts& fonts,
                                      ScreenRecord& record);

}  // namespace fbk::kiosk::ui
