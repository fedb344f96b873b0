#include "kiosk/ui/theme.h"

namespace fbk::kiosk::ui {

Theme make_theme(float window_height) {
    Theme theme;
    theme.scale = window_height / 800.0f;
    return theme;
}

}  // namespace fbk::kiosk::ui
