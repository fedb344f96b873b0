#include "kiosk/ui/kiosk_ui.h"

#include <algorithm>
#include <array>
#include <string>

#include "kiosk/ui/widgets.h"

namespace fbk::kiosk::ui {

namespace protocol = fbk::sync::protocol;

namespace {

struct Frame {
    Painter& p;
    const UiModel& m;
    float width;
    float height;

    std::string_view text(std::string_view key) const {
        return m.strings.get(m.state.language, key);
    }
};

std::optional<core::Event> language_screen(Frame& f) {
    const Theme& t = f.p.theme;
    const auto& langs = f.m.flow.languages;
    // Greet in every offered language: the patient has not chosen one yet.
    std::string welcome;
    std::string prompt;
    for (const std::string& lang : langs) {
        welcome += welcome.empty() ? "" : " · ";
        welcome += f.m.strings.get(lang, "welcome");
        prompt += prompt.empty() ? "" : " · ";
        prompt += f.m.strings.get(lang, "language.prompt");
    }
    float y = t.margin() * 1.5f;
    y += draw_centered_text(f.p, *f.p.fonts.title, welcome, t.margin(), y, f.width - 2 * t.margin(),
                            t.text, "language.welcome");
    y += t.gap();
    y += draw_centered_text(f.p, *f.p.fonts.body, prompt, t.margin(), y, f.width - 2 * t.margin(),
                            t.muted_text, "language.prompt");

    const std::size_t n = langs.size();
    const std::size_t per_row = n <= 3 ? n : (n + 1) / 2;
    const float button_w = std::min(
        380 * t.scale, (f.width - 2 * t.margin() - static_cast<float>(per_row - 1) * t.gap()) /
                           static_cast<float>(per_row));
    const float button_h = 130 * t.scale;
    const std::size_t rows = (n + per_row - 1) / per_row;
    const float block_h =
        static_cast<float>(rows) * button_h + static_cast<float>(rows - 1) * t.gap();
    const float top = std::max(y + t.gap() * 2, (f.height - block_h) / 2 + 60 * t.scale);
    std::optional<core::Event> intent;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t row = i / per_row;
        const std::size_t in_row = std::min(per_row, n - row * per_row);
        const float row_w =
            static_cast<float>(in_row) * button_w + static_cast<float>(in_row - 1) * t.gap();
        const float x =
            (f.width - row_w) / 2 + static_cast<float>(i % per_row) * (button_w + t.gap());
        const Rect rect{x, top + static_cast<float>(row) * (button_h + t.gap()), button_w,
                        button_h};
        // Each language is named in itself, so a patient recognises their own.
        const auto name = f.m.strings.get(langs[i], "language.name");
        if (text_button(f.p, "lang." + langs[i], name, rect, ButtonStyle::Primary,
                        *f.p.fonts.button)) {
            intent = core::event::ChooseLanguage{langs[i]};
        }
    }
    return intent;
}

std::optional<core::Event> question_screen(Frame& f) {
    const Theme& t = f.p.theme;
    const protocol::Survey& survey = *f.m.survey.survey;
    const protocol::Question& q = survey.questions.at(f.m.state.question);
    std::optional<core::Event> intent;

    const Rect back{t.margin(), t.margin() * 0.6f, 230 * t.scale, 90 * t.scale};
    if (text_button(f.p, "nav.back", f.text("nav.back"), back, ButtonStyle::Secondary,
                    *f.p.fonts.button)) {
        intent = core::event::GoBack{};
    }
    const std::string progress =
        core::format(f.text("progress"), {{"n", std::to_string(f.m.state.question + 1)},
                                          {"total", std::to_string(survey.questions.size())}});
    const float progress_w = 300 * t.scale;
    draw_centered_text(f.p, *f.p.fonts.small, progress, f.width - t.margin() - progress_w,
                       back.y + (back.h - f.p.fonts.small->FontSize) / 2, progress_w, t.muted_text,
                       "progress");

    const float text_top = back.y + back.h + t.gap() * 1.5f;
    const std::string& question_text = f.m.survey.pack->text(q.text, f.m.state.language);
    const float text_h =
        draw_centered_text(f.p, *f.p.fonts.title, question_text, t.margin() * 2, text_top,
                           f.width - 4 * t.margin(), t.text, "q." + q.id + ".text");

    std::optional<std::int64_t> selected;
    for (const auto& a : f.m.state.answers) {
        if (a.question == q.id) {
            selected = a.value;
        }
    }
    const protocol::ValueRange range = protocol::value_range(q.type);
    const int count = range.max - range.min + 1;
    const float area_top = std::max(text_top + text_h + t.gap() * 2, f.height * 0.42f);
    const float avail_w = f.width - 2 * t.margin();
    const std::string type_name(protocol::to_string(q.type));

    if (q.type == protocol::QuestionType::Smiley) {
        const float cell_w =
            std::min(230 * t.scale, (avail_w - static_cast<float>(count - 1) * t.gap()) /
                                        static_cast<float>(count));
        const float cell_h = std::min(f.height - area_top - t.margin(), 340 * t.scale);
        const float row_w =
            static_cast<float>(count) * cell_w + static_cast<float>(count - 1) * t.gap();
        for (int v = range.min; v <= range.max; ++v) {
            const Rect rect{
                (f.width - row_w) / 2 + static_cast<float>(v - range.min) * (cell_w + t.gap()),
                area_top, cell_w, cell_h};
            const std::string value = std::to_string(v);
            const std::string label(f.text("smiley." + value));
            if (smiley_button(f.p, "q." + q.id + "." + value, v, label, rect, selected == v,
                              {"q." + type_name + "." + value})) {
                intent = core::event::AnswerQuestion{q.id, v};
            }
        }
    } else {
        const float gap = t.gap() * 0.5f;
        const float cell_w =
            (avail_w - static_cast<float>(count - 1) * gap) / static_cast<float>(count);
        const float cell_h = 140 * t.scale;
        for (int v = range.min; v <= range.max; ++v) {
            const Rect rect{t.margin() + static_cast<float>(v - range.min) * (cell_w + gap),
                            area_top, cell_w, cell_h};
            const std::string value = std::to_string(v);
            if (text_button(f.p, "q." + q.id + "." + value, value, rect,
                            selected == v ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice,
                            *f.p.fonts.button, {"q." + type_name + "." + value})) {
                intent = core::event::AnswerQuestion{q.id, v};
            }
        }
        // Scale anchors under the two ends of the row.
        const float label_y = area_top + cell_h + t.gap() * 0.6f;
        const float label_w = avail_w * 0.45f;
        const ImFont& small = *f.p.fonts.small;
        const auto low = wrap_text(small, f.text("nps.low"), label_w);
        const auto high = wrap_text(small, f.text("nps.high"), label_w);
        float y = label_y;
        for (const auto line : low) {
            f.p.draw.AddText(&small, small.FontSize, ImVec2(t.margin(), y), t.muted_text,
                             line.data(), line.data() + line.size());
            y += small.FontSize * 1.15f;
        }
        y = label_y;
        for (const auto line : high) {
            const float w = small
                                .CalcTextSizeA(small.FontSize, FLT_MAX, 0, line.data(),
                                               line.data() + line.size())
                                .x;
            f.p.draw.AddText(&small, small.FontSize, ImVec2(f.width - t.margin() - w, y),
                             t.muted_text, line.data(), line.data() + line.size());
            y += small.FontSize * 1.15f;
        }
    }
    return intent;
}

void message_screen(Frame& f, std::string_view title_key, std::string_view body_key, bool happy) {
    const Theme& t = f.p.theme;
    const float radius = 90 * t.scale;
    const ImVec2 centre(f.width / 2, f.height * 0.28f);
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
    float y = centre.y + radius + t.gap() * 2;
    y += draw_centered_text(f.p, *f.p.fonts.title, f.text(title_key), t.margin(), y,
                            f.width - 2 * t.margin(), t.text, title_key);
    draw_centered_text(f.p, *f.p.fonts.body, f.text(body_key), t.margin() * 2, y + t.gap(),
                       f.width - 4 * t.margin(), t.muted_text, body_key);
}

}  // namespace

platform::FontSizes font_sizes_for(float window_height) {
    const float s = window_height / 800.0f;
    return {52 * s, 36 * s, 40 * s, 28 * s};
}

std::optional<core::Event> draw_kiosk(const UiModel& model, const platform::FontSet& fonts,
                                      ScreenRecord& record) {
    record.clear();
    const ImGuiIO& io = ImGui::GetIO();
    const Theme theme = make_theme(io.DisplaySize.y);
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
        case core::Screen::Question:
            intent = question_screen(frame);
            break;
        case core::Screen::Saving:
            break;  // one frame at most: the commit runs before the next one is drawn
        case core::Screen::Thanks:
            message_screen(frame, "thanks.title", "thanks.body", true);
            break;
        case core::Screen::SaveFailed:
            message_screen(frame, "save_failed.title", "save_failed.body", false);
            break;
    }
    ImGui::End();
    ImGui::PopStyleColor();
    ImGui::PopStyleVar(2);
    return intent;
}

}  // namespace fbk::kiosk::ui
