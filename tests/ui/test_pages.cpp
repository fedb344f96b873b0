// What does not fit a screen at the sizes a patient needs comes in pages, each reached by a tap
// (real SDL touches): the language buttons, and the answers under a long question, which never
// shrink under 20 mm for it.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/paths.h"
#include "tests/support/temp_dir.h"
#include "tests/ui/ui_screens.h"

namespace {

using namespace fbk::test;

}  // namespace

TEST_CASE("languages that do not fit at full size come in pages, each reached by a tap") {
    Screen screen(kPanels[0]);  // the 7" panel: twelve buttons of 20 mm do not fit
    core::State state;
    std::set<std::string> seen;
    for (int page = 0; page < 4 && seen.size() < kLanguages.size(); ++page) {
        screen.draw(state);
        const ui::Rect* more = screen.record.find_target("lang.more");
        REQUIRE(more != nullptr);
        for (const std::string& lang : kLanguages) {
            if (screen.record.find_target("lang." + lang) != nullptr) {
                seen.insert(lang);
            }
        }
        screen.display.push_tap(more->center_x(), more->center_y());
        const auto intent = screen.intent_after_touch(state);
        REQUIRE(intent.has_value());
        const auto* next = std::get_if<core::event::ShowPage>(&*intent);
        REQUIRE(next != nullptr);
        state.page = next->page;
    }
    CHECK(seen.size() == kLanguages.size());
    CHECK(state.page == 0);  // the last page leads back to the first
}

namespace {

// Taps the target `id` with a real SDL touch and returns what the UI asked for.
std::optional<core::Event> tap(Screen& screen, const core::State& state, std::string_view id) {
    const ui::Rect* target = screen.record.find_target(id);
    REQUIRE_MESSAGE(target != nullptr, id);
    screen.display.push_tap(target->center_x(), target->center_y());
    return screen.intent_after_touch(state);
}

// The values of the answer targets "q.ID.VALUE" on screen.
std::set<std::string> answers_shown(const Screen& screen, const std::string& question) {
    std::set<std::string> shown;
    for (const auto& t : screen.record.targets()) {
        if (!t.alias && t.id.starts_with("q." + question + ".") && !t.id.ends_with(".cant_say")) {
            shown.insert(t.id.substr(question.size() + 3));
        }
    }
    return shown;
}

// Pages through a question's answers by tapping "next" (`next_id`): each page's answers are
// at least 20 mm and nothing breaks the layout. Returns every answer seen.
std::set<std::string> page_through(Screen& screen, core::State state, const std::string& question,
                                   std::string_view next_id, const char* shot) {
    std::set<std::string> seen;
    for (int page = 0; page < 6; ++page) {
        const auto shot_file = std::getenv("FBK_SCREENSHOT_DIR") != nullptr && page == 0
                                   ? std::filesystem::path(std::getenv("FBK_SCREENSHOT_DIR")) / shot
                                   : std::filesystem::path();
        screen.draw(state, shot_file);
        for (const auto& problem : screen.record.layout_problems()) {
            FAIL_CHECK(problem);
        }
        check_targets(screen.record, screen.panel);
        const auto shown = answers_shown(screen, question);
        CHECK_FALSE(shown.empty());
        seen.insert(shown.begin(), shown.end());
        CHECK((screen.record.find_target("answers.previous") != nullptr) == (page > 0));
        if (screen.record.find_target(next_id) == nullptr) {
            break;
        }
        const auto intent = tap(screen, state, next_id);
        REQUIRE(intent.has_value());
        const auto* next = std::get_if<core::event::ShowPage>(&*intent);
        REQUIRE(next != nullptr);
        CHECK(next->page == page + 1);
        state.page = next->page;
    }
    return seen;
}

}  // namespace

TEST_CASE("answers that do not fit under a long question come in pages, never under 20 mm") {
    TempDir dir;
    std::string pack = read_file(source_dir() / "assets/packs/default-healthcare.json");
    // In Somali, a question three times longer than its English leaves room for one row of
    // the 0-10 buttons on the 10-inch panel in large text (two are needed).
    const std::string somali = "Intee in le'eg ayaad nagula talin lahayd saaxiib ama qoys?";
    REQUIRE(pack.find(somali) != std::string::npos);
    pack.replace(pack.find(somali), somali.size(),
                 "Intee in le'eg ayay u badan tahay inaad nagula talisid saaxiib ama qof "
                 "qoyskaaga ka mid ah, haddii ay weydiiyaan meesha ay daawasho u tagi karaan?");
    write_file(dir / "pack.json", pack);
    auto config = pack_config(dir / "pack.json");
    config.stage = "WAITING";
    const auto state_of = [&](const Screen& screen, const std::string& lang,
                              const std::string& name) {
        for (auto& s : every_screen(screen.assets->pack, lang)) {
            if (s.name == name) {
                s.state.assist.large_text = true;
                return s.state;
            }
        }
        FAIL("no screen " << name);
        return core::State{};
    };
    SUBCASE("one row between arrows when not even a row of controls fits under it") {
        Screen screen(kPanels[1], 0, config);
        const auto state = state_of(screen, "so", "waiting-room.recommend");
        const auto seen =
            page_through(screen, state, "recommend", "answers.next", "so-recommend-paged.png");
        CHECK(seen.size() == 11);  // 0 to 10, every one reached
        // The answer on the last page is chosen by a tap like any other.
        auto last = state;
        last.page = 5;  // clamped to the last page
        screen.draw(last);
        const auto chosen = tap(screen, last, "q.recommend.10");
        REQUIRE(chosen.has_value());
        const auto* answer = std::get_if<core::event::AnswerQuestion>(&*chosen);
        REQUIRE(answer != nullptr);
        CHECK(answer->value == 10);
    }
    SUBCASE("rows of choices above a row of labelled controls") {
        // Six options, two a row, under a long question in large text on the upright tablet.
        auto nl = nlohmann::json::parse(pack);
        auto& question = nl["surveys"][0]["questions"][1];
        REQUIRE(question["id"] == "what_went_wrong");
        question["text"]["nl"] =
            "Wat ging er volgens u mis tijdens uw bezoek aan de polikliniek, van het maken van "
            "de afspraak tot en met het vertrek naar huis?";
        write_file(dir / "nl.json", nl.dump());
        auto nl_config = pack_config(dir / "nl.json");
        nl_config.stage = "WAITING";
        Screen small(kPanels[3], 0, nl_config);
        auto state = state_of(small, "nl", "waiting-room.what_went_wrong");
        small.draw(state);
        CHECK(small.record.find_target("answers.next") != nullptr);
        CHECK(small.record.find_target("answers.shown") == nullptr);  // text, not a target
        const auto seen = page_through(small, state, "what_went_wrong", "answers.next",
                                       "nl-what-went-wrong-paged.png");
        CHECK(seen.size() == state.current_question()->options.size());
    }
    SUBCASE("a screen that fits has no page controls") {
        Screen screen(kPanels[1], 0, config);
        screen.draw(state_of(screen, "en", "waiting-room.recommend"));
        CHECK(screen.record.find_target("answers.next") == nullptr);
        CHECK(answers_shown(screen, "recommend").size() == 11);
    }
}
