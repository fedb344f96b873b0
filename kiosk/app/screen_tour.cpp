#include "kiosk/app/screen_tour.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "kiosk/app/kiosk_assets.h"
#include "kiosk/ui/kiosk_ui.h"
#include "platform/display.h"

namespace fbk::kiosk::app {

namespace protocol = fbk::sync::protocol;

namespace {

// An answer chosen for `q` unless it has one, as when a patient comes back to a question.
void choose_an_answer(core::State& s, const protocol::Question& q) {
    if (s.answer_to(q.id) != nullptr) {
        return;
    }
    switch (q.type) {
        case protocol::QuestionType::Smiley:
            s.answers.emplace_back(q.id, 2);
            break;
        case protocol::QuestionType::Nps:
            s.answers.emplace_back(q.id, 9);
            break;
        case protocol::QuestionType::Effort:
            s.answers.emplace_back(q.id, 6);
            break;
        case protocol::QuestionType::YesPartlyNo:
            s.answers.push_back(protocol::Answer::of_choices(q.id, {"partly"}));
            break;
        case protocol::QuestionType::SingleChoice:
            s.answers.push_back(protocol::Answer::of_choices(q.id, {q.options.front().id}));
            break;
        default:
            break;
    }
}

float min_size_mm(ui::TargetKind kind) {
    switch (kind) {
        case ui::TargetKind::Answer:
            return 20.0f;
        case ui::TargetKind::Control:
            return 9.0f;
        case ui::TargetKind::Key:
        case ui::TargetKind::Staff:
            return 7.0f;
    }
    return 20.0f;
}

bool overlaps(const ui::Rect& a, const ui::Rect& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

float gap_between(const ui::Rect& a, const ui::Rect& b) {
    const float dx = std::max({0.0f, b.x - (a.x + a.w), a.x - (b.x + b.w)});
    const float dy = std::max({0.0f, b.y - (a.y + a.h), a.y - (b.y + b.h)});
    return std::max(dx, dy);
}

std::string millimetres(float mm) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f mm", static_cast<double>(mm));
    return text;
}

}  // namespace

std::vector<TourScreen> patient_screens(const protocol::SurveyPack& pack,
                                        const std::string& language) {
    std::vector<TourScreen> out;
    core::State s;
    out.push_back({"language", s});
    // Where the languages do not all fit at full size, their later pages.
    for (const int page : {1, 2}) {
        s.page = page;
        out.push_back({"language.page" + std::to_string(page + 1), s});
    }
    s.page = 0;
    s.language = language;
    s.screen = core::Screen::StagePick;
    out.push_back({"stage", s});
    for (const auto& survey : pack.surveys) {
        s.survey = &survey;
        s.screen = core::Screen::Question;
        s.answers = {protocol::Answer("satisfaction", 2)};
        s.visited.clear();
        for (std::size_t i = 0; i < survey.questions.size(); ++i) {
            const auto& q = survey.questions[i];
            s.question = i;
            s.draft_choices.clear();
            s.draft_text.clear();
            if (q.type == protocol::QuestionType::MultiChoice) {
                s.draft_choices = {q.options.front().id};
            }
            if (q.type == protocol::QuestionType::FreeText) {
                s.draft_text =
                    "Hyvä palvelu, ääni ja ökonomi – Дякую";  // wide letters, two scripts
            }
            choose_an_answer(s, q);
            out.push_back({survey.id + "." + q.id, s});
            s.visited.push_back(i);
        }
    }
    s.screen = core::Screen::StillThere;
    s.resume_screen = core::Screen::Question;
    out.push_back({"still-there", s});
    s.screen = core::Screen::Thanks;
    out.push_back({"thanks", s});
    s.screen = core::Screen::SaveFailed;
    out.push_back({"save-failed", s});
    return out;
}

std::vector<std::string> target_problems(const ui::ScreenRecord& record, const PanelSize& panel) {
    std::vector<std::string> problems;
    const float px_per_mm = static_cast<float>(panel.dpi) / 25.4f;
    const auto& targets = record.targets();
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const auto& t = targets[i];
        if (t.alias) {
            continue;  // the target before it under a second id
        }
        const ui::Rect& r = t.rect;
        if (r.x < 0 || r.y < 0 || r.x + r.w > static_cast<float>(panel.width) + 0.5f ||
            r.y + r.h > static_cast<float>(panel.height) + 0.5f) {
            problems.push_back(t.id + " reaches outside the panel");
        }
        const float size = std::min(r.w, r.h) / px_per_mm;
        if (size < min_size_mm(t.kind) - 0.05f) {
            problems.push_back(t.id + " is " + millimetres(size) + ", under " +
                               millimetres(min_size_mm(t.kind)));
        }
        for (std::size_t j = i + 1; j < targets.size(); ++j) {
            const auto& other = targets[j];
            if (other.alias || (other.rect.x == r.x && other.rect.y == r.y)) {
                continue;
            }
            if (overlaps(r, other.rect)) {
                problems.push_back(t.id + " overlaps " + other.id);
            } else if (t.kind == ui::TargetKind::Answer && other.kind == ui::TargetKind::Answer &&
                       gap_between(r, other.rect) / px_per_mm < 2.95f) {
                problems.push_back(t.id + " is " +
                                   millimetres(gap_between(r, other.rect) / px_per_mm) + " from " +
                                   other.id + ", under 3.0 mm");
            }
        }
    }
    return problems;
}

std::vector<std::string> screen_rule_problems(const core::KioskConfig& config,
                                              const PanelSize& panel) {
    auto load = load_assets(config);
    if (!load.assets) {
        throw std::runtime_error(load.errors.empty() ? "the assets did not load"
                                                     : load.errors.front());
    }
    const KioskAssets& assets = *load.assets;
    platform::Display display({true, false, panel.width, panel.height, 0, "check-pack"});
    const auto texts = assets.all_texts();
    const ui::UiFonts fonts = ui::load_ui_fonts(
        display, texts, panel.dpi, static_cast<float>(config.viewing_distance_mm), true);
    const core::SurveyContext ctx{&assets.pack, {config.stage, protocol::StageSource::Config}};
    const ui::StaffView staff;
    ui::ScreenRecord record;
    std::vector<std::string> problems;
    for (const std::string& language : config.languages) {
        for (const TourScreen& screen : patient_screens(assets.pack, language)) {
            for (const bool large : {false, true}) {
                core::State state = screen.state;
                state.assist.large_text = large;
                // Answers that come in pages: each page is a screen of its own.
                for (bool more = true; more; ++state.page) {
                    const ui::UiModel model{
                        state, ctx,        assets.flow, assets.strings, assets.keyboards,
                        staff, {0, 5'000}, panel.dpi};
                    for (int frame = 0; frame < 2; ++frame) {  // ImGui settles on the second
                        display.begin_frame();
                        ui::draw_kiosk(model, fonts, record);
                        display.end_frame();
                    }
                    auto found = record.layout_problems();
                    const auto targets = target_problems(record, panel);
                    found.insert(found.end(), targets.begin(), targets.end());
                    const std::string name =
                        screen.name + (state.page > 0 && screen.state.page == 0
                                           ? ".answers" + std::to_string(state.page + 1)
                                           : "");
                    for (const std::string& problem : found) {
                        problems.push_back(language + " " + name +
                                           (large ? " (large text): " : ": ") + problem);
                    }
                    more = record.find_target("answers.next") != nullptr;
                }
            }
        }
    }
    return problems;
}

}  // namespace fbk::kiosk::app
