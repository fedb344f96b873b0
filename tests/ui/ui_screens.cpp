#include "tests/ui/ui_screens.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "sync/protocol/survey_pack.h"
#include "tests/support/paths.h"
#include "tests/support/temp_dir.h"

namespace fbk::test {

const std::vector<std::string> kLanguages = {"fi", "sv", "da", "nl", "en", "uk",
                                             "ar", "fa", "so", "et", "ru", "tr"};

const std::vector<Panel> kPanels = {{800, 480, 133, "7in", 300, false},
                                    {1280, 800, 150, "10in", 400},
                                    {1920, 1080, 102, "22in", 500},
                                    {800, 1280, 150, "10in-portrait", 400}};

core::KioskConfig default_pack_config() {
    core::KioskConfig c;
    c.kiosk_id = "ui-test";
    c.stage = "WAITING";
    c.pack_file = fbk::test::source_dir() / "assets/packs/default-healthcare.json";
    c.languages = kLanguages;
    c.default_language = "fi";
    c.staff_pin = "2468";
    return c;
}

core::KioskConfig pack_config(const std::filesystem::path& pack_file) {
    const auto parsed = protocol::parse_survey_pack(read_file(pack_file));
    REQUIRE_MESSAGE(parsed.pack, pack_file.string());
    core::KioskConfig c = default_pack_config();
    c.pack_file = pack_file;
    c.stage = parsed.pack->surveys.front().stages.front();
    c.languages = parsed.pack->languages;
    c.default_language = parsed.pack->default_language;
    return c;
}

namespace {

bool overlaps(const ui::Rect& a, const ui::Rect& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

float gap_between(const ui::Rect& a, const ui::Rect& b) {
    const float dx = std::max({0.0f, b.x - (a.x + a.w), a.x - (b.x + b.w)});
    const float dy = std::max({0.0f, b.y - (a.y + a.h), a.y - (b.y + b.h)});
    return std::max(dx, dy);
}

float min_size_mm(ui::TargetKind kind) {
    switch (kind) {
        case ui::TargetKind::Answer:
            return 20.0f;
        case ui::TargetKind::Control:
            return 9.0f;
        case ui::TargetKind::Key:
            return 7.0f;
        case ui::TargetKind::Staff:
            return 7.0f;
    }
    return 20.0f;
}

}  // namespace

void check_targets(const ui::ScreenRecord& record, const Panel& panel) {
    const float px_per_mm = static_cast<float>(panel.dpi) / 25.4f;
    const auto& targets = record.targets();
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const auto& id = targets[i].id;
        const auto& r = targets[i].rect;
        const auto kind = targets[i].kind;
        CAPTURE(id);
        CHECK(r.x >= 0);
        CHECK(r.y >= 0);
        CHECK(r.x + r.w <= static_cast<float>(panel.width) + 0.5f);
        CHECK(r.y + r.h <= static_cast<float>(panel.height) + 0.5f);
        CHECK(std::min(r.w, r.h) / px_per_mm >= min_size_mm(kind) - 0.05f);
        for (std::size_t j = i + 1; j < targets.size(); ++j) {
            const auto& other = targets[j];
            const bool alias = other.rect.x == r.x && other.rect.y == r.y;
            if (alias) {
                continue;
            }
            CHECK_MESSAGE(!overlaps(r, other.rect), id, " overlaps ", other.id);
            if (kind == ui::TargetKind::Answer && other.kind == ui::TargetKind::Answer) {
                CHECK_MESSAGE(gap_between(r, other.rect) / px_per_mm >= 2.95f, id,
                              " is too close to ", other.id);
            }
        }
    }
}

std::vector<NamedState> every_screen(const protocol::SurveyPack& pack, const std::string& lang) {
    std::vector<NamedState> out;
    core::State s;
    out.push_back({"language", s});
    // Where the languages do not all fit at full size, their later pages.
    for (const int page : {1, 2}) {
        s.page = page;
        out.push_back({"language.page" + std::to_string(page + 1), s});
    }
    s.page = 0;
    s.language = lang;
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
                s.draft_text = "Hyvä palvelu, ääni ja ökonomi – Дякую";
            }
            // Every screen shows a chosen answer, as when a patient comes back to it.
            if (s.answer_to(q.id) == nullptr) {
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
                        s.answers.push_back(
                            protocol::Answer::of_choices(q.id, {q.options.front().id}));
                        break;
                    default:
                        break;
                }
            }
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
    s = core::State{};
    s.screen = core::Screen::StaffPin;
    s.pin_entry = "12";
    out.push_back({"staff-pin", s});
    s.screen = core::Screen::Staff;
    out.push_back({"staff", s});
    return out;
}

namespace {

ui::StaffView sample_staff_view(const protocol::SurveyPack& pack) {
    ui::StaffView view;
    view.lines = {{"staff.kiosk", "lobby-1"},
                  {"staff.stage", "WAITING (config)"},
                  {"staff.unsent", "12"},
                  {"staff.oldest", "34 min"},
                  {"staff.last_sync", "2 min"},
                  {"staff.last_error", "HTTP 503"},
                  {"staff.hub", "reachable"},
                  {"staff.disk", "5120 MiB"},
                  {"staff.version", "0.2 / default-healthcare v2"}};
    view.override_stage = "DISCHARGE";
    for (const auto& survey : pack.surveys) {
        view.stages.insert(view.stages.end(), survey.stages.begin(), survey.stages.end());
    }
    return view;
}

}  // namespace

Screen::Screen(Panel p, int rotation, const core::KioskConfig& config)
    : panel(p), display({true, false, p.width, p.height, rotation}) {
    auto load = app::load_assets(config);
    REQUIRE(load.errors.empty());
    assets = std::move(load.assets);
    const auto texts = assets->all_texts();
    fonts = ui::load_ui_fonts(display, texts, p.dpi, p.viewing_distance_mm, true);
    staff = sample_staff_view(assets->pack);
    ctx = {&assets->pack, {config.stage, protocol::StageSource::Config}};
}

std::optional<core::Event> Screen::frame(const core::State& state,
                                         const std::filesystem::path& screenshot) {
    display.pump_events(0);
    display.begin_frame();
    const ui::UiModel model{state, ctx,        assets->flow, assets->strings, assets->keyboards,
                            staff, {0, 5'000}, panel.dpi};
    auto intent = ui::draw_kiosk(model, fonts, record);
    display.end_frame(screenshot);
    return intent;
}

std::optional<core::Event> Screen::intent_after_touch(const core::State& state) {
    std::optional<core::Event> intent;
    for (int frame = 0; frame < 4 && !intent; ++frame) {
        intent = this->frame(state);
    }
    return intent;
}

std::optional<core::Event> Screen::draw(const core::State& state,
                                        const std::filesystem::path& screenshot) {
    frame(state);
    return frame(state, screenshot);
}

}  // namespace fbk::test
