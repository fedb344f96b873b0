#include "platform/panel_rotation.h"

namespace fbk::platform {

Point PanelRotation::to_panel(Point p) const {
    const auto w = static_cast<float>(panel_width_);
    const auto h = static_cast<float>(panel_height_);
    switch (degrees_) {
        case 90:  // the picture's top edge runs down the panel's right edge
            return {w - p.y, p.x};
        case 180:
            return {w - p.x, h - p.y};
        case 270:  // the picture's top edge runs up the panel's left edge
            return {p.y, h - p.x};
        default:
            return p;
    }
}

Point PanelRotation::to_picture(Point p) const {
    const auto w = static_cast<float>(panel_width_);
    const auto h = static_cast<float>(panel_height_);
    switch (degrees_) {
        case 90:
            return {p.y, w - p.x};
        case 180:
            return {w - p.x, h - p.y};
        case 270:
            return {h - p.y, p.x};
        default:
            return p;
    }
}

}  // namespace fbk::platform
