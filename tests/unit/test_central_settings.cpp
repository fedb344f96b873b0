// Settings managed from the hub: the one rule per setting (protocol/central_settings.h), the
// stage schedule's text form, the staff PIN's hash, the kiosk's file with the hub's settings
// on top, and which scope wins on the hub.
#include <doctest/doctest.h>

#include "kiosk/core/kiosk_config.h"
#include "kiosk/core/stage_choice.h"
#include "sync/hub/store/hub_store.h"
#include "sync/protocol/central_settings.h"
#include "sync/protocol/stage_schedule.h"
#include "sync/service/pin_hash.h"
#include "sync/uploader/url_host.h"

namespace core = fbk::kiosk::core;
namespace protocol = fbk::sync::protocol;
namespace hub = fbk::sync::hub;
namespace service = fbk::sync::service;

namespace {

std::string problem(std::string_view key, std::string_view value) {
    const auto* managed = protocol::find_managed_setting(key);
    REQUIRE(managed != nullptr);
    return managed->check(value).value_or("");
}

const char* kKioskFile = R"([kiosk]
id = lobby-1
site = ward-3
stage = WAITING
pack = packs/default.json
languages = fi, sv, en
default_language = sv
staff_pin = 2468
data_dir = /var/lib/feedback-kiosk
[hub]
url = https://hub.example.org
token = fbk_kiosk_abc
[timing]
idle_timeout = 30s
)";

core::KioskConfig local_config() {
    auto load = core::parse_kiosk_config(kKioskFile, "/etc/feedback-kiosk/kiosk.conf",
                                         fbk::sync::uploader::hub_url_host);
    REQUIRE_MESSAGE(load.config, (load.errors.empty() ? "" : load.errors.front()));
    return *load.config;
}

protocol::CentralSettings settings(
    std::initializer_list<std::pair<std::string, std::string>> values,
    const std::string& from = "site:ward-3") {
    protocol::CentralSettings out;
    for (const auto& [key, value] : values) {
        out.values[key] = {value, from};
    }
    return out;
}

}  // namespace

TEST_CASE("each managed setting has one rule, the one the kiosk's file is checked with") {
    CHECK(problem("timing.idle_timeout", "45s").empty());
    CHECK(problem("timing.idle_timeout", "45") ==
          "'45' is not a duration such as 30s, 500ms, 5m, 2h or 14d");
    CHECK(problem("timing.still_there", "10s") ==
          "'10s' is too short: the idle warning must give at least 20s");
    CHECK(problem("kiosk.languages", "fi, sv, en").empty());
    CHECK(problem("kiosk.languages", "fi, Swedish") ==
          "'Swedish' is not a language code such as fi");
    CHECK(problem("kiosk.stage", "ask").empty());
    CHECK(problem("kiosk.stage", "LOBBY").find("not a journey stage code") != std::string::npos);
    CHECK(problem("display.opening_hours", "Mon-Fri 07:00-20:00").empty());
    CHECK(problem("display.opening_hours", "Mon-Fri 7-20").find("opening and closing") !=
          std::string::npos);
    CHECK(problem("kiosk.staff_pin_hash", "2468").find("not a staff PIN hash") !=
          std::string::npos);
    CHECK(problem("kiosk.staff_pin_hash", service::hash_staff_pin("2468")).empty());
    // Every managed setting is a key of the kiosk's own file: the same table takes it.
    for (const auto& m : protocol::managed_settings()) {
        const auto dot = m.key.find('.');
        REQUIRE(dot != std::string_view::npos);
        const std::string line = "[" + std::string(m.key.substr(0, dot)) + "]\n" +
                                 std::string(m.key.substr(dot + 1)) + " = ?\n";
        const auto load = core::parse_kiosk_config(std::string(kKioskFile) + line, "k.conf",
                                                   fbk::sync::uploader::hub_url_host);
        for (const auto& e : load.errors) {
            CHECK_MESSAGE(e.find("unknown setting") == std::string::npos, e);
        }
    }
}

TEST_CASE("a stage schedule is written like opening hours, a stage at the end of each slot") {
    const auto parsed =
        protocol::parse_stage_schedule("Mon-Fri 07:00-11:00 LABORATORY, 11:00-16:00 WAITING");
    REQUIRE_FALSE(parsed.error);
    REQUIRE(parsed.slots.size() == 2);
    CHECK(parsed.slots[0].stage == "LABORATORY");
    CHECK(parsed.slots[0].weekdays == 0x1F);  // Monday to Friday
    CHECK(parsed.slots[0].from_minute == 7 * 60);
    CHECK(parsed.slots[0].to_minute == 11 * 60);
    CHECK(parsed.slots[1].weekdays == 0x7F);
    CHECK(protocol::parse_stage_schedule("").slots.empty());
    CHECK(protocol::parse_stage_schedule("Mon 22:00-06:00 WAITING")
              .error->find("runs past midnight") != std::string::npos);
    CHECK(protocol::parse_stage_schedule("Mon 08:00-10:00 LOBBY")
              .error->find("'Mon 08:00-10:00 LOBBY' does not end with a journey stage") == 0);
    CHECK(protocol::parse_stage_schedule("Someday 08:00-10:00 WAITING").error);
    CHECK(protocol::parse_stage_schedule("WAITING").error);
}

TEST_CASE("the kiosk's own schedule replaces the pack's; staff still override both") {
    auto load = protocol::parse_survey_pack(
        R"({"format": 1, "id": "p", "version": 1, "default_language": "en",
      "languages": ["en"],
      "schedule": [{"stage": "LABORATORY", "from": "07:00", "to": "10:00"}],
      "surveys": [
        {"id": "wait", "stages": ["WAITING"], "questions": [
          {"id": "q", "type": "smiley", "text": {"en": "a"}}]},
        {"id": "lab", "stages": ["LABORATORY", "DISCHARGE"], "questions": [
          {"id": "q", "type": "smiley", "text": {"en": "a"}}]}]})");
    REQUIRE(load.pack);
    const core::LocalTime monday_8{0, 8 * 60};
    const core::LocalTime monday_17{0, 17 * 60};
    const auto mine = protocol::parse_stage_schedule("Mon-Fri 16:00-18:00 DISCHARGE").slots;
    CHECK(core::choose_stage(*load.pack, {}, "WAITING", "", monday_8).stage == "LABORATORY");
    CHECK(core::choose_stage(*load.pack, mine, "WAITING", "", monday_8).stage == "WAITING");
    const auto evening = core::choose_stage(*load.pack, mine, "WAITING", "", monday_17);
    CHECK(evening.stage == "DISCHARGE");
    CHECK(evening.source == protocol::StageSource::Schedule);
    CHECK(core::choose_stage(*load.pack, mine, "WAITING", "LABORATORY", monday_17).stage ==
          "LABORATORY");
    // A slot for a stage the pack does not serve is skipped, not followed into an empty survey.
    const auto unknown = protocol::parse_stage_schedule("16:00-18:00 TREATMENT").slots;
    CHECK(core::choose_stage(*load.pack, unknown, "WAITING", "", monday_17).stage == "WAITING");
}

TEST_CASE("the staff PIN's hash is PBKDF2-HMAC-SHA256, checked against RFC 7914's vector") {
    // RFC 7914 section 11: P = "passwd", S = "salt", c = 1: 55 ac 04 6e ... (first 32 bytes).
    CHECK(service::staff_pin_matches(
        "passwd", "pbkdf2-sha256$1$c2FsdA$VawEblbjCJ_sFpHCJUS2BflBhSFt3gRl5oudV8INrLw"));
    // By hand (Python's hashlib.pbkdf2_hmac): "2468", salt "0123456789abcdef", 20 000 rounds.
    const std::string known =
        "pbkdf2-sha256$20000$MDEyMzQ1Njc4OWFiY2RlZg$Ti8BW4oYXuCVLKpOlGx-u6QPWnBb7rCZ_SwWvlyzLOo";
    CHECK(service::staff_pin_matches("2468", known));
    CHECK_FALSE(service::staff_pin_matches("2469", known));
    CHECK_FALSE(service::staff_pin_matches("2468", "2468"));
    CHECK_FALSE(service::staff_pin_matches("2468", known.substr(0, known.size() - 1)));
    const auto made = service::hash_staff_pin("13579");
    CHECK(made.starts_with("pbkdf2-sha256$20000$"));
    CHECK(made.find("13579") == std::string::npos);
    CHECK(service::staff_pin_matches("13579", made));
    CHECK(service::hash_staff_pin("13579") != made);  // a new salt each time
}

TEST_CASE("the hub's good values replace the kiosk file's and say where they came from") {
    const auto local = local_config();
    {
        const auto pin = service::hash_staff_pin("1357");
        const auto load = core::apply_central_settings(
            local, settings({{"timing.idle_timeout", "45s"},
                             {"kiosk.languages", "fi, en, da"},
                             {"kiosk.schedule", "Mon-Fri 07:00-11:00 LABORATORY"},
                             {"kiosk.staff_pin_hash", pin},
                             {"display.opening_hours", "Mon-Fri 07:00-20:00"}}));
        REQUIRE_MESSAGE(load.config, (load.errors.empty() ? "" : load.errors.front()));
        const auto& c = *load.config;
        CHECK(c.idle_timeout_ms == 45'000);
        CHECK(c.languages == std::vector<std::string>{"fi", "en", "da"});
        CHECK(c.default_language == "fi");  // the file's "sv" is no longer offered
        CHECK(c.schedule.size() == 1);
        CHECK(c.staff_pin.empty());  // the hub's PIN replaces the file's
        CHECK(c.staff_pin_hash == pin);
        CHECK_FALSE(c.opening_hours.always_open());
        CHECK(c.central.values.at("timing.idle_timeout").from == "site:ward-3");
        CHECK(c.token == local.token);  // what the hub does not manage stays the file's
    }
}

TEST_CASE("a bad value from the hub is refused through the kiosk file's own checks") {
    const auto local = local_config();
    SUBCASE("naming the setting and where it came from") {
        const auto load =
            core::apply_central_settings(local, settings({{"timing.still_there", "5s"}}));
        CHECK_FALSE(load.config);
        REQUIRE(load.errors.size() == 1);
        CHECK(load.errors[0] ==
              "hub setting [timing] still_there (site:ward-3): '5s' is too short: the idle "
              "warning must give at least 20s");
    }
    SUBCASE("the hub cannot reach settings it does not manage") {
        const auto load = core::apply_central_settings(local, settings({{"hub.url", "http://x"}}));
        CHECK_FALSE(load.config);
        CHECK(load.errors.at(0).find("is not a setting the hub may change") != std::string::npos);
    }
    SUBCASE("a default language the languages do not offer is refused") {
        const auto load = core::apply_central_settings(
            local, settings({{"kiosk.languages", "fi, en"}, {"kiosk.default_language", "sv"}}));
        CHECK_FALSE(load.config);
    }
}

TEST_CASE("a kiosk file may hold the PIN's hash instead of the PIN, not both") {
    const std::string with_hash = std::string(kKioskFile) +
                                  "[kiosk]\nstaff_pin_hash = " + service::hash_staff_pin("2468") +
                                  "\n";
    const auto both =
        core::parse_kiosk_config(with_hash, "k.conf", fbk::sync::uploader::hub_url_host);
    REQUIRE(both.errors.size() == 1);
    CHECK(both.errors[0].find("set either staff_pin or staff_pin_hash, not both") !=
          std::string::npos);
}

TEST_CASE("on the hub the kiosk's own setting wins over its site's, the site's over all's") {
    const std::vector<hub::CentralSettingRow> rows = {
        {"all", "", "timing.idle_timeout", "60s", 1, "it"},
        {"all", "", "kiosk.languages", "fi, sv, en", 1, "it"},
        {"site", "ward-3", "timing.idle_timeout", "45s", 2, "it"},
        {"site", "ward-4", "timing.thanks", "3s", 2, "it"},
        {"kiosk", "lobby-1", "timing.idle_timeout", "40s", 3, "it"},
        {"kiosk", "lobby-2", "timing.thanks", "9s", 3, "it"},
    };
    const auto lobby1 = hub::effective_central_settings(rows, "lobby-1", "ward-3").values;
    CHECK(lobby1.size() == 2);
    CHECK(lobby1.at("timing.idle_timeout").value == "40s");
    CHECK(lobby1.at("timing.idle_timeout").from == "kiosk:lobby-1");
    CHECK(lobby1.at("kiosk.languages").from == "all");
    const auto other = hub::effective_central_settings(rows, "lobby-9", "ward-3").values;
    CHECK(other.at("timing.idle_timeout").value == "45s");
    CHECK(other.at("timing.idle_timeout").from == "site:ward-3");
    const auto nowhere = hub::effective_central_settings(rows, "lobby-9", "").values;
    CHECK(nowhere.at("timing.idle_timeout").value == "60s");
    CHECK_FALSE(nowhere.contains("timing.thanks"));
}

TEST_CASE("a kiosk takes all of the hub's settings or none") {
    protocol::Issues issues;
    const auto good = protocol::parse_central_settings(
        protocol::serialize(settings({{"timing.idle_timeout", "45s"}})), issues);
    REQUIRE(good);
    CHECK(good->values.at("timing.idle_timeout").value == "45s");
    CHECK(issues.empty());
    const auto bad = protocol::parse_central_settings(
        R"({"settings": {"timing.idle_timeout": {"value": "45s", "from": "all"},
                         "timing.thanks": {"value": "soon", "from": "all"}}})",
        issues);
    CHECK_FALSE(bad);
    REQUIRE_FALSE(issues.empty());
    CHECK(issues[0].path == "$.settings.timing.thanks.value");
    issues.clear();
    CHECK_FALSE(protocol::parse_central_settings(
        R"({"settings": {"display.colour": {"value": "red", "from": "all"}}})", issues));
    CHECK(issues.at(0).message == "is not a setting this kiosk takes from the hub");
}
