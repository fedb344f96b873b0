#include "kiosk/ui/kiosk_ui.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>

#include "kiosk/ui/frame.h"

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

int cells_that_fit(float width, float min_w, float gap) {
    return std::max(1, static_cast<int>(std::floor((width + gap) / (min_w + gap))));
}

int balanced_per_row(int count, int fit) {
    const int rows = (count + fit - 1) / fit;
    return (count + rows - 1) / rows;
}

float draw_question_text(Frame& f, std::string_view text, float top) {
    const Theme& t = f.theme();
    return top + draw_centered_text(f.p, *f.p.fonts.title, text, t.margin(), top,
                                    f.width - 2 * t.margin(), t.text, "question.text");
}

float bottom_bar(Frame& f, std::optional<core::Event>& intent, bool back, std::string_view progress,
                 std::initializer_list<BarControl> controls) {
    const Theme& t = f.theme();
    // Back and continue are not answers: 12 mm keeps them easy while leaving the 20 mm answer
    // targets room on a 7" panel.
    const float h = std::max(12 * t.px_per_mm, 96 * t.scale);
    const float w = std::max(t.min_target() * 1.6f, 260 * t.scale);
    const float top = f.height - t.margin() * 0.5f - h;
    if (back) {
        const Rect rect{t.margin(), top, w, h};
        if (text_button(f.p, "nav.back", f.text("nav.back"), rect, ButtonStyle::Secondary,
                        *f.p.fonts.button, TargetKind::Control)) {
            intent = core::event::GoBack{};
        }
    }
    float right = f.width - t.margin();
    for (const BarControl& c : controls) {
        const Rect rect{right - w, top, w, h};
        if (text_button(f.p, c.id, c.label, rect,
                        c.primary ? ButtonStyle::Primary : ButtonStyle::Secondary,
                        *f.p.fonts.button, TargetKind::Control)) {
            intent = c.event;
        }
        right -= w + t.gap();
    }
    if (!progress.empty()) {
        const float left = t.margin() + (back ? w + t.gap() : 0);
        const ImFont& small = *f.p.fonts.small;
        draw_centered_text(f.p, small, progress, left, top + (h - small.FontSize) / 2,
                           std::max(0.0f, right - left), t.muted_text, "progress");
    }
    return top;
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
    float y = t.margin();
    y += draw_centered_text(f.p, *f.p.fonts.title, welcome, corner, y, f.width - 2 * corner, t.text,
                            "language.welcome");
    y += t.gap() * 0.5f;
    y += draw_centered_text(f.p, *f.p.fonts.small, prompt, t.margin(), y, f.width - 2 * t.margin(),
                            t.muted_text, "language.prompt");
    const Rect area{t.margin(), y + t.gap(), f.width - 2 * t.margin(),
                    f.height - y - t.gap() - t.margin()};
    const int n = static_cast<int>(langs.size());
    const int fit = cells_that_fit(area.w, std::max(t.min_target() * 2, 240 * t.scale), t.gap());
    grid(area, n, balanced_per_row(n, fit), t.gap(), 380 * t.scale,
         std::max(t.min_target(), 130 * t.scale), [&](int i, Rect rect) {
             const std::string& lang = langs[static_cast<std::size_t>(i)];
             // Each language is named in itself, so a patient recognises their own.
             if (text_button(f.p, "lang." + lang, f.m.strings.get(lang, "language.name"), rect,
                             ButtonStyle::Primary, *f.p.fonts.button)) {
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
    const int fit = cells_that_fit(area.w, std::max(t.min_target() * 2, 200 * t.scale), t.gap());
    grid(area, n, balanced_per_row(n, std::min(fit, 3)), t.gap(), 520 * t.scale,
         std::max(t.min_target(), 150 * t.scale), [&](int i, Rect rect) {
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
    float y = f.height * 0.15f;
    y += draw_centered_text(f.p, *f.p.fonts.title, f.text("still_there.title"), t.margin(), y,
                            f.width - 2 * t.margin(), t.text, "still_there.title");
    const int seconds = core::still_there_seconds_left(f.m.state, f.m.flow, f.m.now);
    y += t.gap();
    y += draw_centered_text(
        f.p, *f.p.fonts.body,
        core::format(f.text("still_there.body"), {{"seconds", std::to_string(seconds)}}),
        t.margin(), y, f.width - 2 * t.margin(), t.muted_text, "still_there.body");
    const float w = std::min(f.width - 2 * t.margin(), std::max(t.min_target() * 4, 600 * t.scale));
    const float h = std::max(t.min_target(), 140 * t.scale);
    const Rect rect{(f.width - w) / 2, std::max(y + t.gap() * 2, f.height * 0.55f), w, h};
    if (text_button(f.p, "still_there.continue", f.text("still_there.continue"), rect,
                    ButtonStyle::Primary, *f.p.fonts.button, TargetKind::Control)) {
        intent = core::event::StillHere{};
    }
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

}  // namespace

float layout_scale(float width, float height) {
    return std::min(height / 800.0f, width / 1280.0f);
}

platform::FontSizes font_sizes_for(float width, float height) {
    const float s = layout_scale(width, height);
    return {44 * s, 36 * s, 36 * s, 28 * s};
}

std::optional<core::Event> draw_kiosk(const UiModel& model, const platform::FontSet& fonts,
                                      ScreenRecord& record) {
    record.clear();
    const ImGuiIO& io = ImGui::GetIO();
    const Theme theme = make_theme(layout_scale(io.DisplaySize.x, io.DisplaySize.y), model.dpi);
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(io.DisplaySize);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(0, 0));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_WindowBg, theme.background);
    ImGui::Begin("kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus |
                     ImGuiWindowFlags_NoScrollWithMouse);
    Painter painter{*ImGui::GetWindowDrawList(), theme, fonts, record};
    Frame frame{painter, model, io.DisplaySize.x, io.DisplaySize.y};
    std::optional<core::Event> intent;
    switch (model.state.screen) {
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
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
    return intent;
}

}  // namespace fbk::kiosk::ui
