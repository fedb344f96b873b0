#include "kiosk/ui/theme.h"

namespace fbk::kiosk::ui {

Theme make_theme(float scale, int dpi, bool high_contrast) {
    Theme theme;
    theme.scale = scale;
    theme.px_per_mm = static_cast<float>(dpi) / 25.4f;
    if (high_contrast) {
        // White and yellow on black: the pairing low-vision guidance recommends.
        theme.high_contrast = true;
        theme.background = IM_COL32(0x00, 0x00, 0x00, 0xFF);
        theme.text = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
        theme.muted_text = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
        theme.primary = IM_COL32(0xFF, 0xE0, 0x00, 0xFF);
        theme.primary_pressed = IM_COL32(0xFF, 0xFF, 0x80, 0xFF);
        theme.on_primary = IM_COL32(0x00, 0x00, 0x00, 0xFF);
        theme.surface = IM_COL32(0x00, 0x00, 0x00, 0xFF);
        theme.surface_pressed = IM_COL32(0x33, 0x33, 0x33, 0xFF);
        theme.outline = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
        theme.alarm = IM_COL32(0x9E, 0x1B, 0x1B, 0xFF);
        theme.focus = IM_COL32(0x00, 0xE5, 0xFF, 0xFF);
    }
    return theme;
}

}  // namespace fbk::kiosk::ui
