// The kiosk runner's policies, now pure (kiosk/core): when it may restart, when the screen
// goes dark, what a keypad key means, the reading order of targets, and the staff screen.
#include <doctest/doctest.h>

#include "kiosk/core/assist_navigation.h"
#include "kiosk/core/idle_policy.h"
#include "kiosk/core/staff_view.h"

namespace core = fbk::kiosk::core;

TEST_CASE("restart only between patients: the start screen, untouched for more than 10 s") {
    core::IdleFacts f{core::Screen::Language, false, 20'001, 10'000, 0};
    CHECK(core::ready_to_restart(f));
    f.now_mono_ms = 20'000;  // exactly 10 s: not yet
    CHECK_FALSE(core::ready_to_restart(f));
    f.now_mono_ms = 60'000;
    f.input_pending = true;  // a touch the flow has not seen
    CHECK_FALSE(core::ready_to_restart(f));
    f.input_pending = false;
    f.screen = core::Screen::Question;  // a patient answering
    CHECK_FALSE(core::ready_to_restart(f));
}

TEST_CASE("closed: dark after the idle timeout from the later of last touch and wake-up") {
    // Last touch at 100 s, woken at 130 s, timeout 60 s, now 150 s: dark in 40 s.
    core::DarknessFacts f{
        {core::Screen::Language, false, 150'000, 100'000, 0}, false, false, 130'000, 60'000};
    CHECK(core::ms_until_dark(f) == 40'000);
    f.idle.now_mono_ms = 200'000;  // past it: now
    CHECK(core::ms_until_dark(f) == 0);
    f.open_now = true;
    CHECK_FALSE(core::ms_until_dark(f));
    f.open_now = false;
    f.dark = true;
    CHECK_FALSE(core::ms_until_dark(f));
    f.dark = false;
    f.idle.screen = core::Screen::Question;  // a patient finishes first
    CHECK_FALSE(core::ms_until_dark(f));
}

TEST_CASE("countdowns: still-there, and the staff PIN only while locked") {
    core::IdleFacts f{core::Screen::StillThere, false, 5'000, 0, 0};
    CHECK(core::counting_down(f));
    f.screen = core::Screen::StaffPin;
    f.pin_locked_until_mono_ms = 6'000;
    CHECK(core::counting_down(f));
    f.now_mono_ms = 6'000;
    CHECK_FALSE(core::counting_down(f));
}

TEST_CASE("a navigation key turns speech on first; then it moves, repeats or activates") {
    core::State off;
    auto first = core::key_intent(core::AssistKey::Next, off);
    REQUIRE(first.event);
    CHECK(std::holds_alternative<core::event::ToggleAssist>(*first.event));
    CHECK_FALSE(first.move_focus_forward);

    core::State on;
    on.assist.speech = true;
    CHECK(core::key_intent(core::AssistKey::Next, on).move_focus_forward == true);
    CHECK(core::key_intent(core::AssistKey::Previous, on).move_focus_forward == false);
    CHECK_FALSE(core::key_intent(core::AssistKey::Activate, on).activate_focus);  // no focus
    on.assist.focus = "answer.3";
    CHECK(core::key_intent(core::AssistKey::Activate, on).activate_focus);
    const auto repeat = core::key_intent(core::AssistKey::Repeat, on);
    REQUIRE(repeat.event);
    CHECK(std::holds_alternative<core::event::Repeat>(*repeat.event));
    const auto louder = core::key_intent(core::AssistKey::VolumeUp, off);
    REQUIRE(louder.event);
    CHECK(std::get<core::event::ChangeVolume>(*louder.event).steps == 1);
}

TEST_CASE("focus moves through answers, then keys, then controls, in reading order") {
    const std::vector<core::FocusTarget> targets = {
        {"next", 2, 900, 700},     {"key.a", 1, 100, 500}, {"answer.2", 0, 300, 100},
        {"answer.1", 0, 100, 100}, {"back", 2, 100, 700},  {"answer.3", 0, 100, 200},
    };
    std::vector<std::string> order;
    std::string focus;
    for (int i = 0; i < 7; ++i) {
        focus = *core::neighbour_focus(targets, focus, true);
        order.push_back(focus);
    }
    CHECK(order == std::vector<std::string>{"answer.1", "answer.2", "answer.3", "key.a", "back",
                                            "next", "answer.1"});
    CHECK(core::neighbour_focus(targets, "answer.1", false) == "next");  // wraps backwards
    CHECK(core::neighbour_focus(targets, "", false) == "next");
    CHECK_FALSE(core::neighbour_focus({}, "", true));
}

TEST_CASE("the staff screen: ages in minutes, 'never', and each alarm in the clinic's language") {
    auto parsed = core::parse_ui_strings(R"({"default_language": "fi", "languages": {
        "fi": {"staff.never": "ei koskaan", "staff.hub_ok": "yhteys", "staff.hub_down": "ei yhteyttä",
               "staff.alarm.save_failed": "Tallennus epäonnistui",
               "staff.alarm.unauthorized": "Tunnus hylätty",
               "staff.alarm.pack_refused": "Kysely hylätty: {reason}",
               "staff.alarm.low_space": "Tila vähissä: {free} vapaana, jono {outbox}"}}})");
    REQUIRE(parsed.strings);
    core::StaffFacts f;
    f.kiosk_id = "lobby-1";
    f.stage = "waiting";
    f.stage_source = "config";
    f.unsent = 3;
    f.now_wall_ms = 10 * 60'000 + 59'999;
    f.oldest_unsent_wall_ms = 60'000;  // 9 min 59.999 s ago: 9 whole minutes
    f.last_sync_wall_ms = 0;
    f.hub_reachable = false;
    f.disk_available = std::nullopt;
    f.pack_refusal = "version 3 is older";
    f.low_space = true;
    f.free_bytes = 120 * 1024;
    f.outbox_bytes = 63ull * 1024 * 1024;
    const auto view = core::make_staff_view(f, *parsed.strings, "fi");
    const auto line = [&](std::string_view key) {
        for (const auto& [k, v] : view.lines) {
            if (k == key) {
                return v;
            }
        }
        return std::string("(none)");
    };
    CHECK(line("staff.stage") == "waiting (config)");
    CHECK(line("staff.oldest") == "9 min");
    CHECK(line("staff.last_sync") == "ei koskaan");
    CHECK(line("staff.hub") == "ei yhteyttä");
    CHECK(line("staff.disk") == "?");
    REQUIRE(view.alarms.size() == 2);
    CHECK(view.alarms[0].second == "Kysely hylätty: version 3 is older");
    CHECK(view.alarms[1].second == "Tila vähissä: 120 KiB vapaana, jono 63 MiB");
    f.unsent = 0;
    CHECK(core::make_staff_view(f, *parsed.strings, "fi").lines.at(3).second == "-");
}
