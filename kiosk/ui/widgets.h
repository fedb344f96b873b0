// Drawing helpers for big touch targets. Hit-testing uses ImGui's invisible buttons; the look is
// drawn with the draw list so it does not depend on ImGui's desktop styling.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "kiosk/ui/screen_record.h"
#include "kiosk/ui/theme.h"
#include "platform/fonts.h"

namespace fbk::kiosk::ui {

// Vertices [begin, end) of the draw list that a mirrored frame moves without flipping (text).
struct VertexRange {
    int begin = 0;
    int end = 0;
};

struct Painter {
    ImDrawList& draw;
    const Theme& theme;
    const platform::FontSet& fonts;
    ScreenRecord& record;
    // Speech mode: a touch on another target than `focus` only moves the focus there
    // (`focus_request`); a touch on the focused one, or `activate` (Enter), chooses it.
    bool speech = false;
    std::string_view focus;
    bool activate = false;
    std::string focus_request;
    ImU32 ground = 0;  // what text is drawn on, for the contrast check (set per area)
    // A right-to-left screen: drawn left to right, then mirrored (mirror.h) except `upright`.
    bool mirrored = false;
    std::vector<VertexRange> upright;
};

enum class ButtonStyle { Primary, Secondary, Choice, ChoiceSelected };

// A wrapped line as shown: soft hyphens (U+00AD) dropped, and the one it was broken at, last,
// shown as "-".
std::string visible_line(std::string_view line);

// The width of one line as drawn (shaped when its script needs it: platform/text_shaper.h).
float text_width(const ImFont& font, std::string_view text);

// Word-wrapped lines. Our own: Dear ImGui 1.86 cannot centre wrapped text.
std::vector<std::string_view> wrap_text(const ImFont& font, std::string_view text, float width);

// Centred in [x, x + width] from y down; returns the height used. A word wider than the box is
// recorded as a layout problem under `where`. `spoken`: read aloud with the screen (false for
// a label that belongs to a target).
float draw_centered_text(Painter& p, const ImFont& font, std::string_view text, float x, float y,
                         float width, ImU32 color, std::string_view where, bool spoken = true);

// A tappable button registered under `id` (and `aliases`). True on the frame it was tapped
// (in speech mode: chosen). `spoken` replaces the label for speech ("Svenska" in Swedish).
struct Spoken {
    std::string_view text;
    std::string_view language;
};
bool text_button(Painter& p, std::string_view id, std::string_view label, Rect rect,
                 ButtonStyle style, const ImFont& font, TargetKind kind = TargetKind::Answer,
                 std::initializer_list<std::string_view> aliases = {}, Spoken spoken = {});

// A square button with a drawn icon and a spoken name (the help controls).
enum class Icon { Speech, Repeat, LargeText, Contrast };
bool icon_button(Painter& p, std::string_view id, Icon icon, std::string_view name, Rect rect,
                 bool on);

// A rounded rectangle filled as ImGui's AddRectFilled fills it, but as three rectangles and four
// corner fans: SDL's software renderer draws a rectangle as a rectangle and ImGui's one fan
// across the whole area triangle by triangle, pixel by pixel. Snapped to whole pixels, so that
// the parts meet without a seam.
void fill_rounded_rect(ImDrawList& draw, ImVec2 min, ImVec2 max, ImU32 color, float rounding);

// A tick in the top-left corner of a chosen button: choice is shown by shape, never by
// colour alone. Marks the last registered target as showing its state.
void draw_tick(Painter& p, Rect rect);

// Text as drawn elsewhere (the comment field, anchors), recorded for the contrast check.
void draw_text_at(Painter& p, const ImFont& font, ImVec2 pos, ImU32 color, std::string_view text,
                  std::string_view where);

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

// A horizontal line from `min` (left end) to `max` (right end) filling `rect`, with a round thumb
// at `value` (none before the patient touches it: no position is suggested). While pressed, the
// value under the finger is returned on every frame it differs from `value`, so a drag moves the
// thumb. In speech mode the first touch only says what it is, as for every target.
std::optional<int> slider_track(Painter& p, std::string_view id, Rect rect, int min, int max,
                                std::optional<std::int64_t> value, std::string_view spoken);

}  // namespace fbk::kiosk::ui
