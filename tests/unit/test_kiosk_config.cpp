#include <doctest/doctest.h>

#include "kiosk/core/kiosk_config.h"
#include "sync/protocol/duration.h"
#include "sync/uploader/url_host.h"

namespace core = fbk::kiosk::core;

namespace {

// As the kiosk reads its file: the hub URL's host as curl reads it.
core::ConfigLoad parse_config(std::string_view text, const std::filesystem::path& source) {
    return core::parse_kiosk_config(text, source, fbk::sync::uploader::hub_url_host);
}

const char* kValid = R"(# a kiosk
[kiosk]
id = lobby-1
stage = WAITING
pack = packs/default.json
languages = fi, sv ,en
data_dir = /var/lib/feedback-kiosk

[hub]
url = https://hub.example.org/   # trailing slash is fine
token = fbk_kiosk_abc

[timing]
idle_timeout = 45s
thanks = 5s
)";

std::vector<std::string> errors_of(const std::string& text) {
    return parse_config(text, "/etc/feedback-kiosk/kiosk.conf").errors;
}

}  // namespace

TEST_CASE("a valid config resolves relative paths against its own directory") {
    const auto load = parse_config(kValid, "/etc/feedback-kiosk/kiosk.conf");
    REQUIRE(load.errors.empty());
    const auto& c = *load.config;
    CHECK(c.kiosk_id == "lobby-1");
    CHECK(c.pack_file == "/etc/feedback-kiosk/packs/default.json");
    CHECK(c.languages == std::vector<std::string>{"fi", "sv", "en"});
    CHECK(c.default_language == "fi");
    CHECK(c.hub_url == "https://hub.example.org");
    CHECK(c.idle_timeout_ms == 45'000);
    CHECK(c.thanks_ms == 5'000);
    CHECK(c.retention_ms == 14LL * 86'400'000);
}

TEST_CASE("config errors name the file, the line and the setting") {
    SUBCASE("unknown setting") {
        const auto e = errors_of(std::string(kValid) + "[timing]\nidle = 3s\n");
        REQUIRE(e.size() == 1);
        CHECK(e[0] == "/etc/feedback-kiosk/kiosk.conf:17: [timing] idle: unknown setting");
    }
    SUBCASE("missing required setting") {
        std::string text = kValid;
        text.erase(text.find("token = "), std::string("token = fbk_kiosk_abc\n").size());
        const auto e = errors_of(text);
        REQUIRE(e.size() == 1);
        CHECK(e[0] == "/etc/feedback-kiosk/kiosk.conf: [hub] token: is missing");
    }
    SUBCASE("unknown stage") {
        std::string text = kValid;
        text.replace(text.find("WAITING"), 7, "LOBBY");
        CHECK(errors_of(text).at(0).find(":4: [kiosk] stage: 'LOBBY'") != std::string::npos);
    }
    SUBCASE("duration without unit") {
        std::string text = kValid;
        text.replace(text.find("45s"), 3, "45");
        CHECK(errors_of(text).at(0).find("[timing] idle_timeout: '45' is not a duration") !=
              std::string::npos);
    }
    SUBCASE("plain http to a remote hub") {
        std::string text = kValid;
        text.replace(text.find("https://"), 8, "http://");
        CHECK(errors_of(text).at(0).find("plain http") != std::string::npos);
    }
    SUBCASE("a public-key pin that is not a SHA-256 digest") {
        const auto e = errors_of(std::string(kValid) + "[hub]\npin_sha256 = abc\n");
        CHECK(e.at(0).find("[hub] pin_sha256: 'abc' is not a base64 SHA-256 digest") !=
              std::string::npos);
    }
    SUBCASE("setting twice") {
        const auto e = errors_of(std::string(kValid) + "[kiosk]\nid = other\n");
        CHECK(e.at(0).find("already set on line 3") != std::string::npos);
    }
}

TEST_CASE("public-key pins become libcurl's list, the next key's pin beside the current one") {
    const std::string a = std::string(43, 'a') + "=";
    const std::string b = std::string(42, 'B') + "9=";
    const auto load =
        parse_config(std::string(kValid) + "[hub]\npin_sha256 = " + a + ", " + b + "\n",
                     "/etc/feedback-kiosk/kiosk.conf");
    REQUIRE(load.config);
    CHECK(load.config->pinned_public_keys == "sha256//" + a + ";sha256//" + b);
}

TEST_CASE("plain http is allowed to a hub on this machine") {
    for (const std::string url : {"http://127.0.0.1:8080", "http://127.9.8.7/", "http://localhost",
                                  "http://[::1]:8080/", "http://0x7f000001/"}) {
        CAPTURE(url);
        std::string text = kValid;
        text.replace(text.find("https://hub.example.org/"), 24, url);
        CHECK(errors_of(text).empty());
    }
}

TEST_CASE("plain http counts as local only when the host curl connects to is this machine") {
    // Each of these connects to another machine, whatever the text before or after the host.
    for (const std::string url :
         {"http://127.0.0.1@10.0.0.1/", "http://127.attacker.example/", "http://10.0.0.1/a://[::1]",
          "http://localhost.attacker.example/", "http://127.0.0.1.nip.io/",
          "http://[::ffff:10.0.0.1]/", "http://10.0.0.1#@127.0.0.1/"}) {
        CAPTURE(url);
        std::string text = kValid;
        text.replace(text.find("https://hub.example.org/"), 24, url);
        const auto errors = errors_of(text);
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].find("plain http to ") != std::string::npos);
    }
    CHECK(core::is_loopback_host("127.0.0.1"));
    CHECK_FALSE(core::is_loopback_host("127.0.0"));
    CHECK_FALSE(core::is_loopback_host("127.0.0.256"));
    CHECK_FALSE(core::is_loopback_host("127.0.0.1."));
    CHECK_FALSE(core::is_loopback_host("128.0.0.1"));
}

TEST_CASE("durations need a unit") {
    CHECK(fbk::sync::protocol::parse_duration_ms("500ms") == 500);
    CHECK(fbk::sync::protocol::parse_duration_ms("30s") == 30'000);
    CHECK(fbk::sync::protocol::parse_duration_ms("5m") == 300'000);
    CHECK(fbk::sync::protocol::parse_duration_ms("14d") == 14LL * 86'400'000);
    CHECK_FALSE(fbk::sync::protocol::parse_duration_ms("30"));
    CHECK_FALSE(fbk::sync::protocol::parse_duration_ms("-1s"));
    CHECK_FALSE(fbk::sync::protocol::parse_duration_ms("1 s"));
    CHECK_FALSE(fbk::sync::protocol::parse_duration_ms("99999999999999999d"));
}

TEST_CASE("the idle warning gives at least 20 seconds, and the viewing distance is in range") {
    const auto errors =
        errors_of(std::string(kValid) + "still_there = 15s\n[display]\nviewing_distance = 90\n");
    REQUIRE(errors.size() == 2);
    CHECK(errors[0] ==
          "/etc/feedback-kiosk/kiosk.conf:16: [timing] still_there: '15s' is too "
          "short: the idle warning must give at least 20s");
    CHECK(errors[1] ==
          "/etc/feedback-kiosk/kiosk.conf:18: [display] viewing_distance: '90' is "
          "not a whole number from 150 to 2000");
    const auto ok = parse_config(std::string(kValid) + "still_there = 45s\n", "k.conf");
    REQUIRE(ok.config);
    CHECK(ok.config->still_there_ms == 45'000);
    CHECK(ok.config->viewing_distance_mm == 400);
}

TEST_CASE("display rotation, opening hours, backlight and time zone") {
    const auto load =
        parse_config(std::string(kValid) +
                         "[display]\nrotation = 90\nopening_hours = Mon-Fri 07:00-20:00\n"
                         "backlight = /sys/class/backlight/10-0045\n",
                     "/etc/feedback-kiosk/kiosk.conf");
    REQUIRE(load.errors.empty());
    CHECK(load.config->rotation == 90);
    CHECK(load.config->opening_hours.is_open({0, 8 * 60}));
    CHECK_FALSE(load.config->opening_hours.is_open({6, 8 * 60}));
    CHECK(load.config->backlight == "/sys/class/backlight/10-0045");
    CHECK(parse_config(kValid, "k.conf").config->opening_hours.always_open());

    const auto with_zone = parse_config(
        std::string(kValid).replace(0, 18, "[kiosk]\ntimezone = Europe/Helsinki\n"), "k.conf");
    REQUIRE(with_zone.errors.empty());
    CHECK(with_zone.config->timezone == "Europe/Helsinki");

    CHECK(errors_of(std::string(kValid) + "[display]\nrotation = 45\n")
              .at(0)
              .find("[display] rotation: '45' must be 0, 90, 180 or 270") != std::string::npos);
    CHECK(errors_of(std::string(kValid) + "[display]\nopening_hours = Mon-Fri 7-20\n")
              .at(0)
              .find("[display] opening_hours: 'Mon-Fri 7-20' does not end with opening") !=
          std::string::npos);
    for (const char* zone : {"../../etc/passwd", "/etc/localtime", "Europe/Hel sinki"}) {
        CHECK(errors_of(std::string(kValid).replace(
                            0, 18, std::string("[kiosk]\ntimezone = ") + zone + "\n"))
                  .at(0)
                  .find("is not a time zone name") != std::string::npos);
    }
}
