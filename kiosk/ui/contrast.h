// WCAG 2.x contrast: relative luminance of sRGB colours and the ratio between two of them
// (1:1 to 21:1). EN 301 549 clause 9.1.4.3 asks 4.5:1 for text, 3:1 for large text, and 9.1.4.11
// 3:1 for the edges of controls and for graphics that carry meaning.
#pragma once

#include <cstdint>

namespace fbk::kiosk::ui {

// An IM_COL32 value: red in the low byte. Alpha is ignored (every colour we draw is opaque).
double relative_luminance(std::uint32_t rgba);
double contrast_ratio(std::uint32_t a, std::uint32_t b);

// WCAG's "large text": 18 pt, or 14 pt bold, at the panel's real size. `em_pixels` is the
// font's em (Dear ImGui's FontSize is ascent + descent, larger than the em).
bool is_large_text(float em_pixels, bool bold, int dpi);

}  // namespace fbk::kiosk::ui
