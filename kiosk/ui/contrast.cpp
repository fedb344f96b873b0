#include "kiosk/ui/contrast.h"

#include <algorithm>
#include <cmath>

namespace fbk::kiosk::ui {

namespace {

double linear(std::uint32_t channel) {
    const double c = static_cast<double>(channel & 0xFFu) / 255.0;
    return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

}  // namespace

double relative_luminance(std::uint32_t rgba) {
    return 0.2126 * linear(rgba) + 0.7152 * linear(rgba >> 8) + 0.0722 * linear(rgba >> 16);
}

double contrast_ratio(std::uint32_t a, std::uint32_t b) {
    const double la = relative_luminance(a);
    const double lb = relative_luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

bool is_large_text(float em_pixels, bool bold, int dpi) {
    const float points = em_pixels * 72.0f / static_cast<float>(dpi);
    return points >= (bold ? 14.0f : 18.0f);
}

}  // namespace fbk::kiosk::ui
