#include "tests/ui/ui_screens.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "kiosk/app/screen_tour.h"
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

void check_targets(const ui::ScreenRecord& record, const Panel& panel) {
    for (const std::string& problem :
         app::target_problems(record, {panel.width, panel.height, panel.dpi})) {
        FAIL_CHECK(problem);
    }
}

std::vector<NamedState> every_screen(const protocol::SurveyPack& pack, const std::string& lang) {
    std::vector<NamedState> out;
    for (auto& screen : app::patient_screens(pack, lang)) {
        out.push_back({std::move(screen.name), std::move(screen.state)});
    }
    core::State s;
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
