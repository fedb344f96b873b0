// Shared by the screen files: one frame's painter, model and size, and the layout helpers every
// screen uses (the bottom bar, grids of equal targets).
#pragma once

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "kiosk/ui/kiosk_ui.h"
#include "kiosk/ui/widgets.h"

namespace fbk::kiosk::ui {

// The language a screen is drawn in: the patient's, or the kiosk's default before one is
// chosen. A question the pack has not translated into it (its text, options or scale ends) is
// shown whole in the pack's default language, never half in one and half in another, and says
// so in the patient's language (progress_text).
std::string_view screen_language(const UiModel& m);
// The patient's language when this screen falls back from it; empty otherwise.
std::string_view fallen_back_from(const UiModel& m);

struct Frame {
    Painter& p;
    const UiModel& m;
    float width;
    float height;
    // The help controls in the top-right corner: screens keep their top text clear of it.
    float strip_w = 0;
    float strip_h = 0;

    const Theme& theme() const { return p.theme; }
    std::string_view language() const { return screen_language(m); }
    std::string_view text(std::string_view key) const { return m.strings.get(language(), key); }
    float strip_top() const { return theme().margin() * 0.5f; }
    // The right edge for text at the top of the screen, left of the help controls.
    float top_right() const {
        return strip_w > 0 ? width - strip_w - theme().gap() - theme().margin()
                           : width - theme().margin();
    }
};

// Lays `count` equal cells in rows of at most `per_row`, centred in `area`; calls draw(i, rect).
void grid(const Rect& area, int count, int per_row, float gap, float max_cell_w, float max_cell_h,
          const std::function<void(int, Rect)>& draw);

// Cells for paged_grid: `cell_h` is the height wanted, `min_cell_h` and `min_cell_w` the least
// an answer may have (20 mm, or more for what it holds).
struct GridCells {
    int count = 0;
    int per_row = 1;
    float min_cell_w = 0;
    float max_cell_w = 0;
    float cell_h = 0;
    float min_cell_h = 0;
};

// A grid() whose cells never shrink under `min_cell_h`: when their rows do not fit `area`, the
// cells come in pages (State::page) above a row of "‹ Previous answers", "Answers 1–6 of 11" and
// "More answers ›", the buttons as large as an answer; where not even one row fits above those,
// one row between "‹" and "›" buttons. draw(i, rect) gets the index among all the cells.
void paged_grid(Frame& f, std::optional<core::Event>& intent, const Rect& area,
                const GridCells& cells, const std::function<void(int, Rect)>& draw);

// The width grid() gives each cell.
float grid_cell_width(const Rect& area, int per_row, float gap, float max_cell_w);

// A cell height of at least `base` that fits the tallest of these button labels (large text
// wraps them).
float cell_height_for(const Frame& f, std::span<const std::string_view> labels, float cell_w,
                      float base);

// The least height at which the tallest of these labels fits a text_button `button_w` wide
// (less padding than cell_height_for gives: for when space is short).
float least_button_height(const Frame& f, const ImFont& font,
                          std::span<const std::string_view> labels, float button_w);

// The widest single word of these labels in `font` (a cell narrower than that breaks it).
float longest_word(const ImFont& font, std::span<const std::string_view> labels);

// How many cells of at least `min_w` fit side by side in `width`.
int cells_that_fit(float width, float min_w, float gap);

// Rows of at most `fit`, shared evenly: 6 buttons that fit 4 a row are 3 + 3.
int balanced_per_row(int count, int fit);

// Text at the top of a screen from `left`, beside the help controls or, where that ends higher,
// under them; returns its bottom edge.
float draw_top_text(Frame& f, const ImFont& font, std::string_view text, float left, float top,
                    std::string_view where);

// "Question 2 of 5": the questions answered on the way (follow-ups may be skipped), plus this.
std::string progress_text(const Frame& f);

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
