// One question per screen: what every type shares (question_screen), and the views of the scales
// (faces or numbers) and choices. Free text and the slider have their own files.
#include <algorithm>
#include <string>

#include "kiosk/ui/question_views.h"

namespace fbk::kiosk::ui {

namespace {

bool translated(const protocol::Question& q, std::string_view language) {
    const auto has = [&](const protocol::LocalizedText& text) { return text.contains(language); };
    return has(q.text) &&
           std::all_of(q.options.begin(), q.options.end(),
                       [&](const protocol::Option& o) { return has(o.text); }) &&
           (!q.anchors || (has(q.anchors->low) && has(q.anchors->high)));
}

}  // namespace

std::string_view fallen_back_from(const UiModel& m) {
    const auto& s = m.state;
    const protocol::Question* q =
        s.screen == core::Screen::Question ? s.current_question() : nullptr;
    if (s.language.empty() || q == nullptr || translated(*q, s.language)) {
        return {};
    }
    return s.language;
}

std::string_view screen_language(const UiModel& m) {
    if (m.state.language.empty()) {
        return m.flow.default_language;
    }
    return fallen_back_from(m).empty() ? std::string_view(m.state.language)
                                       : std::string_view(m.survey.pack->default_language);
}

std::string progress_text(const Frame& f) {
    const auto& s = f.m.state;
    // Follow-ups may be skipped, so count the questions answered on the way, plus this one.
    const std::size_t shown = s.visited.size() + 1;
    std::size_t total = 0;
    for (const auto& q : s.survey->questions) {
        total += q.show_if ? 0 : 1;
    }
    total = std::max(total, shown);
    std::string text = core::format(
        f.text("progress"), {{"n", std::to_string(shown)}, {"total", std::to_string(total)}});
    if (const auto own = fallen_back_from(f.m); !own.empty()) {
        text += " · ";
        text += core::format(f.m.strings.get(own, "fallback.notice"),
                             {{"language", f.text("language.name")}});
    }
    return text;
}

float scale_anchors(Frame& f, std::string_view low, std::string_view high, float left, float right,
                    float y, std::string_view high_where) {
    const Theme& t = f.theme();
    const ImFont& small = *f.p.fonts.small;
    const float w = (right - left - t.gap()) / 2;
    const float low_h = draw_wrapped_text(f.p, small, low, left, y, w, t.muted_text);
    float high_y = y;
    for (const auto line : wrap_text(small, high, w)) {
        const float lw = text_width(small, line);
        draw_text_at(f.p, small, ImVec2(right - lw, high_y), t.muted_text, line, high_where);
        high_y += small.FontSize * 1.15f;
    }
    return std::max(low_h, high_y - y);
}

void smiley_view(Frame& f, const AnswerArea& a, std::optional<core::Event>& intent) {
    const protocol::Question& q = a.question;
    const Rect& area = a.rect;
    const protocol::Answer* answer = a.answer;
    const Theme& t = f.theme();
    const ImFont& small = *f.p.fonts.small;
    std::vector<std::string> names;
    for (int v = 1; v <= 5; ++v) {
        names.emplace_back(f.text("smiley." + std::to_string(v)));
    }
    const std::vector<std::string_view> labels(names.begin(), names.end());
    // Wide enough for the longest word of a label: large text gets fewer, wider cells.
    const float min_w = std::max(t.min_target(), longest_word(small, labels) + 16 * t.scale);
    const int fit = cells_that_fit(area.w, min_w, t.gap());
    const int per_row = balanced_per_row(5, fit);
    const float max_w = std::max(230 * t.scale, min_w);
    // Tall enough for a face over the longest label (large text wraps labels).
    const float cell_w = grid_cell_width(area, per_row, t.gap(), max_w);
    std::size_t lines = 1;
    for (int v = 1; v <= 5; ++v) {
        lines = std::max(
            lines,
            wrap_text(small, f.text("smiley." + std::to_string(v)), cell_w - 12 * t.scale).size());
    }
    const float label_h = small.FontSize * 1.15f * static_cast<float>(lines);
    const float cell_h = std::max(340 * t.scale, label_h + 34 * t.scale + cell_w * 0.5f);
    // At least a 10 mm face over the label.
    const float min_h = std::max(t.min_target(), label_h + 34 * t.scale + t.min_target() * 0.5f);
    paged_grid(f, intent, area, {5, per_row, min_w, max_w, cell_h, min_h}, [&](int i, Rect rect) {
        const int v = i + 1;
        const std::string value = std::to_string(v);
        const bool selected = answer != nullptr && answer->value == v;
        if (smiley_button(f.p, "q." + q.id + "." + value, v, f.text("smiley." + value), rect,
                          selected, {"q.smiley." + value})) {
            intent = core::event::AnswerQuestion{q.id, v};
        }
    });
}

void number_scale_view(Frame& f, const AnswerArea& a, std::optional<core::Event>& intent) {
    const protocol::Question& q = a.question;
    const protocol::ValueRange range = *protocol::value_range(q.type);
    Rect area = a.rect;
    const protocol::Answer* answer = a.answer;
    const Theme& t = f.theme();
    const int count = range.max - range.min + 1;
    const ImFont& small = *f.p.fonts.small;
    const float half_w = (area.w - t.gap()) / 2;
    const std::string type_key(protocol::to_string(q.type));
    const auto lines = std::max(wrap_text(small, f.text(type_key + ".low"), half_w).size(),
                                wrap_text(small, f.text(type_key + ".high"), half_w).size());
    const float anchors_h = small.FontSize * 1.15f * static_cast<float>(lines) + t.gap() * 0.4f;
    area.h -= anchors_h;
    const int fit = cells_that_fit(area.w, t.min_target(), t.gap());
    const int per_row = balanced_per_row(count, fit);
    const std::string type(protocol::to_string(q.type));
    float bottom = area.y;
    paged_grid(
        f, intent, area,
        {count, per_row, t.min_target(), 200 * t.scale, std::max(t.min_target(), 150 * t.scale),
         t.min_target()},
        [&](int i, Rect rect) {
            const int v = range.min + i;
            const std::string value = std::to_string(v);
            const bool selected = answer != nullptr && answer->value == v;
            if (text_button(f.p, "q." + q.id + "." + value, value, rect,
                            selected ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice,
                            *f.p.fonts.button, TargetKind::Answer, {"q." + type + "." + value})) {
                intent = core::event::AnswerQuestion{q.id, v};
            }
            if (selected) {
                draw_tick(f.p, rect);  // shape as well as colour: never colour alone
            }
            bottom = std::max(bottom, rect.y + rect.h);
        });
    // Under the two ends of the scale: "0 = Not at all likely".
    scale_anchors(f, f.text(type + ".low"), f.text(type + ".high"), t.margin(),
                  f.width - t.margin(), bottom + t.gap() * 0.4f, type + ".high");
}

void choices_view(Frame& f, const AnswerArea& a, std::optional<core::Event>& intent) {
    const protocol::Question& q = a.question;
    const Rect& area = a.rect;
    const protocol::Answer* answer = a.answer;
    const Theme& t = f.theme();
    const auto ids = q.option_ids();
    const int count = static_cast<int>(ids.size());
    const bool multi = protocol::info(q.type).several_choices;
    const auto& chosen = multi ? f.m.state.draft_choices
                               : (answer != nullptr ? answer->choices : f.m.state.draft_choices);
    std::vector<std::string_view> labels;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        labels.push_back(
            q.type == protocol::QuestionType::YesPartlyNo
                ? f.text("choice." + ids[i])
                : std::string_view(f.m.survey.pack->text(q.options[i].text, f.language())));
    }
    // Wide enough for the longest word: large text gets fewer, wider cells.
    const float min_w = std::max({t.min_target() * 2, 200 * t.scale,
                                  longest_word(*f.p.fonts.button, labels) + 32 * t.scale});
    const int fit = std::min(cells_that_fit(area.w, min_w, t.gap()), 3);
    const int per_row = balanced_per_row(count, fit);
    const float max_w = std::max(520 * t.scale, min_w);
    const float cell_w = grid_cell_width(area, per_row, t.gap(), max_w);
    paged_grid(
        f, intent, area,
        {count, per_row, min_w, max_w,
         cell_height_for(f, labels, cell_w, std::max(t.min_target(), 150 * t.scale)),
         std::max(t.min_target(), least_button_height(f, *f.p.fonts.button, labels, cell_w))},
        [&](int i, Rect rect) {
            const std::string& id = ids[static_cast<std::size_t>(i)];
            const std::string_view label = labels[static_cast<std::size_t>(i)];
            const bool selected = std::find(chosen.begin(), chosen.end(), id) != chosen.end();
            if (text_button(f.p, "q." + q.id + "." + id, label, rect,
                            selected ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice,
                            *f.p.fonts.button)) {
                intent = core::event::ChooseOption{q.id, id};
            }
            if (selected) {
                draw_tick(f.p, rect);  // shape as well as colour: never colour alone
            }
        });
}

namespace {

// The bar under a question: back, progress, and, as the type asks, "can't say" and Continue
// (which reads "Skip" while nothing is drafted). Returns the bar's top edge.
float question_bar(Frame& f, const protocol::Question& q, std::optional<core::Event>& intent) {
    const std::string progress = progress_text(f);
    const std::string cant_say_id = "q." + q.id + ".cant_say";
    const bool confirm = protocol::info(q.type).needs_continue;
    const bool nothing_drafted = f.m.state.draft_choices.empty() && !f.m.state.draft_value;
    const BarControl continue_control{"nav.continue", f.text(nothing_drafted ? "skip" : "continue"),
                                      core::event::Continue{q.id}, true};
    const BarControl cant_say{cant_say_id, f.text("cant_say"), core::event::CantSay{q.id}};
    if (confirm && q.allow_cant_say) {
        return bottom_bar(f, intent, true, progress, {continue_control, cant_say});
    }
    if (confirm) {
        return bottom_bar(f, intent, true, progress, {continue_control});
    }
    if (q.allow_cant_say) {
        return bottom_bar(f, intent, true, progress, {cant_say});
    }
    return bottom_bar(f, intent, true, progress, {});
}

}  // namespace

std::optional<core::Event> question_screen(Frame& f) {
    const protocol::Question& q = *f.m.state.current_question();
    const QuestionView* view = question_view(q.type);
    if (view != nullptr && view->screen != nullptr) {
        return view->screen(f);
    }
    const Theme& t = f.theme();
    std::optional<core::Event> intent;
    float text_bottom =
        draw_question_text(f, f.m.survey.pack->text(q.text, f.language()), t.margin());
    if (protocol::info(q.type).several_choices) {
        const std::string hint =
            q.max_choices > 0
                ? core::format(f.text("multi.hint_max"), {{"n", std::to_string(q.max_choices)}})
                : std::string(f.text("multi.hint"));
        text_bottom += t.gap() * 0.3f;
        text_bottom += draw_centered_text(f.p, *f.p.fonts.small, hint, t.margin(), text_bottom,
                                          f.width - 2 * t.margin(), t.muted_text, "multi.hint");
    }
    const float bar_top = question_bar(f, q, intent);
    const Rect area{t.margin(), text_bottom + t.gap(), f.width - 2 * t.margin(),
                    bar_top - text_bottom - 2 * t.gap()};
    if (view != nullptr && view->answer != nullptr) {
        view->answer(f, {q, area, f.m.state.answer_to(q.id)}, intent);
    }
    return intent;
}

}  // namespace fbk::kiosk::ui
