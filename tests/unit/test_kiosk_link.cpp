#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "sync/protocol/kiosk_link.h"

namespace protocol = fbk::sync::protocol;

namespace {

protocol::Heartbeat sample_heartbeat() {
    protocol::Heartbeat h;
    h.kiosk_id = "lobby-1";
    h.boot_id = "b";
    h.sent_at_ms = 1'800'000'000'000;
    h.monotonic_ms = 5'000;
    h.app_version = "0.3";
    h.pack_id = "default-healthcare";
    h.pack_version = 2;
    h.backlog = 12;
    h.backlog_bytes = 9'000;
    h.oldest_unsent_age_ms = 60'000;
    h.disk_free_bytes = 1 << 30;
    h.uptime_ms = 4'000;
    h.last_error = "hub unreachable";
    h.alarms = {std::string(protocol::kAlarmLowSpace)};
    return h;
}

}  // namespace

TEST_CASE("heartbeats and kiosk settings round-trip") {
    protocol::Issues issues;
    const auto h = protocol::parse_heartbeat(protocol::serialize(sample_heartbeat()), issues);
    REQUIRE(h);
    CHECK(issues.empty());
    CHECK(h->backlog == 12);
    CHECK(h->oldest_unsent_age_ms == 60'000);
    CHECK(h->alarms == std::vector<std::string>{"storage_low"});
    const auto s = protocol::parse_kiosk_settings(
        protocol::serialize(protocol::KioskSettings{7, 1'000, 60'000}), issues);
    REQUIRE(s);
    CHECK(s->max_batch_responses == 7);
    CHECK(s->heartbeat_interval_ms == 60'000);
}

TEST_CASE("a heartbeat with bad fields is refused with the path of each problem") {
    auto doc = nlohmann::json::parse(protocol::serialize(sample_heartbeat()));
    doc["backlog"] = -1;
    doc["alarms"] = {"storage_low", "on_fire"};
    doc["last_error"] = std::string(501, 'x');
    doc["colour"] = "blue";
    protocol::Issues issues;
    CHECK_FALSE(protocol::parse_heartbeat(doc.dump(), issues));
    std::vector<std::string> paths;
    for (const auto& i : issues) {
        paths.push_back(i.path);
    }
    CHECK(std::find(paths.begin(), paths.end(), "$.backlog") != paths.end());
    CHECK(std::find(paths.begin(), paths.end(), "$.alarms[1]") != paths.end());
    CHECK(std::find(paths.begin(), paths.end(), "$.last_error") != paths.end());
    CHECK(std::find(paths.begin(), paths.end(), "$.colour") != paths.end());
    // A site must be a plain id, as pack assignments name it.
    auto spaced = nlohmann::json::parse(protocol::serialize(sample_heartbeat()));
    spaced["site"] = "North Wing";
    issues.clear();
    CHECK_FALSE(protocol::parse_heartbeat(spaced.dump(), issues));
    REQUIRE_FALSE(issues.empty());
    CHECK(issues.front().path == "$.site");
    spaced["site"] = "north-wing";
    issues.clear();
    CHECK(protocol::parse_heartbeat(spaced.dump(), issues));
    // A captive portal's page is not the hub's settings.
    CHECK_FALSE(protocol::parse_kiosk_settings("<html>Welcome</html>", issues));
    issues.clear();
    CHECK_FALSE(protocol::parse_kiosk_settings(
        R"({"max_batch_responses":0,"max_batch_bytes":1,"heartbeat_interval_ms":1})", issues));
}
