// Settings managed from the centre: an administrator sets a kiosk's stage schedule, opening
// hours, timeouts, languages and staff PIN for one kiosk, a site or all on the hub; each value
// is checked with the kiosk's own rule, audited without the PIN, and pulled by the kiosk with
// ETags. A running kiosk takes them between patients and shows them in staff mode, refuses
// ones that do not fit its pack and keeps its last good settings. Real hub and kiosk processes
// on 127.0.0.1.
#include <doctest/doctest.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/support/figures.h"
#include "tests/support/fixtures.h"
#include "tests/support/test_checks.h"

using namespace fbk::test;
using nlohmann::json;
using namespace std::chrono_literals;

namespace {

struct Answer {
    int status = 0;
    json body;
};

Answer set_settings(const Hub& hub, const std::string& admin, const std::string& body) {
    httplib::Client client("127.0.0.1", hub.port());
    const auto res = client.Post("/api/v1/central-settings", {{"Authorization", "Bearer " + admin}},
                                 body, "application/json");
    REQUIRE(res);
    return {res->status, json::parse(res->body)};
}

std::string error_of(const Answer& a) {
    return a.body.at("error").at("message").get<std::string>();
}

struct KioskFetch {
    int status = 0;
    std::string etag;
    json settings;
};

KioskFetch kiosk_fetch(const Hub& hub, const std::string& token, const std::string& site,
                       const std::string& etag = "") {
    httplib::Client client("127.0.0.1", hub.port());
    httplib::Headers headers{{"Authorization", "Bearer " + token}};
    if (!etag.empty()) {
        headers.emplace("If-None-Match", etag);
    }
    const auto res = client.Get("/api/v1/kiosk/central-settings?site=" + site, headers);
    REQUIRE(res);
    KioskFetch out{res->status, res->get_header_value("ETag"), nullptr};
    if (res->status == 200) {
        out.settings = json::parse(res->body).at("settings");
    }
    return out;
}

}  // namespace

TEST_CASE("kiosk settings on the hub: checked with the kiosk's rules, audited without the PIN") {
    TempDir dir("fbk-e2e");
    Hub hub(dir / "hub");
    const auto admin = hub.create_token("admin", "it");
    const auto lobby1 = hub.create_token("kiosk", "lobby-1");
    const auto lobby2 = hub.create_token("kiosk", "lobby-2");

    // Refused with a 400 that names the setting and the kiosk's own reason; nothing stored.
    const auto too_short = set_settings(
        hub, admin, R"({"target": "site:ward-3", "settings": {"timing.still_there": "10s"}})");
    CHECK(too_short.status == 400);
    CHECK(error_of(too_short) ==
          "settings.timing.still_there: '10s' is too short: the idle warning must give at least "
          "20s");
    const auto not_managed = set_settings(
        hub, admin, R"({"target": "all", "settings": {"hub.url": "https://elsewhere.example"}})");
    CHECK(not_managed.status == 400);
    CHECK(error_of(not_managed).starts_with("settings.hub.url: is not a setting the hub manages"));
    const auto bad_pin =
        set_settings(hub, admin, R"({"target": "all", "settings": {"kiosk.staff_pin": "12ab"}})");
    CHECK(error_of(bad_pin) == "settings.kiosk.staff_pin: must be 4 to 12 digits");
    const auto bad_target = set_settings(
        hub, admin, R"({"target": "ward-3", "settings": {"timing.idle_timeout": "45s"}})");
    CHECK(error_of(bad_target) == "target: 'ward-3' is not kiosk:ID, site:ID or all");
    CHECK(kiosk_fetch(hub, lobby1, "ward-3").settings.empty());

    // All kiosks, one site, one kiosk: the most specific wins, per setting.
    REQUIRE(set_settings(hub, admin,
                         R"({"target": "all", "settings": {"timing.idle_timeout": "60s",
                              "kiosk.staff_pin": "1357"}})")
                .status == 200);
    REQUIRE(set_settings(hub, admin,
                         R"({"target": "site:ward-3", "settings": {"timing.idle_timeout": "45s",
                              "kiosk.schedule": "Mon-Fri 07:00-11:00 LABORATORY"}})")
                .status == 200);
    REQUIRE(
        set_settings(hub, admin,
                     R"({"target": "kiosk:lobby-2", "settings": {"timing.idle_timeout": "40s"}})")
            .status == 200);
    const auto first = kiosk_fetch(hub, lobby1, "ward-3");
    REQUIRE(first.status == 200);
    CHECK(first.settings.at("timing.idle_timeout") ==
          json({{"value", "45s"}, {"from", "site:ward-3"}}));
    CHECK(first.settings.at("kiosk.schedule").at("value") == "Mon-Fri 07:00-11:00 LABORATORY");
    const std::string pin_hash = first.settings.at("kiosk.staff_pin_hash").at("value");
    CHECK(pin_hash.starts_with("pbkdf2-sha256$20000$"));
    CHECK(first.settings.at("kiosk.staff_pin_hash").at("from") == "all");
    CHECK(kiosk_fetch(hub, lobby1, "ward-3", first.etag).status == 304);
    CHECK(kiosk_fetch(hub, lobby2, "ward-3").settings.at("timing.idle_timeout").at("value") ==
          "40s");
    CHECK(kiosk_fetch(hub, lobby1, "ward-9").settings.at("timing.idle_timeout").at("value") ==
          "60s");
    CHECK(kiosk_fetch(hub, lobby1, "not a site").status == 400);

    // Removing the site's value: the kiosk falls back to all's, and its old ETag is stale.
    REQUIRE(set_settings(hub, admin,
                         R"({"target": "site:ward-3", "settings": {"timing.idle_timeout": null}})")
                .status == 200);
    const auto after = kiosk_fetch(hub, lobby1, "ward-3", first.etag);
    CHECK(after.status == 200);
    CHECK(after.settings.at("timing.idle_timeout").at("from") == "all");

    // The list shows the PIN as set, never its hash; the audit log names each change.
    const auto [status, listed] = hub.get("/api/v1/central-settings", admin);
    REQUIRE(status == 200);
    CHECK(listed.find("pbkdf2") == std::string::npos);
    CHECK(listed.find("\"(set)\"") != std::string::npos);
    const auto audit = json::parse(hub.get("/api/v1/audit?action=settings.set", admin).second);
    std::vector<std::string> details;
    for (const auto& e : audit.at("entries")) {
        details.push_back(e.at("detail"));
    }
    CHECK(std::find(details.begin(), details.end(),
                    "all: kiosk.staff_pin_hash=(set), timing.idle_timeout=60s") != details.end());
    CHECK(std::find(details.begin(), details.end(), "site:ward-3: timing.idle_timeout removed") !=
          details.end());
    for (const std::string& text : {hub.log(), audit.dump()}) {
        CHECK(text.find("1357") == std::string::npos);
        CHECK(text.find(pin_hash) == std::string::npos);
    }
}

TEST_CASE(
    "a setting changed on the hub reaches a running kiosk and shows in staff mode; a bad "
    "one is refused and the last good kept") {
    TempDir dir("fbk-e2e");
    Hub hub(dir / "hub", 0, {"--heartbeat-interval", "10"});
    const auto admin = hub.create_token("admin", "it");
    KioskSetup setup = kiosk_setup(hub.url(), hub.create_token("kiosk", "lobby-1"));
    setup.staff_pin = "2468";
    setup.extra_config = "[kiosk]\nsite = ward-3\n";
    const auto config = write_kiosk_config(dir.path(), setup);
    write_file(dir / "settings.replay",
               "wait-screen language\nprint started\n"
               // The hub's languages arrive: Danish joins the three of the kiosk's file.
               "wait-shown lang.da 60s\nprint languages arrived\n"
               // The hub's PIN, not the file's, opens staff mode.
               "hold staff.corner 3s\nwait-screen staff-pin\n"
               "tap pin.1\ntap pin.3\ntap pin.5\ntap pin.7\ntap pin.ok\nwait-screen staff\n"
               "wait-text timing.idle_timeout=45s (site:ward-3)\n"
               "wait-text kiosk.staff_pin_hash=(set) (site:ward-3)\n"
               "print staff mode shows the settings\n"
               "wait-shown staff.alarm.settings_refused 60s\n"
               "wait-text kiosk.languages=fi, sv, en, da (site:ward-3)\n"
               "print refusal shown\n"
               "tap staff.close\nwait-screen language\nwait-shown lang.da\nprint done\n");
    Process kiosk({kiosk_exe(), "run", "--config", config.string(), "--headless", "--replay",
                   (dir / "settings.replay").string()},
                  dir / "kiosk.log");
    kiosk.wait_for_line("started", 30s);
    CHECK_FALSE(kiosk.stdout_seen().find("languages arrived") != std::string::npos);

    const auto sent_at = std::chrono::steady_clock::now();
    REQUIRE(set_settings(hub, admin,
                         R"({"target": "site:ward-3", "settings": {
                              "kiosk.languages": "fi, sv, en, da", "timing.idle_timeout": "45s",
                              "kiosk.staff_pin": "1357"}})")
                .status == 200);
    kiosk.wait_for_line("languages arrived", 60s);
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - sent_at);
    report_figure("central settings: on a running kiosk's screen " + std::to_string(took.count()) +
                  " ms after the change on the hub (check-ins every 10 s, then 10 s of quiet)");
    kiosk.wait_for_line("staff mode shows the settings", 60s);
    CHECK(fleet_entry(hub, admin, "lobby-1").at("settings_state") == "applied");

    // A language the kiosk's pack does not have: the hub cannot know, the kiosk refuses.
    REQUIRE(set_settings(hub, admin,
                         R"({"target": "site:ward-3", "settings": {"kiosk.languages": "fi, de"}})")
                .status == 200);
    kiosk.wait_for_line("refusal shown", 60s);
    kiosk.wait_for_line("done", 30s);
    CHECK(kiosk.wait(30s) == 0);
    const std::string log = kiosk.stderr_text();
    CHECK(log.find("now using the hub's settings: kiosk.languages=fi, sv, en, da (site:ward-3), "
                   "kiosk.staff_pin_hash=(set) (site:ward-3), timing.idle_timeout=45s "
                   "(site:ward-3)") != std::string::npos);
    CHECK_MESSAGE(log.find("refused the settings the hub sent: the hub's settings do not fit "
                           "this kiosk: [kiosk] languages: pack 'default-healthcare' has no "
                           "text in 'de'") != std::string::npos,
                  log);
    CHECK(log.find("1357") == std::string::npos);
    // The last good settings stay on the card for the next start.
    const std::string kept = read_file(dir / "kiosk-data/central-settings.json");
    CHECK(kept.find("fi, sv, en, da") != std::string::npos);
    CHECK(kept.find("fi, de") == std::string::npos);

    // The fleet view: what is set for the kiosk, and that it refused it.
    const auto k = fleet_entry(hub, admin, "lobby-1");
    CHECK(k.at("settings_state") == "refused");
    CHECK(k.at("alarms") == json::array({"settings_refused"}));
    CHECK(k.at("central_settings").at("kiosk.languages").at("value") == "fi, de");
    CHECK(k.at("central_settings").at("kiosk.staff_pin_hash").at("value") == "(set)");
    CHECK(k.at("last_error").get<std::string>().find("'de'") != std::string::npos);

    // The next start begins with the last good settings, before the hub is asked.
    write_file(dir / "restart.replay",
               "wait-screen language\nwait-shown lang.da\nprint restarted with Danish\n");
    const auto [status, out] = run_kiosk_replay(config, dir / "restart.replay", {}, 60s);
    CHECK(status == 0);
    CHECK(out.find("restarted with Danish") != std::string::npos);
}
