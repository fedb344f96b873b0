// Answers that do not fit under their question come in pages rather than shrinking below the
// 20 mm a patient's finger needs (a long question in large text on a 7" panel).
#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "kiosk/ui/frame.h"

namespace fbk::kiosk::ui {

namespace {

// How many rows of `cell_h` with `gap` between them fit in `height`.
int rows_that_fit(float height, float cell_h, float gap) {
    return static_cast<int>(std::floor((height + gap) / (cell_h + gap)));
}

struct Paging {
    int page = 0;
    int pages = 1;
    int first = 0;  // the first cell shown
    int shown = 0;
    int count = 0;
};

Paging page_of(const Frame& f, int count, int per_page) {
    Paging p;
    p.count = count;
    p.pages = (count + per_page - 1) / per_page;
    p.page = std::clamp(f.m.state.page, 0, p.pages - 1);
    p.first = p.page * per_page;
    p.shown = std::min(per_page, count - p.first);
    return p;
}

void previous_button(Frame& f, std::optional<core::Event>& intent, const Paging& p,
                     std::string_view label, const Rect& rect, const ImFont& font) {
    if (p.page > 0 &&
        text_button(f.p, "answers.previous", label, rect, ButtonStyle::Secondary, font,
                    TargetKind::Answer, {}, {f.text("answers.previous"), f.language()})) {
        intent = core::event::ShowPage{p.page - 1};
    }
}

void next_button(Frame& f, std::optional<core::Event>& intent, const Paging& p,
                 std::string_view label, const Rect& rect, const ImFont& font) {
    if (p.page + 1 < p.pages &&
        text_button(f.p, "answers.next", label, rect, ButtonStyle::Secondary, font,
                    TargetKind::Answer, {}, {f.text("answers.next"), f.language()})) {
        intent = core::event::ShowPage{p.page + 1};
    }
}

// The row of controls under a page: two buttons as wide as their labels (at most half the
// row each), the same height, and between them "Answers 1–6 of 11" where its words fit.
struct ControlsRow {
    float button_w = 0;
    float h = 0;
};

ControlsRow controls_row_size(const Frame& f, float row_w) {
    const Theme& t = f.theme();
    const ImFont& small = *f.p.fonts.small;
    const std::array<std::string_view, 2> labels = {f.text("answers.previous"),
                                                    f.text("answers.next")};
    float widest = 0;
    for (const auto label : labels) {
        widest = std::max(widest, text_width(small, label));
    }
    ControlsRow row;
    row.button_w = std::clamp(widest + 2 * 12 * t.scale + 4, t.min_target(), (row_w - t.gap()) / 2);
    row.h = std::max(t.min_target(), least_button_height(f, small, labels, row.button_w));
    return row;
}

void controls_row(Frame& f, std::optional<core::Event>& intent, const Rect& row,
                  const ControlsRow& size, const Paging& p) {
    const Theme& t = f.theme();
    const ImFont& small = *f.p.fonts.small;
    const float w = size.button_w;
    previous_button(f, intent, p, f.text("answers.previous"), {row.x, row.y, w, row.h}, small);
    next_button(f, intent, p, f.text("answers.next"), {row.x + row.w - w, row.y, w, row.h}, small);
    const std::string where =
        core::format(f.text("answers.shown"), {{"first", std::to_string(p.first + 1)},
                                               {"last", std::to_string(p.first + p.shown)},
                                               {"total", std::to_string(p.count)}});
    const float middle_w = row.w - 2 * (w + t.gap());
    const std::array<std::string_view, 1> words = {where};
    const auto lines = wrap_text(small, where, middle_w).size();
    if (middle_w < longest_word(small, words) ||
        small.FontSize * 1.15f * static_cast<float>(lines) > row.h) {
        return;  // no room: the buttons say enough
    }
    draw_centered_text(f.p, small, where, row.x + w + t.gap(),
                       row.y + (row.h - small.FontSize * 1.15f * static_cast<float>(lines)) / 2,
                       middle_w, t.muted_text, "answers.shown");
}

// Not even one row fits above a row of controls: one row of cells between two arrow buttons,
// as wide as an answer is tall (their names are spoken in full).
void paged_row(Frame& f, std::optional<core::Event>& intent, const Rect& area,
               const GridCells& cells, const std::function<void(int, Rect)>& draw) {
    const float gap = f.theme().gap();
    const float arrow_w = f.theme().min_target();
    const Rect row{area.x + arrow_w + gap, area.y, area.w - 2 * (arrow_w + gap), area.h};
    const int per_page = std::clamp(cells_that_fit(row.w, cells.min_cell_w, gap), 1, cells.per_row);
    const Paging p = page_of(f, cells.count, per_page);
    const float cell_h = std::min(cells.cell_h, area.h);  // shrinks only when nothing else is left
    grid(row, p.shown, per_page, gap, cells.max_cell_w, cell_h,
         [&](int i, Rect rect) { draw(p.first + i, rect); });
    const float y = area.y + (area.h - cell_h) / 2;
    const ImFont& font = *f.p.fonts.button;
    previous_button(f, intent, p, "‹", {area.x, y, arrow_w, cell_h}, font);
    next_button(f, intent, p, "›", {area.x + area.w - arrow_w, y, arrow_w, cell_h}, font);
}

}  // namespace

void paged_grid(Frame& f, std::optional<core::Event>& intent, const Rect& area,
                const GridCells& cells, const std::function<void(int, Rect)>& draw) {
    if (cells.count <= 0) {
        return;
    }
    const float gap = f.theme().gap();
    const int per_row = std::clamp(cells.per_row, 1, cells.count);
    const int rows = (cells.count + per_row - 1) / per_row;
    if (rows <= rows_that_fit(area.h, cells.min_cell_h, gap)) {
        grid(area, cells.count, per_row, gap, cells.max_cell_w, cells.cell_h, draw);
        return;
    }
    // Pages of whole rows above a row of controls as tall as an answer (or their labels).
    const ControlsRow controls = controls_row_size(f, area.w);
    const Rect cells_area{area.x, area.y, area.w, area.h - controls.h - gap};
    const int page_rows = rows_that_fit(cells_area.h, cells.min_cell_h, gap);
    if (page_rows < 1) {
        paged_row(f, intent, area, cells, draw);
        return;
    }
    const Paging p = page_of(f, cells.count, page_rows * per_row);
    // Every page keeps the first page's cell size, so answers do not change size as they page.
    const float cell_h =
        std::min(cells.cell_h, (cells_area.h - static_cast<float>(page_rows - 1) * gap) /
                                   static_cast<float>(page_rows));
    grid(cells_area, p.shown, per_row, gap, cells.max_cell_w, cell_h,
         [&](int i, Rect rect) { draw(p.first + i, rect); });
    controls_row(f, intent, {area.x, area.y + area.h - controls.h, area.w, controls.h}, controls,
                 p);
}

}  // namespace fbk::kiosk::ui
