// Fault suite, crash part: kill -9 of the kiosk while patients answer and batches go out, and of
// the hub while it ingests. Nothing may be lost or stored twice, and both databases must pass
// PRAGMA integrity_check after every kill.
#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <random>
#include <thread>

#include "sync/outbox/outbox.h"
#include "sync/uploader/background_uploader.h"
#include "tests/support/delivery_check.h"
#include "tests/support/fault_proxy.h"
#include "tests/support/figures.h"
#include "tests/support/fixtures.h"
#include "tests/support/sample_responses.h"
#include "tests/support/test_uploader.h"

using namespace fbk::test;
namespace up = fbk::sync::uploader;
namespace outbox = fbk::sync::outbox;

namespace {

// Patients who answer the waiting-room survey as fast as the replay can tap, for ever (the
// kiosk is killed long before the script ends).
std::string endless_patients() {
    std::string s;
    for (int i = 0; i < 400; ++i) {
        s += "wait-screen language\ntap lang.";
        s += i % 2 == 0 ? "fi" : "sv";
        s += "\ntap q.smiley." + std::to_string(3 + i % 3) + "\ntap q.nps." +
             std::to_string(i % 11) +
             "\nwait-screen question.comment\ntap nav.continue\nwait-screen thanks\nadvance 7s\n";
    }
    return s;
}

// Counts batch requests passing a FaultProxy, so a kill can be timed to land during ingest.
class BatchCounter {
  public:
    FaultProxy::Policy policy() {
        return [this](const ProxiedRequest& r) {
            if (r.path == "/api/v1/batches") {
                const std::lock_guard lock(mutex_);
                ++count_;
                cv_.notify_all();
            }
            return FaultAction{};
        };
    }
    // Waits until `n` batches have been sent in all.
    bool wait_for(std::int64_t n, std::chrono::milliseconds timeout) {
        std::unique_lock lock(mutex_);
        return cv_.wait_for(lock, timeout, [&] { return count_ >= n; });
    }
    std::int64_t count() {
        const std::lock_guard lock(mutex_);
        return count_;
    }

  private:
    std::mutex mutex_;
    std::condition_variable cv_;
    std::int64_t count_ = 0;
};

}  // namespace

TEST_CASE("fault 1: kill -9 of the kiosk at random moments loses and duplicates nothing") {
    constexpr int kKills = 50;
    TempDir dir("fbk-fault");
    Hub hub(dir / "hub");
    const auto config = write_kiosk_config(
        dir.path(), kiosk_setup(hub.url(), hub.create_token("kiosk", "lobby-1")));
    write_file(dir / "patients.replay", endless_patients());
    const auto outbox_file = dir / "kiosk-data/outbox.sqlite3";
    std::mt19937_64 rng(20261129);
    std::uniform_int_distribution<int> moment_ms(50, 1'500);
    std::int64_t committed_before = 0;
    int kills_after_new_answers = 0;
    for (int kill = 1; kill <= kKills; ++kill) {
        CAPTURE(kill);
        Process kiosk({kiosk_exe(), "run", "--config", config.string(), "--headless", "--replay",
                       (dir / "patients.replay").string()},
                      dir / "kiosk.log");
        // Not a synchronisation: the point is a moment nobody chose.
        std::this_thread::sleep_for(std::chrono::milliseconds(moment_ms(rng)));
        kiosk.signal(SIGKILL);
        REQUIRE(kiosk.wait(10s) == -SIGKILL);
        outbox::Outbox box(outbox_file);
        REQUIRE(box.integrity_ok());
        const auto committed = static_cast<std::int64_t>(box.ids().size());
        kills_after_new_answers += committed > committed_before ? 1 : 0;
        committed_before = committed;
    }
    const auto uploaded_while_killed =
        check_delivery(outbox::Outbox(outbox_file).ids(), hub.database()).stored;
    // What the kiosk did not send before its last death, sync --once sends now.
    const auto [status, out] = run_command(
        {kiosk_exe(), "sync", "--once", "--config", config.string()}, dir / "sync.log", 120s);
    REQUIRE_MESSAGE(status == 0, read_file(dir / "sync.log"));
    const auto check = check_delivery(outbox::Outbox(outbox_file).ids(), hub.database());
    report_figure("kiosk kills survived: " + std::to_string(kKills) + " (" +
                  std::to_string(kills_after_new_answers) + " with new answers since the last), " +
                  std::to_string(uploaded_while_killed) + " uploaded by the kiosk between kills; " +
                  describe(check));
    CHECK(check.exactly_once());
    CHECK(check.committed >= kKills);
    CHECK(kills_after_new_answers >= kKills / 2);
    CHECK(uploaded_while_killed > 0);
}

TEST_CASE("fault 2: kill -9 of the hub during ingest loses and duplicates nothing") {
    constexpr int kKills = 30;
    // The kills take at most 4 new batches of 10 each (1 200 responses); the rest drains after
    // them, so a larger outbox only made the test longer (30 000 took 150 s, 3 789 requests).
    // If the outbox ran dry before the last kill, waiting for batches would fail loudly.
    constexpr int kResponses = 6'000;
    TempDir dir("fbk-fault");
    const int port = free_loopback_port();
    auto hub = std::make_unique<Hub>(dir / "hub", port);
    const auto token = hub->create_token("kiosk", "k1");
    const auto outbox_file = dir / "outbox.sqlite3";
    {
        std::vector<fbk::sync::protocol::Response> responses;
        for (int n = 0; n < kResponses; ++n) {
            responses.push_back(sample_response(n));
        }
        outbox::Outbox(outbox_file).commit_all(responses, wall_now_ms());
    }
    BatchCounter batches;
    FaultProxy proxy(port);
    proxy.set_policy(batches.policy());
    auto uploader = start_test_uploader(outbox_file, {proxy.url(), token, 10, 2'000, 20, 200, 7});
    std::mt19937_64 rng(1129);
    std::uniform_int_distribution<int> batches_first(1, 4);
    std::uniform_int_distribution<int> moment_ms(0, 15);
    for (int kill = 1; kill <= kKills; ++kill) {
        CAPTURE(kill);
        // Let a few batches reach this hub, then kill it a random moment later: mid-request,
        // mid-transaction, or between commit and reply.
        REQUIRE(batches.wait_for(batches.count() + batches_first(rng), 30s));
        std::this_thread::sleep_for(std::chrono::milliseconds(moment_ms(rng)));
        hub->kill();
        hub.reset();
        hub = std::make_unique<Hub>(dir / "hub", port);
    }
    REQUIRE_MESSAGE(uploader->wait_until_drained(300s), uploader->status().last_error);
    const auto check = check_delivery(outbox::Outbox(outbox_file).ids(), hub->database());
    report_figure("hub kills survived: " + std::to_string(kKills) +
                  ", batch requests: " + std::to_string(batches.count()) + "; " + describe(check));
    CHECK(check.exactly_once());
    CHECK(check.committed == kResponses);
}
