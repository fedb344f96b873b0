// The kiosk's screens. Long because it holds the layout helpers every screen shares (grids,
// text placement, the bottom bar, the assist strip) next to the small screens that use them;
// the question screens are in question_view.cpp and keyboard_view.cpp.
#include "kiosk/ui/kiosk_ui.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "kiosk/ui/frame.h"
#include "kiosk/ui/mirror.h"

namespace fbk::kiosk::ui {

namespace protocol = fbk::sync::protocol;

void grid(const Rect& area, int count, int per_row, float gap, float max_cell_w, float max_cell_h,
          const std::function<void(int, Rect)>& draw) {
    if (count <= 0) {
        return;
    }
    per_row = std::clamp(per_row, 1, count);
    const int rows = (count + per_row - 1) / per_row;
    const float cell_w = std::min(
        max_cell_w, (area.w - static_cast<float>(per_row - 1) * gap) / static_cast<float>(per_row));
    const float cell_h = std::min(
        max_cell_h, (area.h - static_cast<float>(rows - 1) * gap) / static_cast<float>(rows));
    const float block_h = static_cast<float>(rows) * cell_h + static_cast<float>(rows - 1) * gap;
    const float top = area.y + (area.h - block_h) / 2;
    for (int i = 0; i < count; ++i) {
        const int row = i / per_row;
        // Rows share the cells evenly: 11 cells in two rows are 6 + 5, not 10 + 1.
        const int in_row = std::min(per_row, count - row * per_row);
        const float row_w =
            static_cast<float>(in_row) * cell_w + static_cast<float>(in_row - 1) * gap;
        const float x =
            area.x + (area.w - row_w) / 2 + static_cast<float>(i - row * per_row) * (cell_w + gap);
        draw(i, Rect{x, top + static_cast<float>(row) * (cell_h + gap), cell_w, cell_h});
    }
}

float grid_cell_width(const Rect& area, int per_row, float gap, float max_cell_w) {
    return std::min(max_cell_w,
                    (area.w - static_cast<float>(per_row - 1) * gap) / static_cast<float>(per_row));
}

float cell_height_for(const Frame& f, std::span<const std::string_view> labels, float cell_w,
                      float base) {
    const ImFont& font = *f.p.fonts.button;
    const float pad = 12 * f.theme().scale;
    std::size_t lines = 1;
    for (const auto label : labels) {
        lines = std::max(lines, wrap_text(font, label, cell_w - 2 * pad).size());
    }
    return std::max(base, font.FontSize * 1.1f * static_cast<float>(lines) + 2 * pad);
}

float least_button_height(const Frame& f, const ImFont& font,
                          std::span<const std::string_view> labels, float button_w) {
    // As text_button lays a label out: lines 1.1 apart, the padding once.
    const float pad = 12 * f.theme().scale;
    std::size_t lines = 1;
    for (const auto label : labels) {
        lines = std::max(lines, wrap_text(font, label, button_w - 2 * pad).size());
    }
    return font.FontSize * (1.1f * static_cast<float>(lines - 1) + 1) + pad + 2;
}

float longest_word(const ImFont& font, std::span<const std::string_view> labels) {
    float longest = 0;
    for (const auto label : labels) {
        for (std::size_t start = 0; start < label.size();) {
            const auto stop = std::min(label.find(' ', start), label.size());
            longest = std::max(longest, text_width(font, label.substr(start, stop - start)));
            start = stop + 1;
        }
    }
    return longest;
}

int cells_that_fit(float width, float min_w, float gap) {
    return std::max(1, static_cast<int>(std::floor((width + gap) / (min_w + gap))));
}

int balanced_per_row(int count, int fit) {
    const int rows = (count + fit - 1) / fit;
    return (count + rows - 1) / rows;
}

namespace {

// Where draw_top_text puts its text: beside the help controls, or under them at full width,
// whichever ends higher.
struct TopTextPlace {
    float x, y, width, bottom;
};

TopTextPlace place_top_text(const Frame& f, const ImFont& font, std::string_view text, float left,
                            float top) {
    const Theme& t = f.theme();
    const float line_h = font.FontSize * 1.15f;
    const float strip_bottom = f.strip_h > 0 ? f.strip_top() + f.strip_h : 0.0f;
    const auto lines_in = [&](float width) {
        return static_cast<float>(wrap_text(font, text, width).size());
    };
    const float beside_w = f.top_right() - left;
    const float beside_bottom = std::max(top + lines_in(beside_w) * line_h, strip_bottom);
    const float under_top = strip_bottom + t.gap() * 0.5f;
    const float full_w = f.width - left - t.margin();
    const float under_bottom = under_top + lines_in(full_w) * line_h;
    if (f.strip_h > 0 && under_bottom < beside_bottom - 0.5f) {
        return {left, under_top, full_w, under_bottom};
    }
    return {left, top, beside_w, beside_bottom};
}

}  // namespace

float draw_top_text(Frame& f, const ImFont& font, std::string_view text, float left, float top,
                    std::string_view where) {
    const TopTextPlace place = place_top_text(f, font, text, left, top);
    draw_centered_text(f.p, font, text, place.x, place.y, place.width, f.theme().text, where);
    return place.bottom;
}

float draw_question_text(Frame& f, std::string_view text, float top) {
    return draw_top_text(f, *f.p.fonts.title, text, f.theme().margin(), top, "question.text");
}

float bottom_bar(Frame& f, std::optional<core::Event>& intent, bool back, std::string_view progress,
                 std::initializer_list<BarControl> controls) {
    const Theme& t = f.theme();
    // Back and continue are not answers: 12 mm keeps them easy while leaving the 20 mm answer
    // targets room on a 7" panel.
    const ImFont& font = *f.p.fonts.button;
    // Each button at least as wide as its longest word (large text), and tall enough for its
    // label in two lines where large text wraps it.
    const auto width_for = [&](std::string_view label) {
        return std::max({t.min_target() * 1.6f, 260 * t.scale,
                         longest_word(font, std::array{label}) + 32 * t.scale});
    };
    const float back_w = back ? width_for(f.text("nav.back")) : 0;
    std::size_t lines =
        back ? wrap_text(font, f.text("nav.back"), back_w - 24 * t.scale).size() : 1;
    for (const BarControl& c : controls) {
        lines = std::max(lines, wrap_text(font, c.label, width_for(c.label) - 24 * t.scale).size());
    }
    const float h = std::max({12 * t.px_per_mm, 96 * t.scale,
                              font.FontSize * 1.1f * static_cast<float>(lines) + 24 * t.scale});
    const float top = f.height - t.margin() * 0.5f - h;
    if (back) {
        const Rect rect{t.margin(), top, back_w, h};
        if (text_button(f.p, "nav.back", f.text("nav.back"), rect, ButtonStyle::Secondary,
                        *f.p.fonts.button, TargetKind::Control)) {
            intent = core::event::GoBack{};
        }
    }
    float right = f.width - t.margin();
    for (const BarControl& c : controls) {
        const float w = width_for(c.label);
        const Rect rect{right - w, top, w, h};
        if (text_button(f.p, c.id, c.label, rect,
                        c.primary ? ButtonStyle::Primary : ButtonStyle::Secondary,
                        *f.p.fonts.button, TargetKind::Control)) {
            intent = c.event;
        }
        right -= w + t.gap();
    }
    if (progress.empty()) {
        return top;
    }
    const float left = t.margin() + (back ? back_w + t.gap() : 0);
    const ImFont& small = *f.p.fonts.small;
    if (longest_word(small, std::array{progress}) <= right - left) {
        draw_centered_text(f.p, small, progress, left, top + (h - small.FontSize) / 2,
                           std::max(0.0f, right - left), t.muted_text, "progress");
        return top;
    }
    // Two controls and large text on a narrow panel leave no room between them: the progress
    // goes over the bar instead, across the screen.
    const float line_h = small.FontSize * 1.15f;
    const float above = top - t.gap() * 0.25f - line_h;
    draw_centered_text(f.p, small, progress, t.margin(), above, f.width - 2 * t.margin(),
                       t.muted_text, "progress");
    return above;
}

namespace {

// The hidden staff corner, top left between patients: a long press opens the PIN screen.
std::optional<core::Event> staff_corner(Frame& f) {
    const float corner = f.theme().min_target();
    const auto press = press_area(f.p, "staff.corner", Rect{0, 0, corner, corner});
    if (press.started) {
        return core::event::StaffCorner{true};
    }
    if (press.ended) {
        return core::event::StaffCorner{false};
    }
    return std::nullopt;
}

// More languages than fit at full size: pages of them, the last cell of each a button to the
// next page that names the languages there, each in itself (a patient recognises their own).
struct LanguagePage {
    int first = 0;  // the languages shown: [first, last)
    int last = 0;
    std::optional<int> next_page;
    int next_first = 0;  // the first language of the next page
};

LanguagePage language_page(const Frame& f, int count, int per_row, float cell_h, float area_h) {
    const float gap = f.theme().gap();
    const int rows = std::max(1, static_cast<int>((area_h + gap) / (cell_h + gap)));
    const int fit = rows * per_row;
    if (count <= fit || fit < 2) {
        return {0, count, std::nullopt, 0};
    }
    const int per_page = fit - 1;
    const int pages = (count + per_page - 1) / per_page;
    const int page = f.m.state.page % pages;
    const int first = page * per_page;
    const int next = (page + 1) % pages;
    return {first, std::min(count, first + per_page), next, next * per_page};
}

void more_languages_button(Frame& f, const LanguagePage& page, Rect rect,
                           std::optional<core::Event>& intent) {
    const auto& langs = f.m.flow.languages;
    const ImFont& small = *f.p.fonts.small;
    const float pad = std::min(12 * f.theme().scale, rect.h * 0.1f);  // as text_button pads
    std::string label;
    // As many of the next page's names as the button holds, at most three.
    for (std::size_t names = 3; names > 0; --names) {
        label = "›";
        const auto first = static_cast<std::size_t>(page.next_first);
        const auto last = std::min(langs.size(), first + names);
        for (auto i = first; i < last; ++i) {
            label += (i == first ? " " : " · ");
            label += f.m.strings.get(langs[i], "language.name");
        }
        label += last < langs.size() ? " …" : "";
        const auto lines = static_cast<float>(wrap_text(small, label, rect.w - 2 * pad).size());
        if (small.FontSize * (1.1f * (lines - 1) + 1) <= rect.h - pad) {
            break;
        }
    }
    if (text_button(f.p, "lang.more", label, rect, ButtonStyle::Secondary, *f.p.fonts.small,
                    TargetKind::Answer)) {
        intent = core::event::ShowPage{*page.next_page};
    }
}

std::optional<core::Event> language_screen(Frame& f) {
    const Theme& t = f.theme();
    const auto& langs = f.m.flow.languages;
    std::optional<core::Event> intent = staff_corner(f);
    const float corner = t.min_target();
    // Greet in every offered language: the patient has not chosen one yet.
    std::string welcome;
    std::string prompt;
    for (const std::string& lang : langs) {
        welcome += welcome.empty() ? "" : " · ";
        welcome += f.m.strings.get(lang, "welcome");
        prompt += prompt.empty() ? "" : " · ";
        prompt += f.m.strings.get(lang, "language.prompt");
    }
    const int n = static_cast<int>(langs.size());
    const float content_w = f.width - 2 * t.margin();
    // As many per row as fit with the longest name on one line (large text needs fewer).
    std::vector<std::string_view> names;
    for (const std::string& lang : langs) {
        names.push_back(f.m.strings.get(lang, "language.name"));
    }
    const float min_w = std::max(
        {t.min_target() * 2, 240 * t.scale, longest_word(*f.p.fonts.button, names) + 32 * t.scale});
    const int fit = cells_that_fit(content_w, min_w, t.gap());
    const int per_row = balanced_per_row(n, fit);
    const int rows = (n + per_row - 1) / per_row;
    const float buttons_h =
        static_cast<float>(rows) * t.min_target() + static_cast<float>(rows - 1) * t.gap();
    const ImFont& small = *f.p.fonts.small;
    const float prompt_h =
        static_cast<float>(wrap_text(small, prompt, content_w).size()) * small.FontSize * 1.15f;
    // On a small panel in large text the greeting gives way, so the buttons keep their 20 mm:
    // the prompt under it says what to do.
    const ImFont& title = *f.p.fonts.title;
    const float greeted = place_top_text(f, title, welcome, corner, t.margin()).bottom;
    const bool greet = f.height - greeted - t.gap() * 1.5f - prompt_h - t.margin() >= buttons_h;
    float y = f.strip_h > 0 ? f.strip_top() + f.strip_h : t.margin();
    if (greet) {
        y = draw_top_text(f, title, welcome, corner, t.margin(), "language.welcome");
    }
    y += t.gap() * 0.5f;
    y += draw_centered_text(f.p, small, prompt, t.margin(), y, content_w, t.muted_text,
                            "language.prompt");
    const Rect area{t.margin(), y + t.gap(), content_w, f.height - y - t.gap() - t.margin()};
    const float max_w = std::max(380 * t.scale, min_w);
    const float cell_w = grid_cell_width(area, per_row, t.gap(), max_w);
    const float cell_h = cell_height_for(f, names, cell_w, t.min_target());
    const LanguagePage page = language_page(f, n, per_row, cell_h, area.h);
    const int shown = page.last - page.first + (page.next_page ? 1 : 0);
    grid(area, shown, per_row, t.gap(), max_w,
         std::max(cell_h, cell_height_for(f, names, cell_w, 130 * t.scale)), [&](int i, Rect rect) {
             if (page.first + i >= page.last) {
                 more_languages_button(f, page, rect, intent);
                 return;
             }
             const std::string& lang = langs[static_cast<std::size_t>(page.first + i)];
             // Each language is named in itself, so a patient recognises their own (and hears
             // it in its own voice).
             const auto name = f.m.strings.get(lang, "language.name");
             if (text_button(f.p, "lang." + lang, name, rect, ButtonStyle::Primary,
                             *f.p.fonts.button, TargetKind::Answer, {}, {name, lang})) {
                 intent = core::event::ChooseLanguage{lang};
             }
         });
    return intent;
}

std::optional<core::Event> stage_screen(Frame& f) {
    const Theme& t = f.theme();
    const auto& question = *f.m.survey.pack->stage_question;
    std::optional<core::Event> intent;
    const float text_bottom =
        draw_question_text(f, f.m.survey.pack->text(question.text, f.language()), t.margin());
    const float bar_top = bottom_bar(f, intent, true, "", {});
    const Rect area{t.margin(), text_bottom + t.gap(), f.width - 2 * t.margin(),
                    bar_top - text_bottom - 2 * t.gap()};
    const int n = static_cast<int>(question.stages.size());
    std::vector<std::string_view> labels;
    for (const std::string& stage : question.stages) {
        labels.push_back(f.text("stage." + stage));
    }
    // Wide enough for the longest word: large text gets fewer, wider cells.
    const float min_w = std::max({t.min_target() * 2, 200 * t.scale,
                                  longest_word(*f.p.fonts.button, labels) + 32 * t.scale});
    const int fit = cells_that_fit(area.w, min_w, t.gap());
    const int per_row = balanced_per_row(n, std::min(fit, 3));
    const float max_w = std::max(520 * t.scale, min_w);
    grid(area, n, per_row, t.gap(), max_w,
         cell_height_for(f, labels, grid_cell_width(area, per_row, t.gap(), max_w),
                         std::max(t.min_target(), 150 * t.scale)),
         [&](int i, Rect rect) {
             const std::string& stage = question.stages[static_cast<std::size_t>(i)];
             if (text_button(f.p, "stage." + stage, f.text("stage." + stage), rect,
                             ButtonStyle::Choice, *f.p.fonts.button)) {
                 intent = core::event::ChooseStage{stage};
             }
         });
    return intent;
}

std::optional<core::Event> still_there_screen(Frame& f) {
    const Theme& t = f.theme();
    std::optional<core::Event> intent;
    float y = std::max(f.height * 0.15f, f.strip_top() + f.strip_h + t.gap());
    y += draw_centered_text(f.p, *f.p.fonts.title, f.text("still_there.title"), t.margin(), y,
                            f.width - 2 * t.margin(), t.text, "still_there.title");
    const int seconds = core::still_there_seconds_left(f.m.state, f.m.flow, f.m.now);
    y += t.gap();
    y += draw_centered_text(
        f.p, *f.p.fonts.body,
        core::format(f.text("still_there.body"), {{"seconds", std::to_string(seconds)}}),
        t.margin(), y, f.width - 2 * t.margin(), t.muted_text, "still_there.body");
    // Continue, or continue with longer timeouts from now on: side by side where they fit.
    const float top = std::max(y + t.gap() * 2, f.height * 0.5f);
    const Rect area{t.margin(), top, f.width - 2 * t.margin(), f.height - top - t.margin()};
    const int fit = cells_that_fit(area.w, std::max(t.min_target() * 3, 420 * t.scale), t.gap());
    const int per_row = std::min(fit, 2);
    const std::array<std::string_view, 2> labels = {f.text("still_there.continue"),
                                                    f.text("still_there.more_time")};
    const float h =
        cell_height_for(f, labels, grid_cell_width(area, per_row, t.gap(), 600 * t.scale),
                        std::max(t.min_target(), 120 * t.scale));
    grid(area, 2, per_row, t.gap(), 600 * t.scale, h, [&](int i, Rect rect) {
        if (i == 0) {
            if (text_button(f.p, "still_there.continue", f.text("still_there.continue"), rect,
                            ButtonStyle::Primary, *f.p.fonts.button, TargetKind::Control)) {
                intent = core::event::StillHere{};
            }
        } else if (text_button(f.p, "still_there.more_time", f.text("still_there.more_time"), rect,
                               ButtonStyle::Secondary, *f.p.fonts.button, TargetKind::Control)) {
            intent = core::event::NeedMoreTime{};
        }
    });
    return intent;
}

void message_screen(Frame& f, std::string_view title_key, std::string_view body_key, bool happy) {
    const Theme& t = f.theme();
    const float radius = std::min(90 * t.scale, f.height * 0.12f);
    const ImVec2 centre(f.width / 2, t.margin() + radius);
    if (happy) {
        // A large tick: the answers are safely stored.
        f.p.draw.AddCircleFilled(centre, radius, t.smiley[4], 64);
        f.p.draw.AddCircle(centre, radius, t.outline, 64, t.outline_width());
        f.p.draw.AddPolyline(
            std::array<ImVec2, 3>{ImVec2(centre.x - radius * 0.45f, centre.y),
                                  ImVec2(centre.x - radius * 0.1f, centre.y + radius * 0.35f),
                                  ImVec2(centre.x + radius * 0.5f, centre.y - radius * 0.35f)}
                .data(),
            3, t.outline, 0, radius * 0.14f);
    }
    float y = centre.y + radius + t.gap() * 1.5f;
    y += draw_centered_text(f.p, *f.p.fonts.title, f.text(title_key), t.margin(), y,
                            f.width - 2 * t.margin(), t.text, title_key);
    draw_centered_text(f.p, *f.p.fonts.body, f.text(body_key), t.margin() * 2, y + t.gap(),
                       f.width - 4 * t.margin(), t.muted_text, body_key);
}

// Speech, repeat (in speech mode), larger text, contrast: right to left from the top-right
// corner, so the speech control is always in the same place.
void assist_strip(Frame& f, std::optional<core::Event>& intent) {
    const Theme& t = f.theme();
    const core::Assist& a = f.m.state.assist;
    const float size = f.strip_h;
    float x = f.width - t.margin() - size;
    const float y = f.strip_top();
    const auto button = [&](std::string_view id, Icon icon, std::string_view key, bool on,
                            core::Event event) {
        if (icon_button(f.p, id, icon, f.text(key), Rect{x, y, size, size}, on)) {
            intent = std::move(event);
        }
        x -= size + t.gap();
    };
    button("assist.speech", Icon::Speech, "assist.speech", a.speech,
           core::event::ToggleAssist{core::AssistOption::Speech});
    if (a.speech) {
        button("assist.repeat", Icon::Repeat, "assist.repeat", false, core::event::Repeat{});
    }
    button("assist.large_text", Icon::LargeText, "assist.large_text", a.large_text,
           core::event::ToggleAssist{core::AssistOption::LargeText});
    button("assist.contrast", Icon::Contrast, "assist.contrast", a.high_contrast,
           core::event::ToggleAssist{core::AssistOption::HighContrast});
}

float strip_button_size(const Theme& t) {
    return std::max(14 * t.px_per_mm, 84 * t.scale);
}

// The screen the flow is on; returns what the patient asked for.
std::optional<core::Event> draw_screen(Frame& frame) {
    std::optional<core::Event> intent;
    switch (frame.m.state.screen) {
        case core::Screen::Language:
            intent = language_screen(frame);
            break;
        case core::Screen::StagePick:
            intent = stage_screen(frame);
            break;
        case core::Screen::Question:
            intent = question_screen(frame);
            break;
        case core::Screen::StillThere:
            intent = still_there_screen(frame);
            break;
        case core::Screen::Saving:
            break;  // one frame at most: the commit runs before the next one is drawn
        case core::Screen::Thanks:
            message_screen(frame, "thanks.title", "thanks.body", true);
            intent = staff_corner(frame);
            break;
        case core::Screen::SaveFailed:
            message_screen(frame, "save_failed.title", "save_failed.body", false);
            break;
        case core::Screen::StaffPin:
            intent = staff_pin_screen(frame);
            break;
        case core::Screen::Staff:
            intent = staff_screen(frame);
            break;
    }
    return intent;
}

// Speech mode: a ring where the focus is (seen by a low-vision patient as well as heard), and a
// touch that only moved the focus becomes a Focus event.
void draw_focus(Frame& frame, std::optional<core::Event>& intent) {
    Painter& painter = frame.p;
    const Theme& theme = painter.theme;
    if (const auto* focused = painter.record.find(painter.focus)) {
        const Rect& r = focused->rect;
        const float pad = theme.outline_width() * 1.5f;
        painter.draw.AddRect(ImVec2(r.x - pad, r.y - pad), ImVec2(r.x + r.w + pad, r.y + r.h + pad),
                             theme.focus, theme.rounding() + pad, 0, theme.outline_width() * 2);
        painter.record.add_text({"focus", "", theme.focus, theme.background, 0, false, false});
    }
    if (!intent && !painter.focus_request.empty()) {
        intent = core::event::Focus{painter.focus_request};
    }
}

}  // namespace

float layout_scale(float width, float height) {
    return std::min(height / 800.0f, width / 1280.0f);
}

platform::FontSizes font_sizes_for(float width, float height) {
    const float s = layout_scale(width, height);
    return {44 * s, 36 * s, 36 * s, 28 * s};
}

float min_large_text_px(int dpi, float viewing_distance_mm) {
    // Dear ImGui's font size is ascent + descent, not the em: Noto Sans's capital H is
    // 714 / (1069 + 293) of it. The ui test measures the H glyph and checks this.
    constexpr float kCapHeightPerFontSize = 714.0f / 1362.0f;
    constexpr float kDegrees = 0.7f;
    const float cap_mm = viewing_distance_mm * std::tan(kDegrees * 3.14159265f / 180.0f);
    return cap_mm / kCapHeightPerFontSize * static_cast<float>(dpi) / 25.4f;
}

platform::FontSizes large_font_sizes_for(float width, float height, int dpi,
                                         float viewing_distance_mm) {
    const auto n = font_sizes_for(width, height);
    // A panel under 10 cm tall (a 7" 800x480) has room for 0.7 degrees only up to about 250 mm,
    // not for the 0-10 scale's 20 mm targets under 300 mm text: there large text is as large
    // as the layout allows (an eighteenth of the height), one size for all, and README says so.
    const bool short_panel = height / static_cast<float>(dpi) * 25.4f < 100;
    const float min_px =
        short_panel ? std::min(min_large_text_px(dpi, viewing_distance_mm), std::floor(height / 18))
                    : min_large_text_px(dpi, viewing_distance_mm);
    const auto big = [&](float px) { return std::ceil(std::max(px * 1.25f, min_px)); };
    return {short_panel ? big(n.button) : big(n.title), big(n.body), big(n.button), big(n.small)};
}

UiFonts load_ui_fonts(platform::Display& display, std::span<const std::string_view> texts, int dpi,
                      float viewing_distance_mm, bool large) {
    const std::array<platform::FontSizes, 1> sizes = {
        font_sizes_for(static_cast<float>(display.width()), static_cast<float>(display.height()))};
    UiFonts fonts{display.load_fonts(texts, sizes).at(0), {}};
    if (large) {
        load_large_fonts(fonts, display, texts, dpi, viewing_distance_mm);
    }
    return fonts;
}

void load_large_fonts(UiFonts& fonts, platform::Display& display,
                      std::span<const std::string_view> texts, int dpi, float viewing_distance_mm) {
    const std::array<platform::FontSizes, 1> sizes = {
        large_font_sizes_for(static_cast<float>(display.width()),
                             static_cast<float>(display.height()), dpi, viewing_distance_mm)};
    fonts.large = display.load_fonts(texts, sizes).at(0);
}

std::optional<core::Event> draw_kiosk(const UiModel& model, const UiFonts& ui_fonts,
                                      ScreenRecord& record) {
    record.clear();
    const ImGuiIO& io = ImGui::GetIO();
    // Staff screens keep the standard look whatever the last patient chose.
    const bool helps = core::offers_assist(model.state.screen);
    const core::Assist assist = helps ? model.state.assist : core::Assist{};
    const Theme theme = make_theme(layout_scale(io.DisplaySize.x, io.DisplaySize.y), model.dpi,
                                   assist.high_contrast);
    const platform::FontSet& fonts =
        assist.large_text && ui_fonts.large.title != nullptr ? ui_fonts.large : ui_fonts.normal;
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    // The screen's ground is what the display clears to (platform::Display::end_frame), not a
    // window background: SDL's software renderer would blend that over every pixel again.
    ImGui::GetStyle().Colors[ImGuiCol_WindowBg] = ImGui::ColorConvertU32ToFloat4(theme.background);
    ImGui::Begin("kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                     ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBackground);
    record.set_language(std::string(screen_language(model)));
    const bool mirrored = is_right_to_left(model.strings, record.language());
    const MirroredPointer pointer(mirrored, io.DisplaySize.x);
    Painter painter{*ImGui::GetWindowDrawList(),
                    theme,
                    fonts,
                    record,
                    assist.speech,
                    assist.focus,
                    model.activate_focus,
                    std::string(),
                    theme.background,
                    mirrored,
                    {}};
    Frame frame{painter, model, io.DisplaySize.x, io.DisplaySize.y};
    if (helps) {
        frame.strip_h = strip_button_size(theme);
        const int buttons = assist.speech ? 4 : 3;
        frame.strip_w = static_cast<float>(buttons) * frame.strip_h +
                        static_cast<float>(buttons - 1) * theme.gap();
    }
    std::optional<core::Event> intent = draw_screen(frame);
    if (helps) {
        assist_strip(frame, intent);
    }
    if (assist.speech) {
        draw_focus(frame, intent);
    }
    if (mirrored) {
        mirror_frame(painter.draw, painter.upright, io.DisplaySize.x, record);
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
    return intent;
}

}  // namespace fbk::kiosk::ui
