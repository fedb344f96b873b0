// The kiosk's conversation with its hub beside batches: the heartbeat that feeds the fleet
// view, the hub's settings, and survey packs pulled with ETag, checked before they replace the
// pack in use. Real hub and kiosk processes on 127.0.0.1.
#include <doctest/doctest.h>

#include <signal.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "sync/outbox/outbox.h"
#include "sync/uploader/hub_chores.h"
#include "tests/support/delivery_check.h"
#include "tests/support/fault_proxy.h"
#include "tests/support/figures.h"
#include "tests/support/fixtures.h"
#include "tests/support/sample_responses.h"
#include "tests/support/test_checks.h"
#include "tests/support/test_uploader.h"

using namespace fbk::test;
using nlohmann::json;

namespace {

const std::string kOnePatient =
    "wait-screen language\ntap lang.fi\ntap q.smiley.4\ntap q.nps.9\n"
    "wait-screen question.comment\ntap nav.continue\nwait-screen thanks\nadvance 7s\n"
    "wait-screen language\nwait-synced 60s\nprint synced\n";

json default_pack() {
    return json::parse(read_file(source_dir() / "assets/packs/default-healthcare.json"));
}

// The same pack without one language, everywhere it appears.
void drop_language(json& node, const std::string& language) {
    if (node.is_object()) {
        node.erase(language);
        for (auto& [key, child] : node.items()) {
            drop_language(child, language);
        }
    } else if (node.is_array()) {
        for (auto it = node.begin(); it != node.end();) {
            if (it->is_string() && *it == language) {
                it = node.erase(it);
            } else {
                drop_language(*it, language);
                ++it;
            }
        }
    }
}

// A packs directory with the default pack as shipped (v2) and the same as v3.
std::filesystem::path packs_v2_and_v3(const TempDir& dir) {
    std::filesystem::create_directories(dir / "packs");
    auto pack = default_pack();
    write_file(dir / "packs/v2.json", pack.dump(2));
    pack["version"] = 3;
    write_file(dir / "packs/v3.json", pack.dump(2));
    return dir / "packs";
}

int run_kiosk_once(const TempDir& dir, const std::filesystem::path& config) {
    write_file(dir / "one.replay", kOnePatient);
    const auto [status, out] = run_kiosk_replay(config, dir / "one.replay", {}, 120s);
    CHECK(out.find("synced") != std::string::npos);
    return status;
}

}  // namespace

TEST_CASE("a kiosk's heartbeat reaches the fleet view, which only admins may read") {
    TempDir dir("fbk-e2e");
    Hub hub(dir / "hub");
    const auto admin = hub.create_token("admin", "it");
    const auto kiosk_token = hub.create_token("kiosk", "lobby-1");
    const auto config = write_kiosk_config(dir.path(), kiosk_setup(hub.url(), kiosk_token));
    REQUIRE(run_kiosk_once(dir, config) == 0);

    const auto k = fleet_entry(hub, admin, "lobby-1");
    CHECK(k.at("app_version") == "0.3");
    CHECK(k.at("pack_id") == "default-healthcare");
    CHECK(k.at("pack_version") == 2);
    CHECK(k.at("disk_free_bytes").get<std::int64_t>() > 0);
    CHECK(k.at("alarms").empty());
    CHECK(std::abs(k.at("clock_offset_ms").get<std::int64_t>()) < 60'000);
    CHECK(k.at("last_seen").get<std::string>().ends_with("Z"));
    CHECK(hub.get("/api/v1/kiosks", kiosk_token).first == 403);
    CHECK(hub.get("/api/v1/kiosks", "").first == 401);
    // Kiosk endpoints are for kiosk tokens.
    CHECK(hub.get("/api/v1/kiosk/settings", admin).first == 403);
    const auto [status, settings] = hub.get("/api/v1/kiosk/settings", kiosk_token);
    CHECK(status == 200);
    CHECK(json::parse(settings).at("max_batch_responses") == 1000);
}

TEST_CASE("the hub serves packs with ETags and answers 304 when the kiosk has it") {
    TempDir dir("fbk-e2e");
    Hub hub(dir / "hub");
    const auto token = hub.create_token("kiosk", "lobby-1");
    httplib::Client client("127.0.0.1", hub.port());
    const httplib::Headers auth{{"Authorization", "Bearer " + token}};
    const auto first = client.Get("/api/v1/kiosk/pack?id=default-healthcare", auth);
    REQUIRE(first);
    CHECK(first->status == 200);
    CHECK(json::parse(first->body).at("version") == 2);
    const std::string etag = first->get_header_value("ETag");
    CHECK(etag.starts_with("\"default-healthcare-v2-"));
    auto with_etag = auth;
    with_etag.emplace("If-None-Match", etag);
    const auto again = client.Get("/api/v1/kiosk/pack?id=default-healthcare", with_etag);
    REQUIRE(again);
    CHECK(again->status == 304);
    CHECK(again->body.empty());
    CHECK(client.Get("/api/v1/kiosk/pack?id=other", auth)->status == 404);
}

TEST_CASE("a newer pack from the hub is used from the next start and a bad one is refused") {
    TempDir dir("fbk-e2e");
    std::filesystem::create_directories(dir / "packs");
    auto pack = default_pack();
    write_file(dir / "packs/v2.json", pack.dump(2));
    pack["version"] = 3;
    pack["title"] = "Default healthcare survey pack, spring edition";
    auto& arabic = pack["surveys"][0]["questions"][0]["text"]["ar"];
    arabic = arabic.get<std::string>() + " \u0627\u0644\u064a\u0648\u0645";  // "today"
    write_file(dir / "packs/v3.json", pack.dump(2));

    SUBCASE("a good pack is installed and used after the restart") {
        Hub hub(dir / "hub", 0, {"--packs", (dir / "packs").string()});
        const auto admin = hub.create_token("admin", "it");
        const auto config = write_kiosk_config(
            dir.path(), kiosk_setup(hub.url(), hub.create_token("kiosk", "lobby-1")));
        REQUIRE(run_kiosk_once(dir, config) == 0);
        const auto first_log = read_file(dir / "kiosk.log");
        CHECK_MESSAGE(first_log.find("installed survey pack default-healthcare v3 from the hub "
                                     "(was v2)") != std::string::npos,
                      first_log);
        CHECK(json::parse(read_file(dir / "kiosk-data/pack.json")).at("version") == 3);
        // The new pack's Arabic was shaped when it was installed: the next start reads those
        // glyphs and has nothing to write (a start that shaped would write the plan anew).
        const auto plan = dir / "kiosk-data/glyph-plan";
        REQUIRE(std::filesystem::exists(plan));
        const auto planned = read_file(plan);
        const auto planned_at = std::filesystem::last_write_time(plan);

        REQUIRE(run_kiosk_once(dir, config) == 0);
        CHECK(read_file(dir / "kiosk.log").find("using survey pack default-healthcare v3") !=
              std::string::npos);
        CHECK(read_file(plan) == planned);
        CHECK(std::filesystem::last_write_time(plan) == planned_at);
        const auto rows = parse_simple_csv(hub.get("/api/v1/responses?format=csv", admin).second);
        REQUIRE(rows.size() == 2);
        CHECK(rows[0].at("pack_version") == "2");
        CHECK(rows[1].at("pack_version") == "3");
        CHECK(fleet_entry(hub, admin, "lobby-1").at("pack_version") == 3);
    }
    SUBCASE("a pack that does not fit this kiosk is refused and reported; the old one stays") {
        auto no_swedish = default_pack();
        no_swedish["version"] = 4;
        drop_language(no_swedish, "sv");
        write_file(dir / "packs/v4.json", no_swedish.dump(2));
        Hub hub(dir / "hub", 0, {"--packs", (dir / "packs").string()});
        const auto admin = hub.create_token("admin", "it");
        const auto config = write_kiosk_config(
            dir.path(), kiosk_setup(hub.url(), hub.create_token("kiosk", "lobby-1")));
        REQUIRE(run_kiosk_once(dir, config) == 0);
        CHECK(read_file(dir / "kiosk.log").find("refused the survey pack") != std::string::npos);
        CHECK_FALSE(std::filesystem::exists(dir / "kiosk-data/pack.json"));
        const auto k = fleet_entry(hub, admin, "lobby-1");
        CHECK(k.at("pack_version") == 2);
        CHECK(k.at("alarms") == json::array({"pack_refused"}));
        CHECK(k.at("last_error").get<std::string>().find("'sv'") != std::string::npos);
    }
}

TEST_CASE("an older pack version assigned on the hub is installed by the kiosk: a rollback") {
    TempDir dir("fbk-e2e");
    Hub hub(dir / "hub", 0, {"--packs", packs_v2_and_v3(dir).string()});
    const auto admin = hub.create_token("admin", "it");
    const auto config = write_kiosk_config(
        dir.path(), kiosk_setup(hub.url(), hub.create_token("kiosk", "lobby-1")));
    const auto assign = [&](const std::string& version) {
        httplib::Client client("127.0.0.1", hub.port());
        const auto res = client.Post(
            "/api/v1/packs/assignments", {{"Authorization", "Bearer " + admin}},
            R"({"pack_id": "default-healthcare", "version": )" + version + R"(, "target": "all"})",
            "application/json");
        REQUIRE(res);
        REQUIRE(res->status == 200);
    };
    const auto installed_version = [&] {
        return json::parse(read_file(dir / "kiosk-data/pack.json")).at("version").get<int>();
    };

    REQUIRE(run_kiosk_once(dir, config) == 0);  // the newest, v3, as before
    REQUIRE(installed_version() == 3);
    assign("2");  // v3 has a mistake: back to v2 everywhere
    REQUIRE(run_kiosk_once(dir, config) == 0);
    CHECK_MESSAGE(read_file(dir / "kiosk.log")
                          .find("installed survey pack default-healthcare v2 from the hub (was v3; "
                                "assigned by an administrator)") != std::string::npos,
                  read_file(dir / "kiosk.log"));
    CHECK(installed_version() == 2);
    // The next start keeps v2 over the image's own and the hub's newest, and the hub sees it.
    REQUIRE(run_kiosk_once(dir, config) == 0);
    CHECK(read_file(dir / "kiosk.log").find("using survey pack default-healthcare v2") !=
          std::string::npos);
    CHECK(fleet_entry(hub, admin, "lobby-1").at("pack_version") == 2);
    const auto rows = parse_simple_csv(hub.get("/api/v1/responses?format=csv", admin).second);
    REQUIRE(rows.size() == 3);
    CHECK(rows[2].at("pack_version") == "2");
    // The assignment removed: the newest again.
    assign("null");
    REQUIRE(run_kiosk_once(dir, config) == 0);
    CHECK(installed_version() == 3);
    CHECK_FALSE(std::filesystem::exists(dir / "kiosk-data/pack.assigned"));
}

TEST_CASE("after a pack update the kiosk restarts once, not again and again") {
    TempDir dir("fbk-e2e");
    Hub hub(dir / "hub", 0, {"--packs", packs_v2_and_v3(dir).string()});
    const auto config = write_kiosk_config(
        dir.path(), kiosk_setup(hub.url(), hub.create_token("kiosk", "lobby-1")));
    // The kiosk starts itself again (exec, same process) to use an installed pack; a loop would
    // show as another start every ~10 s, the earliest a kiosk restarts after its start screen
    // was last touched, so a window of 25 s would hold two or more. Each start says so on stderr.
    constexpr auto kWindow = 25s;
    Process kiosk({kiosk_exe(), "run", "--config", config.string(), "--headless"},
                  dir / "kiosk.log");
    CHECK_THROWS(kiosk.wait(kWindow));  // still running at the end of the window
    kiosk.signal(SIGTERM);
    CHECK(kiosk.wait(10s) == 0);
    const std::string log = kiosk.stderr_text();
    int restarts = 0;
    for (std::size_t at = 0;
         (at = log.find("starting again to use the new survey pack", at)) != std::string::npos;
         ++at) {
        ++restarts;
    }
    report_figure("pack update: " + std::to_string(restarts) + " restart(s) of the kiosk in " +
                  std::to_string(kWindow.count()) + " s after the hub offered a newer pack");
    CHECK_MESSAGE(restarts == 1, log);
    CHECK(json::parse(read_file(dir / "kiosk-data/pack.json")).at("version") == 3);
    // The ETag of the pack in use is kept, so the restarted kiosk is not offered it again.
    CHECK(read_file(dir / "kiosk-data/pack.etag").find("default-healthcare 3") !=
          std::string::npos);
    CHECK(hub.log().find("GET /api/v1/kiosk/pack 304") != std::string::npos);
}

TEST_CASE("the uploader follows the hub's batch limit and fetches unchanged things as 304") {
    TempDir dir("fbk-e2e");
    Hub hub(dir / "hub", 0, {"--max-batch", "5"});
    const auto token = hub.create_token("kiosk", "k1");
    {
        fbk::sync::outbox::Outbox box(dir / "outbox.sqlite3");
        for (int n = 0; n < 23; ++n) {
            box.commit(sample_response(n), 1);
        }
    }
    FaultProxy proxy(hub.port());
    TestUploader setup{proxy.url(), token, 200};
    int heartbeats = 0;
    setup.chores.facts = [&heartbeats] {
        ++heartbeats;
        fbk::sync::protocol::Heartbeat h;
        h.app_version = "test";
        h.pack_id = "default-healthcare";
        h.pack_version = 2;
        return h;
    };
    setup.chores.pack_id = "default-healthcare";
    setup.chores.offer_pack = [](const std::string&, bool) { return std::optional<std::string>(); };
    {
        auto uploader = start_test_uploader(dir / "outbox.sqlite3", setup);
        REQUIRE(uploader->wait_until_drained(60s));
    }
    std::vector<std::string> seen;
    const auto requests = proxy.requests();
    const auto statuses = proxy.reply_statuses();
    REQUIRE(requests.size() == statuses.size());
    for (std::size_t i = 0; i < requests.size(); ++i) {
        seen.push_back(requests[i].method + " " + requests[i].path + " " +
                       std::to_string(statuses[i]));
    }
    CAPTURE(seen);
    // Chores first (settings, pack, heartbeat), then 23 responses in batches of at most 5.
    REQUIRE(seen.size() == 3 + 5);
    CHECK(seen[0] == "GET /api/v1/kiosk/settings 200");
    CHECK(seen[1] == "GET /api/v1/kiosk/pack?id=default-healthcare 200");
    CHECK(seen[2] == "POST /api/v1/heartbeat 200");
    for (std::size_t i = 3; i < seen.size(); ++i) {
        CHECK(seen[i] == "POST /api/v1/batches 200");
    }
    CHECK(heartbeats == 1);
    CHECK(check_delivery(fbk::sync::outbox::Outbox(dir / "outbox.sqlite3").ids(), hub.stored_ids())
              .exactly_once());
}

TEST_CASE("kiosk chores send If-None-Match, so unchanged settings and packs come back as 304") {
    TempDir dir("fbk-e2e");
    Hub hub(dir / "hub");
    FaultProxy proxy(hub.port());
    fbk::sync::uploader::UploaderSettings settings;
    settings.hub_url = proxy.url();
    settings.token = hub.create_token("kiosk", "k1");
    settings.kiosk_id = "k1";
    settings.boot_id = kSampleBootId;
    auto http = fbk::sync::uploader::make_curl_client({});
    int offers = 0;
    fbk::sync::uploader::ChoresHooks hooks;
    hooks.facts = [] { return fbk::sync::protocol::Heartbeat{}; };
    hooks.pack_id = "default-healthcare";
    hooks.offer_pack = [&offers](const std::string&, bool) {
        ++offers;
        return std::optional<std::string>("not this one");
    };
    fbk::sync::uploader::HubChores chores(*http, settings, {wall_now_ms, steady_now_ms}, hooks);
    const auto first = chores.run({}, "", false);
    const auto second = chores.run({}, "", false);
    CHECK(first.settings.has_value());
    CHECK_FALSE(second.settings.has_value());  // unchanged
    CHECK(first.heartbeat_sent);
    CHECK(second.heartbeat_sent);
    CHECK(offers == 1);  // a refused pack is not downloaded again until it changes
    CHECK(chores.pack_refusal() == "not this one");
    CHECK(proxy.reply_statuses() == std::vector<int>{200, 200, 200, 304, 304, 200});
}

TEST_CASE("a token the hub refuses stops uploads, keeps the answers and raises a staff alarm") {
    TempDir dir("fbk-e2e");
    Hub hub(dir / "hub");
    const auto admin = hub.create_token("admin", "it");
    KioskSetup setup = kiosk_setup(hub.url(), "fbk_kiosk_revoked-or-mistyped");
    setup.staff_pin = "2468";
    const auto config = write_kiosk_config(dir.path(), setup);
    write_file(dir / "refused.replay",
               "wait-screen language\ntap lang.fi\ntap q.smiley.4\ntap q.nps.9\n"
               "wait-screen question.comment\ntap nav.continue\nwait-screen thanks\nadvance 7s\n"
               "wait-screen language\nhold staff.corner 3s\nwait-screen staff-pin\n"
               "tap pin.2\ntap pin.4\ntap pin.6\ntap pin.8\ntap pin.ok\nwait-screen staff\n"
               "wait-shown staff.alarm.unauthorized 20s\nprint alarm shown\n");
    const auto [status, out] = run_kiosk_replay(config, dir / "refused.replay", {}, 60s);
    REQUIRE_MESSAGE(status == 0, read_file(dir / "kiosk.log"));
    CHECK(out.find("alarm shown") != std::string::npos);
    CHECK(read_file(dir / "kiosk.log").find("upload stopped: hub refused the token (HTTP 401)") !=
          std::string::npos);
    CHECK(fbk::sync::outbox::Outbox(dir / "kiosk-data/outbox.sqlite3").counts().pending == 1);
    CHECK(parse_simple_csv(hub.get("/api/v1/responses?format=csv", admin).second).empty());
}

TEST_CASE("a kiosk short of disk space says so in its heartbeat") {
    TempDir dir("fbk-e2e");
    Hub hub(dir / "hub");
    const auto admin = hub.create_token("admin", "it");
    KioskSetup setup = kiosk_setup(hub.url(), hub.create_token("kiosk", "lobby-1"));
    // Ask for more free space than this disk has.
    const auto free_mib = std::filesystem::space(dir.path()).available / (1024 * 1024);
    setup.extra_config = "[storage]\nmin_free_mb = " + std::to_string(free_mib + 1024) + "\n";
    REQUIRE(run_kiosk_once(dir, write_kiosk_config(dir.path(), setup)) == 0);
    CHECK(fleet_entry(hub, admin, "lobby-1").at("alarms") == json::array({"storage_low"}));
}
