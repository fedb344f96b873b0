// Every screen of the default pack, in every language, at every supported panel, drawn by the
// real UI on SDL's offscreen driver and measured: text inside its boxes, answer targets of at
// least 20 mm with 3 mm gaps at the panel's DPI, every glyph present.
// With FBK_SCREENSHOT_DIR set, the English, Finnish, Arabic and Persian screens at 1280x800 are
// written there as PNGs (the README's pictures come from this test).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "kiosk/core/utf8.h"
#include "tests/support/paths.h"
#include "tests/support/temp_dir.h"
#include "tests/ui/ui_screens.h"

namespace {

using namespace fbk::test;

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
                    (language == "en" || language == "fi" || language == "ar" ||
                     language == "fa")) {
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

TEST_CASE("every shipped pack, national instruments included, fits on every panel") {
    int screens = 0;
    std::vector<std::filesystem::path> packs;
    for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "assets/packs")) {
        packs.push_back(entry.path());
    }
    std::sort(packs.begin(), packs.end());
    CHECK(packs.size() >= 4);  // the default pack, NHS FFT, THL-style, NPE-style
    for (const auto& pack_file : packs) {
        const auto config = pack_config(pack_file);
        for (const Panel& panel : kPanels) {
            Screen screen(panel, 0, config);
            for (const std::string& language : config.languages) {
                for (const auto& [name, state] : every_screen(screen.assets->pack, language)) {
                    const std::string pack_name = pack_file.filename().string();
                    const std::string panel_name = panel.name;
                    CAPTURE(pack_name);
                    CAPTURE(panel_name);
                    CAPTURE(language);
                    CAPTURE(name);
                    screen.draw(state);
                    for (const auto& problem : screen.record.layout_problems()) {
                        FAIL_CHECK(problem);
                    }
                    check_targets(screen.record, panel);
                    ++screens;
                }
            }
        }
    }
    MESSAGE(screens << " screens of " << packs.size() << " packs checked");
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
    // Only the hidden staff corner and the help controls.
    CHECK(screen.record.target_ids() == std::vector<std::string>{"staff.corner", "assist.speech",
                                                                 "assist.large_text",
                                                                 "assist.contrast"});
}

TEST_CASE("a Finnish compound too long for the 7-inch panel breaks at a syllable, not the edge") {
    TempDir dir;
    std::string pack = read_file(source_dir() / "assets/packs/default-healthcare.json");
    const std::string question = "Miten tyytyväinen olet tähänastiseen käyntiisi?";
    REQUIRE(pack.find(question) != std::string::npos);
    pack.replace(pack.find(question), question.size(),
                 "Miten sujui päivystyspoliklinikkahoitajavastaanottotoimintaan pääsy?");
    write_file(dir / "pack.json", pack);
    auto config = pack_config(dir / "pack.json");
    config.stage = "WAITING";
    Screen screen(kPanels[0], 0, config);
    auto states = every_screen(screen.assets->pack, "fi");
    const auto it = std::find_if(states.begin(), states.end(), [](const NamedState& s) {
        return s.name == "waiting-room.satisfaction";
    });
    REQUIRE(it != states.end());
    for (const bool large : {false, true}) {
        CAPTURE(large);
        auto state = it->state;
        state.assist.large_text = large;
        screen.draw(state);
        CHECK(screen.record.layout_problems().empty());
        for (const auto& problem : screen.record.layout_problems()) {
            MESSAGE(problem);
        }
    }
    // The same word without its soft hyphens runs over the edge: the check above can fail.
    auto& text = screen.assets->pack.surveys.front().questions.front().text.at("fi");
    text = core::without_soft_hyphens(text);
    auto state = it->state;
    state.assist.large_text = true;
    screen.draw(state);
    CHECK_FALSE(screen.record.layout_problems().empty());
}

TEST_CASE("a question the pack lacks in the patient's language is shown whole in the default") {
    TempDir dir;
    auto pack =
        nlohmann::json::parse(read_file(source_dir() / "assets/packs/default-healthcare.json"));
    auto& question = pack["surveys"][0]["questions"][0];  // waiting-room.satisfaction
    REQUIRE(question["id"] == "satisfaction");
    question["text"].erase("so");
    write_file(dir / "pack.json", pack.dump());
    auto config = pack_config(dir / "pack.json");
    config.stage = "WAITING";
    Screen screen(kPanels[1], 0, config);
    const auto texts_of = [&](const std::string& lang) {
        for (const auto& s : every_screen(screen.assets->pack, lang)) {
            if (s.name == "waiting-room.satisfaction") {
                screen.draw(s.state);
            }
        }
        std::vector<std::string> texts;
        for (const auto& t : screen.record.texts()) {
            texts.push_back(t.text);
        }
        return texts;
    };
    const auto shown = texts_of("so");
    const auto has = [&](std::string_view text) {
        return std::find(shown.begin(), shown.end(), text) != shown.end();
    };
    CHECK(has("How satisfied are you with your visit so far?"));
    CHECK(has("Very good"));  // the smileys' labels in English too
    CHECK(has("‹ Back"));
    CHECK(has("Question 1 of 3 · Weli lama turjumin: waxaa lagu muujiyey English"));
    CHECK(screen.record.language() == "en");
    CHECK(screen.record.layout_problems().empty());
    // The same question in Turkish, which the pack has: in Turkish, with no notice.
    const auto turkish = texts_of("tr");
    CHECK(screen.record.language() == "tr");
    CHECK(std::find(turkish.begin(), turkish.end(), "Soru 1/3") != turkish.end());
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

TEST_CASE("a language without its own keyboard layout is refused unless the pack names one") {
    TempDir dir;
    // This kiosk's keyboards.json lacks Estonian: its patients would type without õ š ž.
    auto keyboards = nlohmann::json::parse(read_file(source_dir() / "assets/i18n/keyboards.json"));
    keyboards["layouts"].erase("et");
    write_file(dir / "keyboards.json", keyboards.dump());
    auto config = default_pack_config();
    config.keyboards_file = dir / "keyboards.json";
    const auto refused = app::load_assets(config);
    CHECK_FALSE(refused.assets);
    REQUIRE(refused.errors.size() == 1);
    CHECK(refused.errors[0] == config.pack_file.string() +
                                   ": language 'et' has no keyboard layout in " +
                                   (dir / "keyboards.json").string() +
                                   ": its patients could not type their own letters; name the "
                                   "layout they use in $.keyboards (\"keyboards\": {\"et\": "
                                   "\"en\"})");
    // The pack names the Finnish layout (ä ö, as Estonian has): accepted, and used.
    auto pack =
        nlohmann::json::parse(read_file(source_dir() / "assets/packs/default-healthcare.json"));
    pack["keyboards"] = {{"et", "fi"}};
    write_file(dir / "pack.json", pack.dump());
    config.pack_file = dir / "pack.json";
    const auto accepted = app::load_assets(config);
    REQUIRE_MESSAGE(accepted.assets, accepted.errors.front());
    const auto& layouts = accepted.assets->keyboards;
    CHECK(layouts.for_language("et").rows == layouts.for_language("fi").rows);
    // A layout this kiosk does not have is named with the ones it has.
    pack["keyboards"] = {{"et", "kv"}};
    write_file(dir / "pack.json", pack.dump());
    const auto unknown = app::load_assets(config);
    REQUIRE(unknown.errors.size() == 1);
    CHECK(unknown.errors[0].find(": $.keyboards.et: keyboard layout 'kv' is not in " +
                                 (dir / "keyboards.json").string() + " (it has ar, da, en, fa,") !=
          std::string::npos);
}

TEST_CASE("every character of every string has a glyph in every font") {
    Screen screen(kPanels[1]);
    screen.draw(core::State{});  // builds the font atlas
    for (const ImFont* font :
         {screen.fonts.normal.title, screen.fonts.normal.body, screen.fonts.normal.button,
          screen.fonts.normal.small, screen.fonts.large.title, screen.fonts.large.small}) {
        for (const auto text : screen.assets->all_texts()) {
            const auto missing = platform::FontLibrary::missing_glyphs(*font, text);
            CHECK_MESSAGE(missing.empty(), "no glyph in '", std::string(text), "'");
        }
    }
    // The atlas was built from the texts, so the check above can fail: prove it does.
    CHECK_FALSE(platform::FontLibrary::missing_glyphs(*screen.fonts.normal.body, "Ωμέγα").empty());
}

TEST_CASE("a tap arrives as real SDL touch events and becomes the patient's intent") {
    Screen screen(kPanels[1]);
    core::State start;
    screen.draw(start);
    const ui::Rect* sv = screen.record.find_target("lang.sv");
    REQUIRE(sv != nullptr);
    screen.display.push_tap(sv->center_x(), sv->center_y());
    const auto intent = screen.intent_after_touch(start);
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
