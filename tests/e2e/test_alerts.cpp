// Long because each alert kind and channel is proved end to end here, sharing one set of
// receivers and helpers; splitting it would copy them.
// Alerts through the real hub, a real HTTP receiver (tests/support/webhook_receiver.py, which
// checks signatures with its own HMAC code) and real time: a negative spike and a safety word
// in a comment each reach the receiver exactly once, through three failed attempts, signed;
// a deleted rule's delivery is cancelled; a hub killed between an event and its delivery
// delivers it after the restart. Runs on SQLite and on PostgreSQL.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "sync/protocol/kiosk_link.h"
#include "sync/protocol/uuid.h"
#include "tests/support/fixtures.h"
#include "tests/support/paths.h"
#include "tests/support/postgres_server.h"
#include "tests/support/process.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_checks.h"

using namespace fbk::test;
using nlohmann::json;
namespace protocol = fbk::sync::protocol;

namespace {

constexpr const char* kSecret = "a-shared-secret-of-32-bytes-long";
constexpr const char* kUnmeasuredBoot = "0f4c3f0e-3333-4d6e-9d2a-000000000003";
const std::vector<std::string> kFastAlerts = {"--alert-check", "1", "--alert-retry", "1"};

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A waiting-room answer finished `ago_ms` before now on the kiosk's clock (a boot the hub never
// measured, so that time is the one statistics use).
protocol::Response answer(int n, std::int64_t ago_ms, int satisfaction,
                          const std::string& comment = {}) {
    auto r = sample_response(n);
    protocol::UuidRandomBits bits{};
    bits[7] = 0xA1;
    bits[8] = static_cast<std::uint8_t>(n >> 8);
    bits[9] = static_cast<std::uint8_t>(n);
    r.finished_at_ms = now_ms() - ago_ms;
    r.started_at_ms = r.finished_at_ms - 30'000;
    r.id = protocol::make_uuid_v7(r.started_at_ms, bits);
    r.boot_id = kUnmeasuredBoot;
    r.answers = {{"satisfaction", satisfaction}, {"recommend", 8}};
    if (!comment.empty()) {
        r.answers.push_back(protocol::Answer::of_text("comment", comment));
    }
    return r;
}

std::pair<int, json> admin_post(const Hub& hub, const std::string& token, const std::string& path,
                                const json& body) {
    httplib::Client client("127.0.0.1", hub.port());
    const auto res = client.Post(path.c_str(), {{"Authorization", "Bearer " + token}}, body.dump(),
                                 "application/json");
    REQUIRE(res);
    return {res->status, json::parse(res->body)};
}

json comment_rule(const std::vector<std::string>& words, int port) {
    return {{"kind", "comment_match"},
            {"words", words},
            {"channels",
             {{{"type", "webhook"},
               {"url", "http://127.0.0.1:" + std::to_string(port) + "/hook"},
               {"secret", kSecret}}}}};
}

json deliveries(const Hub& hub, const std::string& admin) {
    return json::parse(hub.get("/api/v1/alert-deliveries", admin).second).at("deliveries");
}

// Polls the hub's delivery log (each look is an API call) until `done` holds.
bool wait_for_log(const Hub& hub, const std::string& admin,
                  const std::function<bool(const json&)>& done) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
        if (done(deliveries(hub, admin))) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
}

// Reads the receiver's lines until `successes` requests got a 200; returns every request.
std::vector<json> requests_until(Process& receiver, int successes) {
    std::vector<json> out;
    int ok = 0;
    while (ok < successes) {
        // A hub killed while it held a delivery lets go after its 30 s lease: wait longer.
        const auto line = receiver.read_line(std::chrono::seconds(60));
        REQUIRE_MESSAGE(line, "the receiver got " << out.size() << " requests");
        if (!line->starts_with("request ")) {
            continue;
        }
        out.push_back(json::parse(line->substr(8)));
        ok += out.back().at("status") == 200 ? 1 : 0;
    }
    return out;
}

// Debian's aiosmtpd (tests/support/smtp_receiver.py) on 127.0.0.1, requiring STARTTLS with a
// certificate made by openssl, and the hub arguments that send alert e-mail through it.
struct SmtpRelay {
    std::string cert;
    std::unique_ptr<Process> process;
    std::string port;

    explicit SmtpRelay(const std::filesystem::path& dir) : cert((dir / "relay-cert.pem").string()) {
        const auto key = (dir / "relay-key.pem").string();
        make_loopback_certificate(dir, cert, key);
        process = std::make_unique<Process>(
            std::vector<std::string>{"/usr/bin/python3",
                                     (source_dir() / "tests/support/smtp_receiver.py").string(),
                                     cert, key},
            dir / "relay.log");
        port = process->wait_for_line("listening", 20s).substr(10);
    }

    std::vector<std::string> hub_args() const {
        std::vector<std::string> args = kFastAlerts;
        args.insert(args.end(), {"--smtp-url", "smtp://127.0.0.1:" + port, "--smtp-from",
                                 "alerts@hub.example", "--smtp-ca", cert});
        return args;
    }

    // The next `count` messages, by recipient.
    std::map<std::string, json> messages(std::size_t count) {
        std::map<std::string, json> mail;
        while (mail.size() < count) {
            const std::string line = process->wait_for_line("message", 30s);
            const json m = json::parse(line.substr(line.find('{')));
            mail[m.at("to")[0].get<std::string>()] = m;
        }
        return mail;
    }
};

void seed_spike(const Hub& hub, const std::string& kiosk) {
    std::vector<protocol::Response> batch;
    // Four weeks before the last day: 300 answers, one in ten unhappy.
    for (int i = 0; i < 300; ++i) {
        batch.push_back(answer(i, 2 * 86'400'000LL + i * 7'000'000LL, i % 10 == 0 ? 1 : 5));
    }
    // The last 12 hours: 40 answers, half of them unhappy.
    for (int i = 0; i < 40; ++i) {
        batch.push_back(answer(300 + i, 3'600'000LL + i * 900'000LL, i % 2 == 0 ? 2 : 4));
    }
    REQUIRE(hub.post_batch(sample_batch_body(batch), kiosk).first == 200);
}

}  // namespace

TEST_CASE("alerts: a spike reaches mail and a webhook, a safety word the webhook; once, signed") {
    TempDir dir("fbk-alerts");
    SmtpRelay relay(dir.path());
    Process receiver({"/usr/bin/python3",
                      (source_dir() / "tests/support/webhook_receiver.py").string(), kSecret, "3"},
                     dir / "receiver.log");
    const int port = std::stoi(receiver.wait_for_line("listening", 10s).substr(10));
    Hub hub(dir.path(), 0, relay.hub_args());
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto admin = hub.create_token("admin", "quality", "admin");
    // A comment stored before the rule exists is not the rule's business.
    REQUIRE(hub.post_batch(sample_batch_body({answer(900, 60'000, 5, "Mummo kaatui eilen")}), kiosk)
                .first == 200);
    seed_spike(hub, kiosk);

    json spike_rule = comment_rule({}, port);
    spike_rule.erase("words");
    spike_rule["kind"] = "negative_spike";
    spike_rule["stage"] = "WAITING";
    spike_rule["channels"].push_back(
        {{"type", "email"}, {"to", "ward5@hospital.example"}, {"language", "sv"}});
    const auto [spike_status, spike] = admin_post(hub, admin, "/api/v1/alert-rules", spike_rule);
    REQUIRE_MESSAGE(spike_status == 201, spike.dump());
    const auto [words_status, words] =
        admin_post(hub, admin, "/api/v1/alert-rules", comment_rule({"kaatu", "fall"}, port));
    REQUIRE(words_status == 201);
    CHECK(words.at("channels")[0].at("secret_set") == true);
    CHECK(words.dump().find(kSecret) == std::string::npos);  // never shown again
    const auto fall = answer(901, 1'000, 5, "Isä kaatui odotushuoneessa, kukaan ei auttanut");
    REQUIRE(
        hub.post_batch(sample_batch_body({fall, answer(902, 1'000, 5, "Kiitos hoidosta")}), kiosk)
            .first == 200);

    // Two events, three failed attempts between them, then each delivered once.
    const auto requests = requests_until(receiver, 2);
    CHECK(requests.size() == 5);
    std::set<std::string> delivered_kinds;
    for (const json& r : requests) {
        CHECK(r.at("signature_valid") == true);
        CHECK(r.at("age_s").get<int>() <= 5);
        if (r.at("status") == 200) {
            delivered_kinds.insert(r.at("body").at("kind").get<std::string>());
        }
        if (r.at("body").at("kind") == "comment_match") {
            CHECK(r.at("body").at("matched") == json::array({"kaatu"}));
            CHECK(r.at("body").at("response_id") == fall.id);
            CHECK_FALSE(r.at("body").contains("text"));  // the rule did not ask for it
        } else {
            CHECK(r.at("body").at("stage") == "WAITING");
            CHECK(r.at("body").at("recent").at("count") == 20);
        }
    }
    CHECK(delivered_kinds == std::set<std::string>{"comment_match", "negative_spike"});
    // The spike by mail too, in Swedish, over TLS.
    const json mail = relay.messages(1).at("ward5@hospital.example");
    CHECK(mail.at("tls") == true);
    CHECK(mail.at("subject") == "[Feedback Kiosk] Fler negativa omdömen än vanligt: WAITING");
    // The log: three deliveries (the spike to two channels, the comment to one), the webhook's
    // retries in it.
    REQUIRE(wait_for_log(hub, admin, [](const json& log) {
        return log.size() == 3 && std::all_of(log.begin(), log.end(), [](const json& d) {
                   return d.at("state") == "delivered";
               });
    }));
    std::size_t webhook_attempts = 0;
    for (const json& d : deliveries(hub, admin)) {
        const std::string last = d.at("attempts").back().at("result").get<std::string>();
        if (last == "SMTP 250") {
            CHECK(d.at("attempts").size() == 1);
        } else {
            CHECK(last == "HTTP 200");
            webhook_attempts += d.at("attempts").size();
        }
    }
    CHECK(webhook_attempts == 5);
}

TEST_CASE("alerts: a deleted rule's deliveries are cancelled, never sent") {
    TempDir dir("fbk-alerts-delete");
    Hub hub(dir.path(), 0, kFastAlerts);
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto admin = hub.create_token("admin", "quality", "admin");
    const int nobody = free_loopback_port();
    const auto [status, rule] =
        admin_post(hub, admin, "/api/v1/alert-rules", comment_rule({"liukastui"}, nobody));
    REQUIRE(status == 201);
    REQUIRE(
        hub.post_batch(sample_batch_body({answer(1, 1'000, 5, "Liukastuin ja liukastui")}), kiosk)
            .first == 200);
    REQUIRE(wait_for_log(hub, admin, [](const json& log) {
        return !log.empty() && !log[0].at("attempts").empty();
    }));
    httplib::Client client("127.0.0.1", hub.port());
    const auto gone = client.Delete(("/api/v1/alert-rules?id=" + rule.at("id").dump()).c_str(),
                                    {{"Authorization", "Bearer " + admin}});
    REQUIRE(gone);
    CHECK(gone->status == 200);
    const json log = deliveries(hub, admin);
    CHECK(log[0].at("state") == "cancelled");
    CHECK(json::parse(hub.get("/api/v1/alert-rules", admin).second).at("rules").empty());
    const std::string audit = hub.get("/api/v1/audit?action=alert_rule.delete", admin).second;
    CHECK(audit.find("comment_match") != std::string::npos);
    // Bad rules are refused naming the field.
    json bad = comment_rule({"x"}, nobody);
    bad["channels"][0]["url"] = "http://example.org/hook";
    const auto refused = admin_post(hub, admin, "/api/v1/alert-rules", bad);
    CHECK(refused.first == 400);
    CHECK(refused.second.dump().find("channels[0].url") != std::string::npos);
}

TEST_CASE("alerts: a hub killed between an event and its delivery delivers it after restart") {
    TempDir dir("fbk-alerts-kill");
    const int port = free_loopback_port();
    std::string admin;
    std::string event_id;
    {
        Hub hub(dir.path(), 0, kFastAlerts);
        const auto kiosk = hub.create_token("kiosk", "k1");
        admin = hub.create_token("admin", "quality", "admin");
        REQUIRE(admin_post(hub, admin, "/api/v1/alert-rules", comment_rule({"fall"}, port)).first ==
                201);
        REQUIRE(
            hub.post_batch(sample_batch_body({answer(1, 1'000, 5, "My father had a fall")}), kiosk)
                .first == 200);
        // The receiver is not there yet: the event waits in the outbox.
        REQUIRE(wait_for_log(hub, admin, [](const json& log) {
            return !log.empty() && !log[0].at("attempts").empty();
        }));
        event_id = deliveries(hub, admin)[0].at("event_id").dump();
        hub.kill();
    }
    Process receiver(
        {"/usr/bin/python3", (source_dir() / "tests/support/webhook_receiver.py").string(), kSecret,
         "0", std::to_string(port)},
        dir / "receiver.log");
    receiver.wait_for_line("listening", 10s);
    Hub restarted(dir.path(), 0, kFastAlerts);
    const auto requests = requests_until(receiver, 1);
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].at("event") == event_id);
    CHECK(requests[0].at("signature_valid") == true);
    REQUIRE(wait_for_log(restarted, admin,
                         [](const json& log) { return log[0].at("state") == "delivered"; }));
    CHECK(deliveries(restarted, admin).size() == 1);
}

TEST_CASE("alerts: two hubs on one PostgreSQL deliver each event once") {
    constexpr int kEvents = 20;
    TempDir dir("fbk-alerts-two-hubs");
    Process receiver({"/usr/bin/python3",
                      (source_dir() / "tests/support/webhook_receiver.py").string(), kSecret, "0"},
                     dir / "receiver.log");
    const int port = std::stoi(receiver.wait_for_line("listening", 10s).substr(10));
    const std::string url = PostgresServer::shared().database("alerts_two_hubs");
    Hub first(dir / "hub-a", 0, kFastAlerts, url);
    Hub second(dir / "hub-b", 0, kFastAlerts, url);
    const auto kiosk = first.create_token("kiosk", "k1");  // one database: valid on both
    const auto admin = first.create_token("admin", "quality", "admin");
    REQUIRE(admin_post(second, admin, "/api/v1/alert-rules", comment_rule({"fall"}, port)).first ==
            201);
    std::vector<protocol::Response> batch;
    for (int i = 0; i < kEvents; ++i) {
        batch.push_back(answer(i, 1'000, 5, "A fall in the corridor, number " + std::to_string(i)));
    }
    const auto [batch_status, batch_reply] = first.post_batch(sample_batch_body(batch), kiosk);
    REQUIRE_MESSAGE(batch_status == 200, batch_reply);

    // Both hubs look at the rule and race for the deliveries; each event arrives once.
    const auto requests = requests_until(receiver, kEvents);
    std::set<std::string> events;
    for (const json& r : requests) {
        events.insert(r.at("event").get<std::string>());
    }
    CHECK(requests.size() == kEvents);
    CHECK(events.size() == kEvents);
    REQUIRE(wait_for_log(first, admin, [](const json& log) {
        return log.size() == kEvents && std::all_of(log.begin(), log.end(), [](const json& d) {
                   return d.at("state") == "delivered";
               });
    }));
    for (const json& d : deliveries(first, admin)) {
        CHECK(d.at("attempts").size() == 1);  // a send by both hubs would show two
    }
}

TEST_CASE("alerts: e-mail through an SMTP relay with STARTTLS, in the channel's language") {
    TempDir dir("fbk-alerts-mail");
    SmtpRelay relay(dir.path());
    Hub hub(dir.path(), 0, relay.hub_args());
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto admin = hub.create_token("admin", "quality", "admin");
    seed_spike(hub, kiosk);
    const json rule = {
        {"kind", "negative_spike"},
        {"stage", "WAITING"},
        {"channels", {{{"type", "email"}, {"to", "ward5@hospital.example"}, {"language", "fi"}}}}};
    REQUIRE(admin_post(hub, admin, "/api/v1/alert-rules", rule).first == 201);
    json words = comment_rule({"kaatu"}, 1);
    words["channels"] = {{{"type", "email"}, {"to", "safety@hospital.example"}}};
    REQUIRE(admin_post(hub, admin, "/api/v1/alert-rules", words).first == 201);
    const std::string patient_words = "Isä kaatui odotushuoneessa, kukaan ei auttanut";
    REQUIRE(
        hub.post_batch(sample_batch_body({answer(901, 1'000, 5, patient_words)}), kiosk).first ==
        200);

    const std::map<std::string, json> mail = relay.messages(2);
    const json& spike = mail.at("ward5@hospital.example");
    CHECK(spike.at("tls") == true);
    CHECK(spike.at("from") == "alerts@hub.example");
    CHECK(spike.at("subject") ==
          "[Feedback Kiosk] Tavallista enemmän kielteisiä arvioita: WAITING");
    CAPTURE(spike.at("body").get<std::string>());
    // 20 unhappy of the last 40 (41 when the comment below is already counted).
    CHECK(spike.at("body").get<std::string>().find("Viime aikoina: 20 / 4") != std::string::npos);
    CHECK(spike.at("body").get<std::string>().find("Aiemmin: 30 / 300 (10 %)") !=
          std::string::npos);
    const json& comment = mail.at("safety@hospital.example");
    CHECK(comment.at("subject") == "[Feedback Kiosk] A comment to look at: WAITING");
    CHECK(comment.at("body").get<std::string>().find("Matched: kaatu") != std::string::npos);
    // The patient's words stay on the hub: the rule did not ask for them.
    CHECK(comment.at("body").get<std::string>().find("odotushuoneessa") == std::string::npos);
    REQUIRE(wait_for_log(hub, admin, [](const json& log) {
        return log.size() == 2 && log[0].at("state") == "delivered" &&
               log[1].at("state") == "delivered";
    }));
    CHECK(deliveries(hub, admin)[0].at("attempts")[0].at("result") == "SMTP 250");
}

namespace {

// "HH:MM-HH:MM", one minute long, starting `ahead` from now in local time: a site open then is
// closed now.
std::string minute_window(std::chrono::minutes ahead) {
    const std::time_t t =
        std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + ahead);
    std::tm local{};
    localtime_r(&t, &local);
    const int start = local.tm_hour * 60 + local.tm_min;
    const auto hhmm = [](int m) {
        char buffer[8];
        std::snprintf(buffer, sizeof buffer, "%02d:%02d", (m / 60) % 24, m % 60);
        return std::string(buffer);
    };
    return hhmm(start) + "-" + hhmm(start + 1);
}

}  // namespace

TEST_CASE(
    "alerts: a kiosk silent while its site is open raises an event, a closed site none; alarms") {
    TempDir dir("fbk-alerts-silent");
    Process receiver({"/usr/bin/python3",
                      (source_dir() / "tests/support/webhook_receiver.py").string(), kSecret, "0"},
                     dir / "receiver.log");
    const int port = std::stoi(receiver.wait_for_line("listening", 10s).substr(10));
    // north is always open; south opens for one minute, twelve hours from the time the second
    // hub below lives in, so it is closed then.
    const auto hours = dir / "site-hours";
    std::ofstream(hours) << "north = daily 00:00-24:00\nsouth = "
                         << minute_window(std::chrono::hours(14)) << "\n";
    std::string admin;
    {
        Hub hub(dir.path(), 0, {"--alert-check", "0"});
        admin = hub.create_token("admin", "quality", "admin");
        for (const auto& [kiosk, site] : {std::pair{"k1", "north"}, std::pair{"k2", "south"}}) {
            auto beat = heartbeat_of(kiosk);
            beat.site = site;
            if (site == std::string("south")) {
                beat.alarms = {std::string(protocol::kAlarmLowSpace)};  // an alarm needs no hours
            }
            REQUIRE(hub.send_heartbeat(beat, hub.create_token("kiosk", kiosk)) == 200);
        }
        json rule = comment_rule({}, port);
        rule.erase("words");
        rule["kind"] = "kiosk_silent";
        REQUIRE(admin_post(hub, admin, "/api/v1/alert-rules", rule).first == 201);
        rule["kind"] = "kiosk_alarm";
        rule["alarms"] = {"storage_low"};
        REQUIRE(admin_post(hub, admin, "/api/v1/alert-rules", rule).first == 201);
    }
    // Two hours later no kiosk has said anything since.
    std::vector<std::string> args = kFastAlerts;
    args.insert(args.end(), {"--site-hours", hours.string()});
    Hub later(dir.path(), 0, args, {}, clock_behind("+2h"));
    std::map<std::string, json> by_kind;
    for (const json& r : requests_until(receiver, 2)) {
        by_kind[r.at("body").at("kind").get<std::string>()] = r.at("body");
    }
    REQUIRE(by_kind.size() == 2);
    CHECK(by_kind.at("kiosk_silent").at("kiosk") == "k1");
    CHECK(by_kind.at("kiosk_silent").at("silent_minutes").get<int>() >= 119);
    CHECK(by_kind.at("kiosk_alarm").at("kiosk") == "k2");
    CHECK(by_kind.at("kiosk_alarm").at("alarm") == "storage_low");
    const json fleet = json::parse(later.get("/api/v1/kiosks", admin).second).at("kiosks");
    for (const json& k : fleet) {
        CHECK(k.at("silent") == (k.at("kiosk_id") == "k1"));  // south is closed: not silent
    }
    REQUIRE(wait_for_log(later, admin, [](const json& log) {
        return log.size() == 2 && log[0].at("state") == "delivered" &&
               log[1].at("state") == "delivered";
    }));
    CHECK(deliveries(later, admin).size() == 2);  // no silence event for the closed site's kiosk
}

TEST_CASE("alerts: a target missed over the last weeks raises an event; a target met none") {
    TempDir dir("fbk-alerts-target");
    Process receiver({"/usr/bin/python3",
                      (source_dir() / "tests/support/webhook_receiver.py").string(), kSecret, "0"},
                     dir / "receiver.log");
    const int port = std::stoi(receiver.wait_for_line("listening", 10s).substr(10));
    Hub hub(dir.path(), 0, {"--alert-check", "0"});  // no alerts until the targets are set
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto admin = hub.create_token("admin", "quality", "admin");
    seed_spike(hub, kiosk);  // 290 of 340 satisfied at WAITING over four weeks: 85%, 81-89%
    const auto missed =
        admin_post(hub, admin, "/api/v1/targets",
                   {{"stage", "WAITING"}, {"metric", "csat_top2_percent"}, {"threshold", 90}});
    REQUIRE(missed.first == 201);
    REQUIRE(admin_post(hub, admin, "/api/v1/targets",
                       {{"stage", "WAITING"}, {"metric", "csat_top2_percent"}, {"threshold", 50}})
                .first == 201);
    json rule = comment_rule({}, port);
    rule.erase("words");
    rule["kind"] = "target_missed";
    rule["days"] = 28;
    REQUIRE(admin_post(hub, admin, "/api/v1/alert-rules", rule).first == 201);
    hub.stop();
    Hub alerting(dir.path(), 0, kFastAlerts);
    const auto requests = requests_until(receiver, 1);
    const json& event = requests[0].at("body");
    CHECK(event.at("kind") == "target_missed");
    CHECK(event.at("target_id") == missed.second.at("id"));
    CHECK(event.at("stage") == "WAITING");
    CHECK(event.at("ci95")[1].get<double>() < 90);
    REQUIRE(wait_for_log(alerting, admin, [](const json& log) {
        return !log.empty() && log[0].at("state") == "delivered";
    }));
    CHECK(deliveries(alerting, admin).size() == 1);  // the target met raised nothing
}
