#include "kiosk/ui/theme.h"

namespace fbk::kiosk::ui {

Theme make_theme(float scale, int dpi) {
    Theme theme;
    theme.scale = scale;
    theme.px_per_mm = static_cast<float>(dpi) / 25.4f;
    return theme;
}

}  // namespace fbk::kiosk::ui
