// Drawing helpers for big touch targets. Hit-testing uses ImGui's invisible buttons; the look is
// drawn with the draw list so it does not depend on ImGui's desktop styling.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "kiosk/ui/screen_record.h"
#include "kiosk/ui/theme.h"
#include "platform/fonts.h"

namespace fbk::kiosk::ui {

struct Painter {
    ImDrawList& draw;
    const Theme& theme;
    const platform::FontSet& fonts;
    ScreenRecord& record;
};

enum class ButtonStyle { Primary, Secondary, Choice, ChoiceSelected };

// Word-wrapped lines. Our own: Dear ImGui 1.86 cannot centre wrapped text.
std::vector<std::string_view> wrap_text(const ImFont& font, std::string_view text, float width);

// Centred in [x, x + width] from y down; returns the height used. A word wider than the box is
// recorded as a layout problem under `where`.
float draw_centered_text(Painter& p, const ImFont& font, std::string_view text, float x, float y,
                         float width, ImU32 color, std::string_view where);

// A tappable button registered under `id` (and `aliases`). True on the frame it was tapped.
bool text_button(Painter& p, std::string_view id, std::string_view label, Rect rect,
                 ButtonStyle style, const ImFont& font, TargetKind kind = TargetKind::Answer,
                 std::initializer_list<std::string_view> aliases = {});

// A tick in the top-left corner of a chosen button.
void draw_tick(Painter& p, Rect rect);

// An invisible area that reports when a press starts and ends (for long presses).
struct PressChange {
    bool started = false;
    bool ended = false;
};
PressChange press_area(Painter& p, std::string_view id, Rect rect);

// Left-aligned, word-wrapped; returns the height used.
float draw_wrapped_text(Painter& p, const ImFont& font, std::string_view text, float x, float y,
                        float width, ImU32 color);

// A smiley face 1..5 with its label underneath, all inside `rect`.
bool smiley_button(Painter& p, std::string_view id, int value, std::string_view label, Rect rect,
                   bool selected, std::initializer_list<std::string_view> aliases = {});

}  // namespace fbk::kiosk::ui
