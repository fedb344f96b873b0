// Outside opening hours the kiosk's screen is dark, its backlight off, until a touch wakes it
// or opening time comes. The real binary, headless, with the replay clock crossing closing time.
#include <doctest/doctest.h>

#include <stb_image.h>

#include <ctime>

#include "sync/outbox/outbox.h"
#include "tests/support/fixtures.h"

using namespace fbk::test;

namespace {

std::string clock_text(int minute_of_day) {
    const int m = ((minute_of_day % 1440) + 1440) % 1440;
    char text[6];
    std::snprintf(text, sizeof text, "%02d:%02d", m / 60, m % 60);
    return text;
}

int utc_minute_now() {
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    return utc.tm_hour * 60 + utc.tm_min;
}

// True if every pixel of the PNG is black.
bool all_black(const std::filesystem::path& png) {
    int w = 0, h = 0, channels = 0;
    unsigned char* pixels = stbi_load(png.c_str(), &w, &h, &channels, 3);
    REQUIRE(pixels != nullptr);
    bool black = true;
    for (std::size_t i = 0; i < static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3;
         ++i) {
        black = black && pixels[i] == 0;
    }
    stbi_image_free(pixels);
    return black;
}

}  // namespace

TEST_CASE("closed: the screen goes dark, a touch wakes it without choosing, opening lights it") {
    TempDir dir;
    // A directory standing in for /sys/class/backlight/NAME: there is no panel here.
    std::filesystem::create_directories(dir / "backlight");
    write_file(dir / "backlight/bl_power", "0\n");
    // Open now, for another hour; the script's clock then crosses closing time.
    const int now = utc_minute_now();
    auto setup = kiosk_setup("http://127.0.0.1:1", "unused-token");
    setup.extra_config = "[kiosk]\ntimezone = UTC\n[display]\nopening_hours = daily " +
                         clock_text(now - 60) + "-" + clock_text(now + 60) +
                         "\nbacklight = " + (dir / "backlight").string() + "\n";
    const auto config = write_kiosk_config(dir.path(), setup);
    write_file(dir / "hours.replay",
               "wait-screen language\n"
               "screenshot open\n"
               // Closing time passes with nobody at the start screen: dark at once.
               "advance 61m\nwait-screen closed\nscreenshot closed\n"
               "print dark frames={frames}\nidle 3s\nprint still dark frames={frames}\n"
               // A touch where the Swedish button was: it wakes the screen and chooses nothing.
               "tap lang.sv\nwait-screen language\nprint woken on {screen}\n"
               // Nobody follows up: dark again after the idle timeout.
               "advance 31s\nwait-screen closed\n"
               // The next morning: opening time lights it without a touch.
               "advance 22h\nwait-screen language\nprint open on {screen}\n");
    Process kiosk({kiosk_exe(), "run", "--config", config.string(), "--headless", "--replay",
                   (dir / "hours.replay").string(), "--screenshots", dir.path().string()},
                  dir / "kiosk.log");
    const std::string dark = kiosk.wait_for_line("dark frames=", 30s);
    // Read while the script idles in the dark (3 s of real time).
    CHECK(read_file(dir / "backlight/bl_power") == "4\n");
    const std::string still_dark = kiosk.wait_for_line("still dark", 30s);
    // Nothing is drawn while dark: the frame count does not move.
    CHECK(still_dark.substr(still_dark.find("frames=")) == dark.substr(dark.find("frames=")));
    CHECK(kiosk.wait_for_line("woken on", 30s) == "woken on language");
    CHECK(kiosk.wait_for_line("open on", 30s) == "open on language");
    REQUIRE(kiosk.wait(30s) == 0);
    INFO(kiosk.stderr_text());

    CHECK(all_black(dir / "closed.png"));
    CHECK_FALSE(all_black(dir / "open.png"));
    CHECK(read_file(dir / "backlight/bl_power") == "0\n");
    const std::string log = kiosk.stderr_text();
    const auto count = [&](const std::string& needle) {
        std::size_t n = 0;
        for (auto at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) {
            ++n;
        }
        return n;
    };
    CHECK(count("closed: the screen is dark until touched or opening time") == 2);
    CHECK(count("screen on: touched while closed") == 1);
    CHECK(count("screen on: opening hours") == 1);
    // The wake-up touch answered nothing.
    fbk::sync::outbox::Outbox box(dir / "kiosk-data/outbox.sqlite3");
    CHECK(box.counts().pending == 0);
}

TEST_CASE("an unknown time zone stops the kiosk with a clear message") {
    TempDir dir;
    auto setup = kiosk_setup("http://127.0.0.1:1", "unused-token");
    setup.extra_config = "[kiosk]\ntimezone = Europe/Atlantis\n";
    const auto config = write_kiosk_config(dir.path(), setup);
    write_file(dir / "none.replay", "print started\n");
    const auto [status, out] = run_kiosk_replay(config, dir / "none.replay");
    CHECK(status == 1);
    CHECK(out.find("started") == std::string::npos);
    CHECK(read_file(dir / "kiosk.log")
              .find("[kiosk] timezone: 'Europe/Atlantis' is not in /usr/share/zoneinfo") !=
          std::string::npos);
}
