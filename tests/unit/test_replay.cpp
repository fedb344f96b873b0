#include <doctest/doctest.h>

#include "kiosk/app/replay_driver.h"
#include "kiosk/app/replay_script.h"

namespace app = fbk::kiosk::app;
namespace ui = fbk::kiosk::ui;

TEST_CASE("replay scripts parse, with errors naming the line") {
    const auto ok = app::parse_replay(
        "# demo\ntap lang.fi\nwait-screen thanks 20s\nadvance 31s\n"
        "screenshot 01-start\nwait-synced\nprint hello world\n",
        "demo.replay");
    REQUIRE(ok.errors.empty());
    REQUIRE(ok.script.commands.size() == 6);
    CHECK(ok.script.commands[1].duration_ms == 20'000);
    CHECK(ok.script.commands[2].duration_ms == 31'000);
    CHECK(ok.script.commands[5].argument == "hello world");

    const auto bad =
        app::parse_replay("tap\njump x\nadvance soon\nscreenshot ../../etc/passwd\n", "bad.replay");
    REQUIRE(bad.errors.size() == 4);
    CHECK(bad.errors[0] == "bad.replay:1: tap needs an argument");
    CHECK(bad.errors[1].starts_with("bad.replay:2: unknown command 'jump'"));
    CHECK(bad.errors[3].starts_with("bad.replay:4: screenshot name"));
}

TEST_CASE("a tap waits for its target and fails naming what the screen offers") {
    auto parsed = app::parse_replay("tap lang.fi 1s\n", "t.replay");
    app::ReplayDriver driver(parsed.script);
    ui::ScreenRecord record;
    const std::string screen = "language";
    auto view = [&](std::int64_t t, bool settled = true) {
        return app::ReplayView{screen, record, settled, t, [] { return std::int64_t{0}; }, {}};
    };
    record.add_target("lang.sv", {0, 0, 100, 50}, ui::TargetKind::Answer);
    CHECK(driver.poll(view(0)).kind == app::ReplayAction::Kind::Wait);
    const auto failed = driver.poll(view(1001));
    CHECK(failed.kind == app::ReplayAction::Kind::Failed);
    CHECK(failed.text ==
          "replay t.replay:1: target 'lang.fi' never appeared (screen 'language' offers: lang.sv)");

    app::ReplayDriver second(parsed.script);
    record.add_target("lang.fi", {100, 200, 300, 100}, ui::TargetKind::Answer);
    CHECK(second.poll(view(0, false)).kind == app::ReplayAction::Kind::Wait);  // not settled yet
    const auto tap = second.poll(view(0));
    CHECK(tap.kind == app::ReplayAction::Kind::Tap);
    CHECK(tap.x == 250);
    CHECK(tap.y == 250);
    CHECK(second.poll(view(1)).kind == app::ReplayAction::Kind::Finished);
}

TEST_CASE("wait-synced waits for the outbox to empty") {
    auto parsed = app::parse_replay("wait-synced 1s\n", "s.replay");
    app::ReplayDriver driver(parsed.script);
    ui::ScreenRecord record;
    const std::string screen = "language";
    std::int64_t unsent = 3;
    auto view = [&](std::int64_t t) {
        return app::ReplayView{screen, record, true, t, [&] { return unsent; }, {}};
    };
    CHECK(driver.poll(view(0)).kind == app::ReplayAction::Kind::Wait);
    unsent = 0;
    CHECK(driver.poll(view(100)).kind == app::ReplayAction::Kind::Finished);
}

TEST_CASE("wait-screen takes alternatives and wait-shown waits for a staff alarm") {
    auto parsed = app::parse_replay(
        "wait-screen thanks|save-failed\nwait-shown staff.alarm.low_space 1s\n", "t.replay");
    REQUIRE(parsed.errors.empty());
    app::ReplayDriver driver(parsed.script);
    ui::ScreenRecord record;
    std::string screen = "saving";
    auto view = [&](std::int64_t t) {
        return app::ReplayView{screen, record, true, t, [] { return std::int64_t{0}; }, {}};
    };
    CHECK(driver.poll(view(0)).kind == app::ReplayAction::Kind::Wait);
    screen = "save-failed";
    CHECK(driver.poll(view(10)).kind == app::ReplayAction::Kind::Wait);  // now on wait-shown
    record.add_notice("staff.alarm.low_space");
    CHECK(driver.poll(view(20)).kind == app::ReplayAction::Kind::Finished);

    app::ReplayDriver never(app::parse_replay("wait-shown staff.alarm.x 1s\n", "t.replay").script);
    record.clear();
    CHECK(never.poll(view(0)).kind == app::ReplayAction::Kind::Wait);
    const auto failed = never.poll(view(1001));
    CHECK(failed.kind == app::ReplayAction::Kind::Failed);
    CHECK(failed.text ==
          "replay t.replay:1: 'staff.alarm.x' was never shown (screen 'save-failed')");
}

TEST_CASE("key, headset and wait-speech: keypad keys by name, speech awaited, bad names refused") {
    auto bad = app::parse_replay("key escape\nkey\n", "k.replay");
    REQUIRE(bad.errors.size() == 2);
    CHECK(bad.errors[0] ==
          "k.replay:1: unknown key 'escape' (next, previous, enter, speech, repeat, volume-up, "
          "volume-down)");
    CHECK(bad.errors[1] == "k.replay:2: key needs an argument");

    auto parsed = app::parse_replay("key next\nheadset\nwait-speech 1s\n", "k.replay");
    REQUIRE(parsed.errors.empty());
    app::ReplayDriver driver(parsed.script);
    ui::ScreenRecord record;
    const std::string screen = "language";
    bool idle = false;
    auto view = [&](std::int64_t t) {
        return app::ReplayView{
            screen, record, true, t, [] { return std::int64_t{0}; }, [&] { return idle; }};
    };
    const auto key = driver.poll(view(0));
    CHECK(key.kind == app::ReplayAction::Kind::Key);
    CHECK(key.text == "next");
    CHECK(driver.poll(view(1)).kind == app::ReplayAction::Kind::Headset);
    CHECK(driver.poll(view(2)).kind == app::ReplayAction::Kind::Wait);
    const auto failed = driver.poll(view(2000));
    CHECK(failed.kind == app::ReplayAction::Kind::Failed);
    CHECK(failed.text == "replay k.replay:3: speech did not finish");
    idle = true;
    app::ReplayDriver again(parsed.script);
    again.poll(view(0));
    again.poll(view(1));
    CHECK(again.poll(view(2)).kind == app::ReplayAction::Kind::Finished);
}
