// feedback-kiosk as IT staff and tests run it: check-pack, the demo replay with screenshots, and
// the main loop's promise to draw only when something changed.
#include <doctest/doctest.h>

#include <fstream>

#include "tests/support/fixtures.h"

using namespace fbk::test;

namespace {

std::pair<int, int> png_size(const std::filesystem::path& file) {
    const std::string data = read_file(file);
    REQUIRE(data.size() > 24);
    REQUIRE(data.substr(1, 3) == "PNG");
    const auto be32 = [&](std::size_t at) {
        return (static_cast<unsigned char>(data[at]) << 24) |
               (static_cast<unsigned char>(data[at + 1]) << 16) |
               (static_cast<unsigned char>(data[at + 2]) << 8) |
               static_cast<unsigned char>(data[at + 3]);
    };
    return {be32(16), be32(20)};
}

}  // namespace

TEST_CASE("check-pack accepts the default pack and lists every problem of a broken one") {
    TempDir dir;
    const auto good = source_dir() / "assets/packs/default-healthcare.json";
    const auto [ok_status, ok_out] =
        run_command({kiosk_exe(), "check-pack", good.string()}, dir / "ok.log");
    CHECK(ok_status == 0);
    CHECK(ok_out.find(": ok: pack default-healthcare version 2") != std::string::npos);

    std::string broken = read_file(good);
    broken.replace(broken.find("\"type\": \"nps\""), 13, "\"type\": \"stars\"");
    broken.replace(broken.find("\"ARRIVAL\""), 9, "\"LOBBY\"");
    const auto file = dir / "broken.json";
    write_file(file, broken);
    const auto [status, out] =
        run_command({kiosk_exe(), "check-pack", file.string()}, dir / "err.log");
    const auto err = read_file(dir / "err.log");
    CHECK(status == 1);
    CHECK(err.find(file.string() +
                   ": $.surveys[0].questions[2].type: unknown question type 'stars'") !=
          std::string::npos);
    CHECK(err.find(file.string() + ": $.surveys[0].stages[0]: unknown journey stage 'LOBBY'") !=
          std::string::npos);
    CHECK(err.find("2 errors; the pack was refused") != std::string::npos);

    CHECK(run_command({kiosk_exe(), "check-pack", (dir / "missing.json").string()}, dir / "m.log")
              .first == 1);
}

TEST_CASE("check-pack refuses a language the kiosk cannot draw or has no buttons for") {
    TempDir dir;
    const std::string pack = read_file(source_dir() / "assets/packs/nhs-fft.json");
    const auto with_language = [&](const std::string& code, const std::string& text) {
        std::string changed = pack;
        changed.replace(changed.find("\"en\"\n  ]"), 4, "\"en\", \"" + code + "\"");
        changed.replace(changed.find("\"en\": \"Overall"), 0,
                        "\"" + code + "\": \"" + text + "\", ");
        write_file(dir / (code + ".json"), changed);
        return run_command({kiosk_exe(), "check-pack", (dir / (code + ".json")).string()},
                           dir / (code + ".log"))
            .first;
    };
    // Tigrinya (Ethiopic script): no font of the kiosk has its letters, ui.json no buttons.
    CHECK(with_language("ti", "\u12A8\u1218\u12ED") == 1);
    const std::string ti = read_file(dir / "ti.log");
    CHECK(ti.find(": $.surveys[0].questions[0].text.ti: language 'ti' needs U+12A8, which no "
                  "installed font can draw") != std::string::npos);
    CHECK(ti.find("language 'ti' has no UI strings in") != std::string::npos);
    CHECK(ti.find("; the pack was refused") != std::string::npos);
    // Arabic is drawn (shaped, right to left) and has its buttons.
    CHECK_MESSAGE(with_language("ar", "\u0643\u064a\u0641 \u0643\u0627\u0646\u062a\u061f") == 0,
                  read_file(dir / "ar.log"));
}

TEST_CASE("check-pack --display draws every screen at a panel's size and names what breaks") {
    TempDir dir;
    const auto shipped = source_dir() / "assets/packs/default-healthcare.json";
    // The shipped pack on the 7-inch Raspberry Pi display (800x480, 133 dpi).
    const auto [ok, ok_out] = run_command(
        {kiosk_exe(), "check-pack", shipped.string(), "--display", "800x480", "--dpi", "133"},
        dir / "ok.log");
    CHECK_MESSAGE(ok == 0, read_file(dir / "ok.log"));
    // A question three times longer than its English in Somali leaves room for one row of the
    // 0-10 buttons on a 10-inch tablet in large text: they come in pages, each still 20 mm.
    std::string pack = read_file(shipped);
    const std::string somali = "Intee in le'eg ayaad nagula talin lahayd saaxiib ama qoys?";
    REQUIRE(pack.find(somali) != std::string::npos);
    const std::string longer =
        "Intee in le'eg ayay u badan tahay inaad nagula talisid saaxiib ama qof qoyskaaga ka mid "
        "ah, haddii ay weydiiyaan meesha ay daawasho u tagi karaan?";
    const auto check_at_10in = [&](const std::string& question, const std::string& name) {
        std::string changed = pack;
        changed.replace(changed.find(somali), somali.size(), question);
        write_file(dir / name, changed);
        return run_command({kiosk_exe(), "check-pack", (dir / name).string(), "--display",
                            "1280x800", "--dpi", "150"},
                           dir / (name + ".log"))
            .first;
    };
    CHECK_MESSAGE(check_at_10in(longer, "long.json") == 0, read_file(dir / "long.json.log"));
    // Twice that leaves no room for even one row: the screen is named, with what breaks.
    CHECK(check_at_10in(longer + " " + longer, "longer.json") == 1);
    const std::string err = read_file(dir / "longer.json.log");
    CHECK(err.find(": 1280x800 at 150 dpi: so waiting-room.recommend (large text): "
                   "q.recommend.0 is ") != std::string::npos);
    CHECK(err.find("mm, under 20.0 mm") != std::string::npos);
    CHECK(err.find("layout problems at that display; the pack was refused") != std::string::npos);
    // Without --display the same pack passes: nothing was drawn.
    CHECK(run_command({kiosk_exe(), "check-pack", (dir / "longer.json").string()}, dir / "p.log")
              .first == 0);
    // A malformed size is a usage error that says what is wrong.
    CHECK(run_command({kiosk_exe(), "check-pack", shipped.string(), "--display", "800"},
                      dir / "bad.log")
              .first == 2);
    CHECK(read_file(dir / "bad.log").find("--display: '800' is not WIDTHxHEIGHT") !=
          std::string::npos);
}

TEST_CASE("the demo replay captures every screen of the flow headless") {
    TempDir dir;
    const auto config = write_kiosk_config(dir.path(), kiosk_setup("http://127.0.0.1:1", "t"));
    // The demo ends by waiting for its uploads; this test has no hub, so stop before that.
    std::string script = read_file(source_dir() / "assets/demo/patient.replay");
    script = script.substr(0, script.find("wait-synced"));
    write_file(dir / "demo.replay", script);
    const auto [status, out] =
        run_kiosk_replay(config, dir / "demo.replay", {"--screenshots", (dir / "shots").string()});
    REQUIRE_MESSAGE(status == 0, read_file(dir / "kiosk.log"));
    for (const std::string name :
         {"01-language", "02-smiley-fi", "03-nps-fi", "04-comment-fi", "05-thanks-fi",
          "06-smiley-sv", "07-follow-up-en", "08-thanks-en"}) {
        CAPTURE(name);
        CHECK(png_size(dir / "shots" / (name + ".png")) == std::pair{1280, 800});
    }
}

TEST_CASE("a replay fails with exit code 3 when its target never appears") {
    TempDir dir;
    const auto config = write_kiosk_config(dir.path(), kiosk_setup("http://127.0.0.1:1", "t"));
    write_file(dir / "bad.replay", "tap lang.de 500ms\n");
    const auto [status, out] = run_kiosk_replay(config, dir / "bad.replay");
    CHECK(status == 3);
    CHECK(read_file(dir / "kiosk.log").find("bad.replay:1: target 'lang.de' never appeared") !=
          std::string::npos);
}

TEST_CASE("the kiosk draws only when something changes") {
    TempDir dir;
    const auto config = write_kiosk_config(dir.path(), kiosk_setup("http://127.0.0.1:1", "t"));
    write_file(
        dir / "idle.replay",
        "wait-screen language\nidle 200ms\nprint start {frames}\nidle 1500ms\nprint idle {frames}\n"
        "tap lang.en\nwait-screen question.satisfaction\nidle 200ms\nprint tapped {frames}\n"
        "idle 1500ms\nprint question-idle {frames}\n");
    Process kiosk({kiosk_exe(), "run", "--config", config.string(), "--headless", "--replay",
                   (dir / "idle.replay").string()},
                  dir / "kiosk.log");
    const auto frames = [&](const std::string& label) {
        const auto line = kiosk.wait_for_line(label, 30s);
        return std::stoi(line.substr(line.rfind(' ') + 1));
    };
    const int start = frames("start");
    const int idle = frames("idle");
    const int tapped = frames("tapped");
    const int question_idle = frames("question-idle");
    CHECK(kiosk.wait(30s) == 0);
    CHECK(start >= 1);
    CHECK(idle == start);            // nothing changed on the start screen: no frame
    CHECK(tapped - idle >= 2);       // press and release each need a frame
    CHECK(tapped - idle <= 8);       // ...and the new screen settles in a few
    CHECK(question_idle == tapped);  // a survey waiting for its patient draws nothing
}
