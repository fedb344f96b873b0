// Speech mode's reader on hand-made screens: what it says when a screen appears, when a target
// is touched once, when a choice is ticked, on "say it again", and when speech is switched off.
#include <doctest/doctest.h>

#include "kiosk/ui/screen_reader.h"

namespace core = fbk::kiosk::core;
namespace ui = fbk::kiosk::ui;

namespace {

core::UiStrings strings() {
    auto parsed = core::parse_ui_strings(R"({"default_language": "en", "languages": {
        "en": {"speech.on": "Speech on.", "speech.off": "Speech off",
               "speech.selected": "selected", "speech.not_selected": "not selected",
               "speech.choices": "Choices:"},
        "fi": {"speech.on": "Puhe päällä.", "speech.off": "Puhe pois",
               "speech.selected": "valittu", "speech.not_selected": "ei valittu",
               "speech.choices": "Vaihtoehdot:"}}})");
    REQUIRE(parsed.strings);
    return *parsed.strings;
}

ui::ScreenRecord screen(const std::string& question, bool second_selected = false) {
    ui::ScreenRecord r;
    r.add_text({"question.text", question, 0, 0, 40, true, true});
    r.add_text({"progress", "Question 1 of 2", 0, 0, 28, false, true});
    auto& a = r.add_target("q.x.yes", {0, 0, 100, 100}, ui::TargetKind::Answer);
    a.label = "Yes";
    r.add_text({"q.x.yes", "Yes", 0, 0, 40, true, false});  // a label: spoken with its target
    auto& b = r.add_target("q.x.no", {0, 0, 100, 100}, ui::TargetKind::Answer);
    b.label = "No";
    b.selected = second_selected;
    auto& alias = r.add_target("q.choice.no", {0, 0, 100, 100}, ui::TargetKind::Answer);
    alias.alias = true;
    alias.label = "No";
    auto& back = r.add_target("nav.back", {0, 0, 100, 100}, ui::TargetKind::Control);
    back.label = "Back";
    return r;
}

}  // namespace

TEST_CASE("the screen reader says a screen once, then what a touch lands on, then confirms") {
    const auto s = strings();
    ui::ScreenReader reader;
    core::State state;
    state.screen = core::Screen::Language;
    CHECK_FALSE(reader.after_frame(state, screen("Q?"), s, "en"));  // speech is off: silence

    state.assist.speech = true;
    auto said = reader.after_frame(state, screen("Q?"), s, "en");
    REQUIRE(said);
    CHECK(said->text == "Speech on. Q? Question 1 of 2. Choices: Yes, No");
    CHECK(said->language == "en");
    CHECK_FALSE(reader.after_frame(state, screen("Q?"), s, "en"));  // nothing new

    state.assist.focus = "q.x.no";
    said = reader.after_frame(state, screen("Q?"), s, "en");
    REQUIRE(said);
    CHECK(said->text == "No");
    said = reader.after_frame(state, screen("Q?", true), s, "en");  // ticked by a second touch
    REQUIRE(said);
    CHECK(said->text == "No. selected");

    state.assist.repeats = 1;
    said = reader.after_frame(state, screen("Q?", true), s, "en");
    REQUIRE(said);
    CHECK(said->text == "Q? Question 1 of 2. Choices: Yes, No");

    // A choice that moves the patient on is confirmed at the start of the next screen.
    auto chosen = screen("Q?", true);
    chosen.set_chosen("No");
    CHECK_FALSE(reader.after_frame(state, chosen, s, "en"));
    state.screen = core::Screen::Thanks;
    state.assist.focus.clear();
    state.assist.volume = 140;
    said = reader.after_frame(state, screen("Thank you!"), s, "en");
    REQUIRE(said);
    CHECK(said->text == "No, selected. Thank you! Question 1 of 2. Choices: Yes, No");
    CHECK(said->volume == 140);

    state.assist.speech = false;
    said = reader.after_frame(state, screen("Thank you!"), s, "en");
    REQUIRE(said);
    CHECK(said->text == "Speech off");
    CHECK_FALSE(reader.after_frame(state, screen("Thank you!"), s, "en"));
}

TEST_CASE("a language's own name is read in its own voice") {
    const auto s = strings();
    ui::ScreenReader reader;
    core::State state;
    state.assist.speech = true;
    ui::ScreenRecord r;
    auto& sv = r.add_target("lang.sv", {0, 0, 100, 100}, ui::TargetKind::Answer);
    sv.label = "Svenska";
    sv.label_language = "sv";
    CHECK(reader.after_frame(state, r, s, "fi"));
    state.assist.focus = "lang.sv";
    const auto said = reader.after_frame(state, r, s, "fi");
    REQUIRE(said);
    CHECK(said->text == "Svenska");
    CHECK(said->language == "sv");
}

TEST_CASE("the reader says typed keys, confirms only choices that moved on, and skips staff") {
    const auto s = strings();
    ui::ScreenReader reader;
    core::State state;
    state.screen = core::Screen::Question;
    state.assist.speech = true;
    CHECK(reader.after_frame(state, screen("Q?"), s, "en"));

    auto typed = screen("Q?");
    typed.set_typed("ä");
    auto said = reader.after_frame(state, typed, s, "en");
    REQUIRE(said);
    CHECK(said->text == "ä");

    // A reason ticked (or unticked) leaves the patient on the screen: nothing to confirm later.
    auto toggled = screen("Q?");
    toggled.set_chosen("No");
    reader.after_frame(state, toggled, s, "en");
    reader.after_frame(state, screen("Q?"), s, "en");
    state.screen = core::Screen::Thanks;
    said = reader.after_frame(state, screen("Thanks"), s, "en");
    REQUIRE(said);
    CHECK(said->text.starts_with("Thanks"));

    // Staff screens are never read, even if the flag is still set.
    state.screen = core::Screen::StaffPin;
    CHECK_FALSE(reader.after_frame(state, screen("PIN"), s, "en"));
}
