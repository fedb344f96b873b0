// The free-text question: the comment field, the privacy hint and an on-screen keyboard in the
// patient's language. No physical keyboard is needed; the keyboard fills the lower half.
#include <algorithm>
#include <array>
#include <string>

#include "kiosk/ui/frame.h"

namespace fbk::kiosk::ui {

namespace protocol = fbk::sync::protocol;

namespace {

void comment_field(Frame& f, Rect rect) {
    const Theme& t = f.theme();
    f.p.draw.AddRectFilled(ImVec2(rect.x, rect.y), ImVec2(rect.x + rect.w, rect.y + rect.h),
                           t.surface, t.rounding() * 0.5f);
    f.p.draw.AddRect(ImVec2(rect.x, rect.y), ImVec2(rect.x + rect.w, rect.y + rect.h), t.primary,
                     t.rounding() * 0.5f, 0, t.outline_width());
    const ImFont& font = *f.p.fonts.body;
    const float pad = 8 * t.scale + 4;
    const std::string& draft = f.m.state.draft_text;
    const float inner_w = rect.w - 2 * pad;
    auto lines = wrap_text(font, draft, inner_w);
    const float line_h = font.FontSize * 1.15f;
    // Show the end of a long comment: that is where the patient is typing.
    const auto fit = static_cast<std::size_t>(std::max(1.0f, (rect.h - pad) / line_h));
    if (lines.size() > fit) {
        lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(fit));
    }
    float y = rect.y + pad * 0.5f;
    float caret_x = rect.x + pad;
    const ImU32 ground = f.p.ground;
    f.p.ground = t.surface;
    for (const auto line : lines) {
        draw_text_at(f.p, font, ImVec2(rect.x + pad, y), t.text, line, "text.draft");
        caret_x =
            rect.x + pad +
            font.CalcTextSizeA(font.FontSize, FLT_MAX, 0, line.data(), line.data() + line.size()).x;
        y += line_h;
    }
    if (draft.empty()) {
        draw_text_at(f.p, font, ImVec2(rect.x + pad, y), t.muted_text, f.text("text.placeholder"),
                     "text.placeholder");
    } else {
        y -= line_h;
    }
    f.p.ground = ground;
    f.p.draw.AddLine(ImVec2(caret_x + 2, y), ImVec2(caret_x + 2, y + font.FontSize), t.primary,
                     std::max(2.0f, t.outline_width()));
}

}  // namespace

std::optional<core::Event> free_text_screen(Frame& f) {
    const Theme& t = f.theme();
    const protocol::Question& q = *f.m.state.current_question();
    std::optional<core::Event> intent;
    const float top = t.margin() * 0.5f;
    const ImFont& question_font = *f.p.fonts.body;
    const float text_h = std::max(
        draw_centered_text(f.p, question_font, f.m.survey.pack->text(q.text, f.language()),
                           t.margin(), top, f.top_right() - t.margin(), t.text, "question.text"),
        f.strip_top() + f.strip_h - top);
    // Two lines of comment, or one when large text leaves the keys too little room.
    const float field_lines = f.height / f.p.fonts.body->FontSize >= 20 ? 2.0f : 1.0f;
    const float field_h = f.p.fonts.body->FontSize * 1.15f * field_lines + 16 * t.scale + 8;
    const Rect field{t.margin(), top + text_h + t.gap() * 0.4f, f.width - 2 * t.margin(), field_h};
    comment_field(f, field);
    // The privacy hint sits right under the field, in the patient's language.
    const float hint_top = field.y + field.h + 4;
    const float hint_h =
        draw_centered_text(f.p, *f.p.fonts.small, f.text("text.privacy"), t.margin(), hint_top,
                           f.width - 2 * t.margin(), t.text, "text.privacy");

    const auto& layout = f.m.keyboards.for_language(f.language());
    const auto& rows = f.m.state.shift ? layout.shifted : layout.rows;
    std::size_t widest = 0;
    for (const auto& row : rows) {
        widest = std::max(widest, row.size());
    }
    const float key_gap = std::max(4.0f, t.px_per_mm * 1.2f);
    // Back and continue are kept 3 mm from the keys, as every control is from its neighbours.
    const float control_gap = std::max(key_gap, 3 * t.px_per_mm);
    const Rect board{t.margin() * 0.5f, hint_top + hint_h + t.gap() * 0.4f, f.width - t.margin(),
                     0};
    const float bottom = f.height - t.margin() * 0.4f;
    const auto letter_rows = static_cast<float>(rows.size());
    // The last row holds back and continue: controls, so never under 12 mm.
    const float rows_gap = (letter_rows - 1) * key_gap + control_gap;
    const float fair_h = (bottom - board.y - rows_gap) / (letter_rows + 1);
    // Last row: back, shift, space, delete, continue (or skip while the field is empty), in
    // eighths of the width; tall enough for labels that large text wraps.
    const float unit = (board.w - 2 * key_gap - 2 * control_gap) / 8;
    const ImFont& small = *f.p.fonts.small;
    const bool empty = f.m.state.draft_text.find_first_not_of(' ') == std::string::npos;
    const std::pair<std::string_view, float> last_row[] = {
        {f.text("nav.back"), 1.5f},
        {f.text("key.shift"), 1.0f},
        {f.text("key.space"), 2.5f},
        {f.text("key.backspace"), 1.0f},
        {f.text(empty ? "skip" : "continue"), 2.0f}};
    // Each gets its share, or its longest word where large text needs more; the space bar gives
    // way.
    std::array<float, 5> widths{};
    float used = 2 * key_gap + 2 * control_gap;
    for (std::size_t i = 0; i < widths.size(); ++i) {
        float longest_word = 0;
        const auto label = last_row[i].first;
        for (std::size_t start = 0; start < label.size();) {
            const auto stop = std::min(label.find(' ', start), label.size());
            longest_word =
                std::max(longest_word, small
                                           .CalcTextSizeA(small.FontSize, FLT_MAX, 0,
                                                          label.data() + start, label.data() + stop)
                                           .x);
            start = stop + 1;
        }
        widths[i] = std::max(unit * last_row[i].second, longest_word + 24 * t.scale);
        used += widths[i];
    }
    widths[2] = std::max(widths[2] - std::max(0.0f, used - board.w), unit);
    std::size_t label_lines = 1;
    for (std::size_t i = 0; i < widths.size(); ++i) {
        label_lines = std::max(
            label_lines, wrap_text(small, last_row[i].first, widths[i] - 24 * t.scale).size());
    }
    const float nav_h =
        std::max({std::min(fair_h, 110 * t.scale), 12 * t.px_per_mm,
                  small.FontSize * 1.1f * static_cast<float>(label_lines) + 24 * t.scale});
    const float key_h =
        std::min(110 * t.scale, (bottom - board.y - nav_h - rows_gap) / letter_rows);
    const float key_w =
        std::min(key_h * 1.3f,
                 (board.w - static_cast<float>(widest - 1) * key_gap) / static_cast<float>(widest));
    const ImFont& key_font = *f.p.fonts.button;
    float y = board.y;
    for (const auto& row : rows) {
        const float row_w = static_cast<float>(row.size()) * (key_w + key_gap) - key_gap;
        float x = board.x + (board.w - row_w) / 2;
        for (const std::string& key : row) {
            if (text_button(f.p, "key." + key, key, Rect{x, y, key_w, key_h}, ButtonStyle::Choice,
                            key_font, TargetKind::Key)) {
                intent = core::event::TypeText{key};
            }
            x += key_w + key_gap;
        }
        y += key_h + key_gap;
    }
    y += control_gap - key_gap;
    float x = board.x;
    const auto control = [&](std::string_view id, std::string_view label, float width,
                             ButtonStyle style, core::Event event, TargetKind kind) {
        const std::string_view spoken = id == "key.space" ? f.text("key.space") : label;
        if (text_button(f.p, id, label, Rect{x, y, width, nav_h}, style, small, kind, {},
                        {spoken, {}})) {
            intent = std::move(event);
        }
        if (style == ButtonStyle::ChoiceSelected) {
            draw_tick(f.p, Rect{x, y, width, nav_h});  // shift is on: a shape, not only a colour
        }
        const bool next_is_control = id == "key.backspace";
        x += width + (kind == TargetKind::Control || next_is_control ? control_gap : key_gap);
    };
    control("nav.back", f.text("nav.back"), widths[0], ButtonStyle::Secondary,
            core::event::GoBack{}, TargetKind::Control);
    control("key.shift", f.text("key.shift"), widths[1],
            f.m.state.shift ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice,
            core::event::ToggleShift{}, TargetKind::Key);
    // A space bar too narrow for its word stays blank (it is still read out as "space").
    const bool space_fits =
        widths[2] >= longest_word(small, std::array{f.text("key.space")}) + 24 * t.scale;
    control("key.space", space_fits ? f.text("key.space") : "", widths[2], ButtonStyle::Choice,
            core::event::TypeText{" "}, TargetKind::Key);
    control("key.backspace", f.text("key.backspace"), widths[3], ButtonStyle::Choice,
            core::event::Backspace{}, TargetKind::Key);
    control("nav.continue", f.text(empty ? "skip" : "continue"), widths[4], ButtonStyle::Primary,
            core::event::Continue{q.id}, TargetKind::Control);
    return intent;
}

}  // namespace fbk::kiosk::ui
