// Every screen of the flow, in every language, drawn by the real UI on SDL's offscreen driver.
#include <doctest/doctest.h>

#include <imgui.h>

#include "kiosk/app/kiosk_assets.h"
#include "kiosk/ui/kiosk_ui.h"
#include "platform/display.h"
#include "tests/support/paths.h"

namespace app = fbk::kiosk::app;
namespace core = fbk::kiosk::core;
namespace ui = fbk::kiosk::ui;
namespace platform = fbk::platform;

namespace {

core::KioskConfig config_for(const std::string& stage) {
    core::KioskConfig c;
    c.kiosk_id = "ui-test";
    c.stage = stage;
    c.pack_file = fbk::test::source_dir() / "assets/packs/default-healthcare.json";
    c.languages = {"fi", "sv", "en"};
    c.default_language = "fi";
    return c;
}

struct Screen {
    platform::Display display;
    std::unique_ptr<app::KioskAssets> assets;
    platform::FontSet fonts;
    ui::ScreenRecord record;

    Screen(int width, int height, const std::string& stage = "WAITING")
        : display({true, false, width, height}) {
        auto load = app::load_assets(config_for(stage));
        REQUIRE(load.errors.empty());
        assets = std::move(load.assets);
        const auto texts = assets->all_texts();
        fonts = display.load_fonts(texts, ui::font_sizes_for(static_cast<float>(height)));
    }

    // Draws `state` twice (ImGui settles on the second frame); returns the intent of the last.
    std::optional<core::Event> draw(const core::State& state) {
        std::optional<core::Event> intent;
        for (int i = 0; i < 2; ++i) {
            display.pump_events(0);
            display.begin_frame();
            intent = ui::draw_kiosk({state, assets->survey, assets->flow, assets->strings}, fonts,
                                    record);
            display.end_frame();
        }
        return intent;
    }
};

std::vector<core::State> every_screen(const std::string& language) {
    std::vector<core::State> states;
    core::State s;
    states.push_back(s);  // language choice
    s.language = language;
    s.screen = core::Screen::Question;
    s.question = 0;
    states.push_back(s);
    s.question = 1;
    s.answers = {{"satisfaction", 4}, {"recommend", 10}};  // selected answer highlighted
    states.push_back(s);
    s.screen = core::Screen::Thanks;
    states.push_back(s);
    s.screen = core::Screen::SaveFailed;
    states.push_back(s);
    return states;
}

bool overlaps(const ui::Rect& a, const ui::Rect& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

}  // namespace

TEST_CASE("every screen in every language fits its boxes, on a 10\" and a 7\" display") {
    for (const auto& [width, height] : {std::pair{1280, 800}, std::pair{800, 480}}) {
        for (const std::string stage : {"WAITING", "DISCHARGE"}) {
            Screen screen(width, height, stage);
            for (const std::string language : {"fi", "sv", "en"}) {
                for (const auto& state : every_screen(language)) {
                    CAPTURE(width);
                    CAPTURE(stage);
                    CAPTURE(language);
                    const std::string name = core::screen_name(state, screen.assets->survey);
                    CAPTURE(name);
                    screen.draw(state);
                    for (const auto& problem : screen.record.layout_problems()) {
                        FAIL_CHECK(problem);
                    }
                    const auto& targets = screen.record.targets();
                    for (std::size_t i = 0; i < targets.size(); ++i) {
                        const auto& [id, r] = targets[i];
                        CAPTURE(id);
                        CHECK(r.x >= 0);
                        CHECK(r.y >= 0);
                        CHECK(r.x + r.w <= static_cast<float>(width));
                        CHECK(r.y + r.h <= static_cast<float>(height));
                        // Big enough for an unsteady finger: 9 mm on a 7" 800x480 panel.
                        CHECK(std::min(r.w, r.h) >= 0.075f * static_cast<float>(height));
                        for (std::size_t j = i + 1; j < targets.size(); ++j) {
                            const bool alias =
                                targets[j].second.x == r.x && targets[j].second.y == r.y;
                            if (!alias) {
                                CHECK_MESSAGE(!overlaps(r, targets[j].second), id, " overlaps ",
                                              targets[j].first);
                            }
                        }
                    }
                }
            }
        }
    }
}

TEST_CASE("each screen offers the targets replay scripts aim at") {
    Screen screen(1280, 800);
    const auto states = every_screen("sv");
    screen.draw(states[0]);
    for (const std::string id : {"lang.fi", "lang.sv", "lang.en"}) {
        CHECK(screen.record.find_target(id) != nullptr);
    }
    screen.draw(states[1]);
    for (int v = 1; v <= 5; ++v) {
        CHECK(screen.record.find_target("q.smiley." + std::to_string(v)) != nullptr);
        CHECK(screen.record.find_target("q.satisfaction." + std::to_string(v)) != nullptr);
    }
    CHECK(screen.record.find_target("q.smiley.0") == nullptr);
    CHECK(screen.record.find_target("nav.back") != nullptr);
    screen.draw(states[2]);
    for (int v = 0; v <= 10; ++v) {
        CHECK(screen.record.find_target("q.nps." + std::to_string(v)) != nullptr);
    }
    screen.draw(states[3]);
    CHECK(screen.record.targets().empty());
}

TEST_CASE("every character of every string has a glyph in every font") {
    Screen screen(1280, 800);
    screen.draw(core::State{});  // builds the font atlas
    for (const ImFont* font :
         {screen.fonts.title, screen.fonts.body, screen.fonts.button, screen.fonts.small}) {
        for (const auto text : screen.assets->all_texts()) {
            const auto missing = platform::FontLibrary::missing_glyphs(*font, text);
            CHECK_MESSAGE(missing.empty(), "no glyph in '", std::string(text), "'");
        }
    }
    // The atlas was built from the texts, so the check above can fail: prove it does.
    CHECK_FALSE(platform::FontLibrary::missing_glyphs(*screen.fonts.body, "Ωμέγα").empty());
}

TEST_CASE("a tap arrives as real SDL touch events and becomes the patient's intent") {
    Screen screen(1280, 800);
    core::State start;
    screen.draw(start);
    const ui::Rect* sv = screen.record.find_target("lang.sv");
    REQUIRE(sv != nullptr);
    screen.display.push_tap(sv->center_x(), sv->center_y());
    std::optional<core::Event> intent;
    for (int frame = 0; frame < 4 && !intent; ++frame) {
        screen.display.pump_events(0);
        screen.display.begin_frame();
        intent = ui::draw_kiosk(
            {start, screen.assets->survey, screen.assets->flow, screen.assets->strings},
            screen.fonts, screen.record);
        screen.display.end_frame();
    }
    REQUIRE(intent.has_value());
    const auto* choose = std::get_if<core::event::ChooseLanguage>(&*intent);
    REQUIRE(choose != nullptr);
    CHECK(choose->language == "sv");

    // A tap between the buttons hits nothing.
    screen.display.push_tap(sv->x - 5, sv->center_y());
    for (int frame = 0; frame < 4; ++frame) {
        screen.display.pump_events(0);
        screen.display.begin_frame();
        CHECK_FALSE(ui::draw_kiosk(
            {start, screen.assets->survey, screen.assets->flow, screen.assets->strings},
            screen.fonts, screen.record));
        screen.display.end_frame();
    }
}
