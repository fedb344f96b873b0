// Real processes over 127.0.0.1: the feedback-hub and feedback-kiosk binaries of this build,
// temporary data directories, the headless kiosk driven by replay scripts.
#include <doctest/doctest.h>

#include <set>
#include <sstream>

#include "sync/outbox/outbox.h"
#include "tests/support/fixtures.h"

using namespace fbk::test;

namespace {

struct Patient {
    std::string language;
    int smiley = 0;
    int nps = 0;
};

std::vector<Patient> twenty_patients() {
    std::vector<Patient> out;
    for (int i = 0; i < 20; ++i) {
        out.push_back({i % 2 == 0 ? "fi" : "sv", 1 + i % 5, (i * 3) % 11});
    }
    return out;
}

std::string replay_for(const std::vector<Patient>& patients, bool wait_synced) {
    std::ostringstream s;
    for (const auto& p : patients) {
        s << "wait-screen language\n"
          << "tap lang." << p.language << "\n"
          << "tap q.smiley." << p.smiley << "\n";
        if (p.smiley <= 2) {  // the follow-up appears: pick a reason
            s << "tap q.what_went_wrong.waiting_time\ntap nav.continue\n";
        }
        s << "tap q.nps." << p.nps << "\n"
          << "wait-screen question.comment\ntap nav.continue\n"  // no comment: skip
          << "wait-screen thanks\n"
          << "advance 7s\n";
    }
    s << "wait-screen language\nprint answered\n";
    if (wait_synced) {
        s << "wait-synced 60s\nprint synced\n";
    }
    return s.str();
}

std::unique_ptr<Process> start_kiosk(const TempDir& dir, const std::filesystem::path& config,
                                     const std::string& script) {
    write_file(dir / "patients.replay", script);
    return std::make_unique<Process>(
        std::vector<std::string>{kiosk_exe(), "run", "--config", config.string(), "--headless",
                                 "--replay", (dir / "patients.replay").string()},
        dir / "kiosk.log");
}

// Tokens are created with the CLI against the hub's data directory; the hub need not run.
std::string create_token(const TempDir& dir, const std::string& kind, const std::string& subject) {
    std::vector<std::string> argv{hub_exe(), "token", "create", "--" + kind, subject};
    const auto store = hub_store_args(dir / "hub");
    argv.insert(argv.end(), store.begin(), store.end());
    const auto [status, out] = run_command(argv, dir / "token.log");
    REQUIRE_MESSAGE(status == 0, read_file(dir / "token.log"));
    return out.substr(0, out.find('\n'));
}

void check_export_matches(const Hub& hub, const std::string& admin_token,
                          const std::vector<Patient>& patients) {
    const auto [status, csv] = hub.get("/api/v1/responses?format=csv", admin_token);
    REQUIRE(status == 200);
    const auto rows = parse_simple_csv(csv);
    REQUIRE(rows.size() == patients.size());
    std::set<std::string> ids;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        CAPTURE(i);
        ids.insert(rows[i].at("response_id"));
        // One kiosk uploads oldest first, so ingest order is the patients' order.
        CHECK(rows[i].at("language") == patients[i].language);
        CHECK(rows[i].at("satisfaction") == std::to_string(patients[i].smiley));
        CHECK(rows[i].at("recommend") == std::to_string(patients[i].nps));
        CHECK(rows[i].at("what_went_wrong") == (patients[i].smiley <= 2 ? "waiting_time" : ""));
        CHECK(rows[i].at("status") == "completed");
        CHECK(rows[i].at("stage") == "WAITING");
        CHECK(rows[i].at("kiosk_id") == "lobby-1");
    }
    CHECK(ids.size() == patients.size());
}

std::int64_t unsent_in_outbox(const TempDir& dir) {
    fbk::sync::outbox::Outbox outbox(dir / "kiosk-data/outbox.sqlite3");
    CHECK(outbox.integrity_ok());
    return outbox.counts().pending;
}

}  // namespace

TEST_CASE("20 patients in two languages reach the hub's CSV export exactly once") {
    TempDir dir("fbk-e2e");
    const auto kiosk_token = create_token(dir, "kiosk", "lobby-1");
    const auto admin_token = create_token(dir, "admin", "quality");
    Hub hub(dir / "hub");
    const auto config = write_kiosk_config(dir.path(), kiosk_setup(hub.url(), kiosk_token));
    const auto patients = twenty_patients();
    auto kiosk = start_kiosk(dir, config, replay_for(patients, true));
    kiosk->wait_for_line("synced", 120s);
    REQUIRE_MESSAGE(kiosk->wait(30s) == 0, kiosk->stderr_text());
    check_export_matches(hub, admin_token, patients);
    CHECK(unsent_in_outbox(dir) == 0);
}

TEST_CASE("answers given while the hub is down are uploaded once it comes up") {
    TempDir dir("fbk-e2e");
    const auto kiosk_token = create_token(dir, "kiosk", "lobby-1");
    const auto admin_token = create_token(dir, "admin", "quality");
    const int port = free_loopback_port();
    const auto config = write_kiosk_config(
        dir.path(), kiosk_setup("http://127.0.0.1:" + std::to_string(port), kiosk_token));
    const auto patients = twenty_patients();

    SUBCASE("the running kiosk's uploader retries with backoff until the hub answers") {
        auto kiosk = start_kiosk(dir, config, replay_for(patients, true));
        kiosk->wait_for_line("answered", 120s);
        CHECK(unsent_in_outbox(dir) == 20);
        Hub hub(dir / "hub", port);
        kiosk->wait_for_line("synced", 60s);
        REQUIRE_MESSAGE(kiosk->wait(30s) == 0, kiosk->stderr_text());
        CHECK(kiosk->stderr_text().find("upload failed: hub unreachable") != std::string::npos);
        check_export_matches(hub, admin_token, patients);
    }
    SUBCASE("`feedback-kiosk sync --once` drains the backlog after the kiosk has stopped") {
        auto kiosk = start_kiosk(dir, config, replay_for(patients, false));
        REQUIRE_MESSAGE(kiosk->wait(120s) == 0, kiosk->stderr_text());
        CHECK(unsent_in_outbox(dir) == 20);
        Hub hub(dir / "hub", port);
        const auto [status, out] = run_command(
            {kiosk_exe(), "sync", "--once", "--config", config.string()}, dir / "sync.log");
        const auto log = read_file(dir / "sync.log");
        REQUIRE_MESSAGE(status == 0, log);
        CHECK(log.find("20/20 responses") != std::string::npos);
        CHECK(unsent_in_outbox(dir) == 0);
        check_export_matches(hub, admin_token, patients);
    }
}
