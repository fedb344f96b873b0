// The free-text question: the comment field, the privacy hint and an on-screen keyboard in the
// patient's language. No physical keyboard is needed; the keyboard fills the lower half.
#include <algorithm>
#include <array>
#include <string>

#include "kiosk/ui/frame.h"
#include "kiosk/ui/mirror.h"

namespace fbk::kiosk::ui {

namespace protocol = fbk::sync::protocol;

namespace {

void comment_field(Frame& f, Rect rect) {
    const Theme& t = f.theme();
    fill_rounded_rect(f.p.draw, ImVec2(rect.x, rect.y), ImVec2(rect.x + rect.w, rect.y + rect.h),
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
        caret_x = rect.x + pad + text_width(font, line);
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

// The question, the comment field and the privacy hint; returns the hint's bottom edge.
float comment_header(Frame& f, const protocol::Question& q) {
    const Theme& t = f.theme();
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
    // The privacy hint sits right under the field, in the patient's language, and beside it at
    // the end of the row how far the survey is (the keyboard takes the bottom bar's place).
    const float hint_top = field.y + field.h + 4;
    const ImFont& small = *f.p.fonts.small;
    const std::string progress = progress_text(f);
    const float progress_w = text_width(small, progress);
    const float progress_x = f.width - t.margin() - progress_w;
    draw_text_at(f.p, small, ImVec2(progress_x, hint_top), t.muted_text, progress, "progress");
    const float hint_w = progress_x - t.gap() - t.margin();
    const float hint_h = draw_centered_text(f.p, small, f.text("text.privacy"), t.margin(),
                                            hint_top, hint_w, t.text, "text.privacy");
    return hint_top + std::max(hint_h, small.FontSize * 1.15f);
}

// The keyboard's geometry: letter keys, and the last row of back, shift, space, delete and
// continue (or skip while the field is empty).
struct KeyboardLayout {
    float key_gap = 0;
    float control_gap = 0;  // back and continue are kept 3 mm from the keys
    float key_w = 0;
    float key_h = 0;
    float nav_h = 0;
    std::array<std::string_view, 5> labels{};
    std::array<float, 5> widths{};
};

float key_gap(const Theme& t) {
    return std::max(4.0f, t.px_per_mm * 1.2f);
}

// The layout's rows, each split in even parts where its keys would be narrower than the widest
// letter (Arabic's ض ش in large text on an upright tablet): a letter never runs over its key.
std::vector<std::vector<std::string>> rows_that_fit(
    const Frame& f, const Rect& board, const std::vector<std::vector<std::string>>& rows) {
    const Theme& t = f.theme();
    float widest = 0;
    for (const auto& row : rows) {
        for (const std::string& key : row) {
            widest = std::max(widest, text_width(*f.p.fonts.button, key));
        }
    }
    const float key =
        widest + 2 * 12 * t.scale + 2;  // text_button's padding, and a pixel each side
    const auto fit = std::max<std::size_t>(
        1, static_cast<std::size_t>((board.w + key_gap(t)) / (key + key_gap(t))));
    std::vector<std::vector<std::string>> out;
    for (const auto& row : rows) {
        const std::size_t parts = (row.size() + fit - 1) / fit;
        for (std::size_t part = 0; part < parts; ++part) {
            const std::size_t begin = row.size() * part / parts;
            const std::size_t end = row.size() * (part + 1) / parts;
            out.emplace_back(row.begin() + static_cast<std::ptrdiff_t>(begin),
                             row.begin() + static_cast<std::ptrdiff_t>(end));
        }
    }
    return out;
}

// The last row in eighths of the width; each control gets its share, or its longest word where
// large text needs more, and the space bar gives way.
void last_row_widths(const Frame& f, const Rect& board, KeyboardLayout& k) {
    const Theme& t = f.theme();
    const float unit = (board.w - 2 * k.key_gap - 2 * k.control_gap) / 8;
    const ImFont& small = *f.p.fonts.small;
    constexpr std::array<float, 5> kShares = {1.5f, 1.0f, 2.5f, 1.0f, 2.0f};
    float used = 2 * k.key_gap + 2 * k.control_gap;
    for (std::size_t i = 0; i < k.widths.size(); ++i) {
        const float word = longest_word(small, std::array{k.labels[i]});
        k.widths[i] = std::max(unit * kShares[i], word + 24 * t.scale);
        used += k.widths[i];
    }
    k.widths[2] = std::max(k.widths[2] - std::max(0.0f, used - board.w), unit);
}

KeyboardLayout keyboard_layout(const Frame& f, const Rect& board, float bottom,
                               const std::vector<std::vector<std::string>>& rows, bool empty) {
    const Theme& t = f.theme();
    KeyboardLayout k;
    k.key_gap = key_gap(t);
    k.control_gap = std::max(k.key_gap, 3 * t.px_per_mm);
    k.labels = {f.text("nav.back"), f.text("key.shift"), f.text("key.space"),
                f.text("key.backspace"), f.text(empty ? "skip" : "continue")};
    std::size_t widest = 0;
    for (const auto& row : rows) {
        widest = std::max(widest, row.size());
    }
    const auto letter_rows = static_cast<float>(rows.size());
    // The last row holds back and continue: controls, so never under 12 mm.
    const float rows_gap = (letter_rows - 1) * k.key_gap + k.control_gap;
    const float fair_h = (bottom - board.y - rows_gap) / (letter_rows + 1);
    last_row_widths(f, board, k);
    const ImFont& small = *f.p.fonts.small;
    std::size_t label_lines = 1;
    for (std::size_t i = 0; i < k.widths.size(); ++i) {
        label_lines =
            std::max(label_lines, wrap_text(small, k.labels[i], k.widths[i] - 24 * t.scale).size());
    }
    k.nav_h = std::max({std::min(fair_h, 110 * t.scale), 12 * t.px_per_mm,
                        small.FontSize * 1.1f * static_cast<float>(label_lines) + 24 * t.scale});
    k.key_h = std::min(110 * t.scale, (bottom - board.y - k.nav_h - rows_gap) / letter_rows);
    k.key_w = std::min(k.key_h * 1.3f, (board.w - static_cast<float>(widest - 1) * k.key_gap) /
                                           static_cast<float>(widest));
    return k;
}

// The letter rows from `y` down; returns the top of the row after them.
float letter_keys(Frame& f, const std::vector<std::vector<std::string>>& rows, const Rect& board,
                  const KeyboardLayout& k, float y, std::optional<core::Event>& intent) {
    const ImFont& key_font = *f.p.fonts.button;
    for (const auto& row : rows) {
        const float row_w = static_cast<float>(row.size()) * (k.key_w + k.key_gap) - k.key_gap;
        float x = board.x + (board.w - row_w) / 2;
        for (const std::string& key : row) {
            // A right-to-left screen is mirrored: the keys are laid out mirrored so that the
            // national layout appears as printed.
            const Rect place{x, y, k.key_w, k.key_h};
            if (text_button(f.p, "key." + key, key,
                            f.p.mirrored ? mirrored_in(place, board) : place, ButtonStyle::Choice,
                            key_font, TargetKind::Key)) {
                intent = core::event::TypeText{key};
            }
            x += k.key_w + k.key_gap;
        }
        y += k.key_h + k.key_gap;
    }
    return y;
}

void control_row(Frame& f, const protocol::Question& q, const Rect& board, const KeyboardLayout& k,
                 float y, std::optional<core::Event>& intent) {
    const Theme& t = f.theme();
    const ImFont& small = *f.p.fonts.small;
    float x = board.x;
    const auto control = [&](std::string_view id, std::string_view label, float width,
                             ButtonStyle style, core::Event event, TargetKind kind) {
        const std::string_view spoken = id == "key.space" ? f.text("key.space") : label;
        if (text_button(f.p, id, label, Rect{x, y, width, k.nav_h}, style, small, kind, {},
                        {spoken, {}})) {
            intent = std::move(event);
        }
        if (style == ButtonStyle::ChoiceSelected) {
            draw_tick(f.p, Rect{x, y, width, k.nav_h});  // shift is on: a shape, not only a colour
        }
        const bool next_is_control = id == "key.backspace";
        x += width + (kind == TargetKind::Control || next_is_control ? k.control_gap : k.key_gap);
    };
    control("nav.back", k.labels[0], k.widths[0], ButtonStyle::Secondary, core::event::GoBack{},
            TargetKind::Control);
    control("key.shift", k.labels[1], k.widths[1],
            f.m.state.shift ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice,
            core::event::ToggleShift{}, TargetKind::Key);
    // A space bar too narrow for its word stays blank (it is still read out as "space").
    const bool space_fits =
        k.widths[2] >= longest_word(small, std::array{k.labels[2]}) + 24 * t.scale;
    control("key.space", space_fits ? k.labels[2] : "", k.widths[2], ButtonStyle::Choice,
            core::event::TypeText{" "}, TargetKind::Key);
    control("key.backspace", k.labels[3], k.widths[3], ButtonStyle::Choice,
            core::event::Backspace{}, TargetKind::Key);
    control("nav.continue", k.labels[4], k.widths[4], ButtonStyle::Primary,
            core::event::Continue{q.id}, TargetKind::Control);
}

}  // namespace

std::optional<core::Event> free_text_screen(Frame& f) {
    const Theme& t = f.theme();
    const protocol::Question& q = *f.m.state.current_question();
    std::optional<core::Event> intent;
    const float hint_bottom = comment_header(f, q);
    const auto& layout = f.m.keyboards.for_language(f.language());
    const auto rows = rows_that_fit(f, Rect{0, 0, f.width - t.margin(), 0},
                                    f.m.state.shift ? layout.shifted : layout.rows);
    const Rect board{t.margin() * 0.5f, hint_bottom + t.gap() * 0.4f, f.width - t.margin(), 0};
    const float bottom = f.height - t.margin() * 0.4f;
    const bool empty = f.m.state.draft_text.find_first_not_of(' ') == std::string::npos;
    const KeyboardLayout k = keyboard_layout(f, board, bottom, rows, empty);
    const float y = letter_keys(f, rows, board, k, board.y, intent);
    control_row(f, q, board, k, y + k.control_gap - k.key_gap, intent);
    return intent;
}

}  // namespace fbk::kiosk::ui
