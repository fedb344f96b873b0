// Colours and sizes. Text colours keep at least 7:1 contrast on their background; every
// tappable target is large enough for an unsteady finger on a 10" 1280x800 screen. The
// high-contrast theme is white and yellow on black; ui tests measure both (see README
// "Accessibility").
#pragma once

#include <algorithm>

#include <imgui.h>

namespace fbk::kiosk::ui {

struct Theme {
    bool high_contrast = false;
    ImU32 background = IM_COL32(0xF4, 0xF6, 0xF8, 0xFF);
    ImU32 text = IM_COL32(0x1B, 0x1F, 0x24, 0xFF);
    ImU32 muted_text = IM_COL32(0x3D, 0x44, 0x4D, 0xFF);
    ImU32 primary = IM_COL32(0x0B, 0x53, 0x94, 0xFF);
    ImU32 primary_pressed = IM_COL32(0x08, 0x3D, 0x6E, 0xFF);
    ImU32 on_primary = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
    ImU32 surface = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
    ImU32 surface_pressed = IM_COL32(0xDC, 0xE6, 0xF0, 0xFF);
    ImU32 outline = IM_COL32(0x1B, 0x1F, 0x24, 0xFF);
    ImU32 alarm = IM_COL32(0x9E, 0x1B, 0x1B, 0xFF);  // white text on it: 7.8:1
    // The ring around the target speech mode is on: seen as well as heard.
    ImU32 focus = IM_COL32(0x6A, 0x1B, 0x9A, 0xFF);
    // Eyes and mouth of the smileys, on their light fills.
    ImU32 face_ink = IM_COL32(0x1B, 0x1F, 0x24, 0xFF);
    // Smiley faces, very bad .. very good. Shape and label carry the meaning; colour only helps.
    ImU32 smiley[5] = {IM_COL32(0xE5, 0x73, 0x73, 0xFF), IM_COL32(0xFF, 0xB7, 0x4D, 0xFF),
                       IM_COL32(0xFF, 0xE0, 0x82, 0xFF), IM_COL32(0xAE, 0xD5, 0x81, 0xFF),
                       IM_COL32(0x66, 0xBB, 0x6A, 0xFF)};

    float scale = 1.0f;      // 1 at 1280x800 (see layout_scale)
    float px_per_mm = 5.9f;  // from the panel's DPI
    float margin() const { return std::max(48 * scale, 3 * px_per_mm); }
    float gap() const { return std::max(24 * scale, 3 * px_per_mm); }
    // EN 301 549 / kiosk guidance: answer targets at least 20 mm, at least 3 mm apart.
    float min_target() const { return 20 * px_per_mm; }
    float rounding() const { return 18 * scale; }
    float outline_width() const { return 3 * scale; }
};

Theme make_theme(float scale, int dpi, bool high_contrast = false);

}  // namespace fbk::kiosk::ui
