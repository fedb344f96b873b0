// Every screen of the default pack, in every language, at every supported panel, drawn by the
// real UI on SDL's offscreen driver and measured: text inside its boxes, answer targets of at
// least 20 mm with 3 mm gaps at the panel's DPI, every glyph present.
// With FBK_SCREENSHOT_DIR set, the English and Finnish screens at 1280x800 are written there as
// PNGs (the README's pictures come from this test).
#include <doctest/doctest.h>

#include <cstdlib>

#include <imgui.h>

#include "kiosk/app/kiosk_assets.h"
#include "kiosk/ui/kiosk_ui.h"
#include "platform/display.h"
#include "tests/support/paths.h"

namespace app = fbk::kiosk::app;
namespace core = fbk::kiosk::core;
namespace ui = fbk::kiosk::ui;
namespace platform = fbk::platform;
namespace protocol = fbk::sync::protocol;

namespace {

const std::vector<std::string> kLanguages = {"fi", "sv", "da", "nl", "en", "uk"};

struct Panel {
    int width;
    int height;
    int dpi;
    const char* name;
};

// 7" Raspberry Pi display, 10.1" tablet, 21.5" touch monitor, and the tablet upright.
const std::vector<Panel> kPanels = {{800, 480, 133, "7in"},
                                    {1280, 800, 150, "10in"},
                                    {1920, 1080, 102, "22in"},
                                    {800, 1280, 150, "10in-portrait"}};

core::KioskConfig config() {
    core::KioskConfig c;
    c.kiosk_id = "ui-test";
    c.stage = "WAITING";
    c.pack_file = fbk::test::source_dir() / "assets/packs/default-healthcare.json";
    c.languages = kLanguages;
    c.default_language = "fi";
    c.staff_pin = "2468";
    return c;
}

struct NamedState {
    std::string name;
    core::State state;
};

// Every screen a patient or staff member can see, with answers filled in where a screen shows
// them (a chosen smiley, ticked reasons, a half-typed comment).
std::vector<NamedState> every_screen(const protocol::SurveyPack& pack, const std::string& lang) {
    std::vector<NamedState> out;
    core::State s;
    out.push_back({"language", s});
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

struct Screen {
    Panel panel;
    platform::Display display;
    std::unique_ptr<app::KioskAssets> assets;
    platform::FontSet fonts;
    ui::ScreenRecord record;
    ui::StaffView staff;
    core::SurveyContext ctx;

    explicit Screen(Panel p) : panel(p), display({true, false, p.width, p.height}) {
        auto load = app::load_assets(config());
        REQUIRE(load.errors.empty());
        assets = std::move(load.assets);
        const auto texts = assets->all_texts();
        fonts = display.load_fonts(
            texts, ui::font_sizes_for(static_cast<float>(p.width), static_cast<float>(p.height)));
        staff = sample_staff_view(assets->pack);
        ctx = {&assets->pack, {"WAITING", protocol::StageSource::Config}};
    }

    std::optional<core::Event> frame(const core::State& state,
                                     const std::filesystem::path& screenshot = {}) {
        display.pump_events(0);
        display.begin_frame();
        const ui::UiModel model{state, ctx,        assets->flow, assets->strings, assets->keyboards,
                                staff, {0, 5'000}, panel.dpi};
        auto intent = ui::draw_kiosk(model, fonts, record);
        display.end_frame(screenshot);
        return intent;
    }

    // Draws `state` twice (ImGui settles on the second frame); returns the intent of the last.
    std::optional<core::Event> draw(const core::State& state,
                                    const std::filesystem::path& screenshot = {}) {
        frame(state);
        return frame(state, screenshot);
    }
};

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

void check_targets(const ui::ScreenRecord& record, const Panel& panel) {
    const float px_per_mm = static_cast<float>(panel.dpi) / 25.4f;
    const auto& targets = record.targets();
    for (std::size_t i = 0; i < targets.size(); ++i) {
        const auto& [id, r, kind] = targets[i];
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

}  // namespace

TEST_CASE("every screen in every language fits its boxes and its targets on every panel") {
    const char* shots = std::getenv("FBK_SCREENSHOT_DIR");
    int screens = 0;
    for (const Panel& panel : kPanels) {
        Screen screen(panel);
        for (const std::string& language : kLanguages) {
            for (const auto& [name, state] : every_screen(screen.assets->pack, language)) {
                const std::string panel_name = panel.name;
                CAPTURE(panel_name);
                CAPTURE(language);
                CAPTURE(name);
                std::filesystem::path file;
                if (shots != nullptr && panel.width == 1280 &&
                    (language == "en" || language == "fi")) {
                    file = std::filesystem::path(shots) / (language + "-" + name + ".png");
                }
                screen.draw(state, file);
                for (const auto& problem : screen.record.layout_problems()) {
                    FAIL_CHECK(problem);
                }
                check_targets(screen.record, panel);
                ++screens;
            }
        }
    }
    MESSAGE(screens << " screens checked");
    CHECK(screens > 4 * 6 * 15);
}

TEST_CASE("each screen offers the targets replay scripts aim at") {
    Screen screen(kPanels[1]);
    const auto states = every_screen(screen.assets->pack, "sv");
    const auto find = [&](std::string_view name) {
        for (const auto& s : states) {
            if (s.name == name) {
                return s.state;
            }
        }
        FAIL("no screen " << name);
        return core::State{};
    };
    screen.draw(find("language"));
    for (const std::string& lang : kLanguages) {
        CHECK(screen.record.find_target("lang." + lang) != nullptr);
    }
    CHECK(screen.record.find_target("staff.corner") != nullptr);
    screen.draw(find("waiting-room.satisfaction"));
    for (int v = 1; v <= 5; ++v) {
        CHECK(screen.record.find_target("q.smiley." + std::to_string(v)) != nullptr);
        CHECK(screen.record.find_target("q.satisfaction." + std::to_string(v)) != nullptr);
    }
    CHECK(screen.record.find_target("q.smiley.0") == nullptr);
    CHECK(screen.record.find_target("nav.back") != nullptr);
    CHECK(screen.record.find_target("q.satisfaction.cant_say") != nullptr);
    screen.draw(find("waiting-room.recommend"));
    for (int v = 0; v <= 10; ++v) {
        CHECK(screen.record.find_target("q.nps." + std::to_string(v)) != nullptr);
    }
    screen.draw(find("after-care.effort"));
    CHECK(screen.record.find_target("q.effort.7") != nullptr);
    CHECK(screen.record.find_target("q.effort.8") == nullptr);
    screen.draw(find("after-care.informed"));
    for (const char* c : {"yes", "partly", "no"}) {
        CHECK(screen.record.find_target(std::string("q.informed.") + c) != nullptr);
    }
    screen.draw(find("after-care.comment"));
    for (const char* key :
         {"key.å", "key.ä", "key.ö", "key.space", "key.shift", "key.backspace", "nav.continue"}) {
        CHECK_MESSAGE(screen.record.find_target(key) != nullptr, key);
    }
    screen.draw(find("thanks"));
    CHECK(screen.record.targets().size() == 1);  // only the hidden staff corner
}

TEST_CASE("each language gets its own keyboard letters") {
    Screen screen(kPanels[1]);
    const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
        {"fi", {"key.ä", "key.ö", "key.å"}},
        {"sv", {"key.å", "key.ä", "key.ö"}},
        {"da", {"key.æ", "key.ø", "key.å"}},
        {"nl", {"key.é", "key.ë"}},
        {"en", {"key.q"}},
        {"uk", {"key.ї", "key.є", "key.ґ", "key.д"}}};
    for (const auto& [lang, keys] : expected) {
        for (const auto& s : every_screen(screen.assets->pack, lang)) {
            if (s.name != "waiting-room.comment") {
                continue;
            }
            screen.draw(s.state);
            for (const auto& key : keys) {
                CHECK_MESSAGE(screen.record.find_target(key) != nullptr, lang, " ", key);
            }
            auto shifted = s.state;
            shifted.shift = true;
            screen.draw(shifted);
            CHECK(screen.record.find_target(lang == "uk" ? "key.Д" : "key.Q") != nullptr);
        }
    }
}

TEST_CASE("every character of every string has a glyph in every font") {
    Screen screen(kPanels[1]);
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
    Screen screen(kPanels[1]);
    core::State start;
    screen.draw(start);
    const ui::Rect* sv = screen.record.find_target("lang.sv");
    REQUIRE(sv != nullptr);
    screen.display.push_tap(sv->center_x(), sv->center_y());
    std::optional<core::Event> intent;
    for (int frame = 0; frame < 4 && !intent; ++frame) {
        intent = screen.frame(start);
    }
    REQUIRE(intent.has_value());
    const auto* choose = std::get_if<core::event::ChooseLanguage>(&*intent);
    REQUIRE(choose != nullptr);
    CHECK(choose->language == "sv");

    // A tap between the buttons hits nothing.
    screen.display.push_tap(sv->x - 5, sv->center_y());
    for (int frame = 0; frame < 4; ++frame) {
        CHECK_FALSE(screen.frame(start));
    }
}
