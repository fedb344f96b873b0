// Colours and sizes. Text colours keep at least 7:1 contrast on their background; every
// tappable target is large enough for an unsteady finger on a 10" 1280x800 screen.
#pragma once

#include <imgui.h>

namespace fbk::kiosk::ui {

struct Theme {
    ImU32 background = IM_COL32(0xF4, 0xF6, 0xF8, 0xFF);
    ImU32 text = IM_COL32(0x1B, 0x1F, 0x24, 0xFF);
    ImU32 muted_text = IM_COL32(0x3D, 0x44, 0x4D, 0xFF);
    ImU32 primary = IM_COL32(0x0B, 0x53, 0x94, 0xFF);
    ImU32 primary_pressed = IM_COL32(0x08, 0x3D, 0x6E, 0xFF);
    ImU32 on_primary = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
    ImU32 surface = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
    ImU32 surface_pressed = IM_COL32(0xDC, 0xE6, 0xF0, 0xFF);
    ImU32 outline = IM_COL32(0x1B, 0x1F, 0x24, 0xFF);
    // Smiley faces, very bad .. very good. Shape and label carry the meaning; colour only helps.
    ImU32 smiley[5] = {IM_COL32(0xE5, 0x73, 0x73, 0xFF), IM_COL32(0xFF, 0xB7, 0x4D, 0xFF),
                       IM_COL32(0xFF, 0xE0, 0x82, 0xFF), IM_COL32(0xAE, 0xD5, 0x81, 0xFF),
                       IM_COL32(0x66, 0xBB, 0x6A, 0xFF)};

    float scale = 1.0f;  // window height / 800
    float margin() const { return 48 * scale; }
    float gap() const { return 24 * scale; }
    float rounding() const { return 18 * scale; }
    float outline_width() const { return 3 * scale; }
};

Theme make_theme(float window_height);

}  // namespace fbk::kiosk::ui
