// Shared by the screen files: one frame's painter, model and size, and the layout helpers every
// screen uses (the bottom bar, grids of equal targets).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "kiosk/ui/kiosk_ui.h"
#include "kiosk/ui/widgets.h"

namespace fbk::kiosk::ui {

struct Frame {
    Painter& p;
    const UiModel& m;
    float width;
    float height;

    const Theme& theme() const { return p.theme; }
    // The patient's language, or the kiosk's default before one is chosen.
    std::string_view language() const {
        return m.state.language.empty() ? std::string_view(m.flow.default_language)
                                        : std::string_view(m.state.language);
    }
    std::string_view text(std::string_view key) const { return m.strings.get(language(), key); }
};

// Lays `count` equal cells in rows of at most `per_row`, centred in `area`; calls draw(i, rect).
void grid(const Rect& area, int count, int per_row, float gap, float max_cell_w, float max_cell_h,
          const std::function<void(int, Rect)>& draw);

// How many cells of at least `min_w` fit side by side in `width`.
int cells_that_fit(float width, float min_w, float gap);

// Rows of at most `fit`, shared evenly: 6 buttons that fit 4 a row are 3 + 3.
int balanced_per_row(int count, int fit);

// The question text at the top; returns its bottom edge.
float draw_question_text(Frame& f, std::string_view text, float top);

// The bar at the bottom: back on the left, progress in the middle, up to two controls on the
// right (the rightmost first). Returns the bar's top edge.
struct BarControl {
    std::string id;
    std::string_view label;
    core::Event event;
    bool primary = false;
};
float bottom_bar(Frame& f, std::optional<core::Event>& intent, bool back, std::string_view progress,
                 std::initializer_list<BarControl> controls);

std::optional<core::Event> question_screen(Frame& f);
std::optional<core::Event> free_text_screen(Frame& f);
std::optional<core::Event> staff_pin_screen(Frame& f);
std::optional<core::Event> staff_screen(Frame& f);

}  // namespace fbk::kiosk::ui
