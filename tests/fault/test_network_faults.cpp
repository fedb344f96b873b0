// Fault suite, network part: the kiosk's real uploader (libcurl, its own thread) sends a seeded
// outbox to the real feedback-hub process through a FaultProxy on 127.0.0.1 that loses replies,
// cuts them, hangs, resets and answers 5xx. Every case ends by comparing the ids the kiosk
// committed with the ids in the hub's database.
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <regex>
#include <set>

#include "sync/outbox/outbox.h"
#include "sync/uploader/background_uploader.h"
#include "sync/uploader/backoff.h"
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

constexpr std::uint64_t kJitterSeed = 42;
constexpr std::int64_t kRetryInitialMs = 50;
constexpr std::int64_t kRetryMaxMs = 400;

// A hub, a kiosk outbox seeded with `count` responses, and a proxy between them.
struct Rig {
    TempDir dir{"fbk-fault"};
    Hub hub{dir / "hub"};
    std::string token = hub.create_token("kiosk", "k1");
    FaultProxy proxy{hub.port()};
    std::filesystem::path outbox_file = dir / "outbox.sqlite3";

    explicit Rig(int count) {
        std::vector<fbk::sync::protocol::Response> responses;
        for (int n = 0; n < count; ++n) {
            responses.push_back(sample_response(n));
        }
        outbox::Outbox(outbox_file).commit_all(responses, wall_now_ms());
    }

    std::unique_ptr<up::BackgroundUploader> start_uploader(
        std::size_t batch, std::int64_t timeout_ms = 2'000,
        std::int64_t retry_max_ms = kRetryMaxMs) {
        return start_test_uploader(outbox_file, {proxy.url(), token, batch, timeout_ms,
                                                 kRetryInitialMs, retry_max_ms, kJitterSeed});
    }

    DeliveryCheck verdict() {
        return check_delivery(outbox::Outbox(outbox_file).ids(), hub.database());
    }

    std::vector<ProxiedRequest> batch_requests() const {
        std::vector<ProxiedRequest> out;
        for (const auto& r : proxy.requests()) {
            if (r.path == "/api/v1/batches") {
                out.push_back(r);
            }
        }
        return out;
    }
};

FaultProxy::Policy on_requests(std::set<std::int64_t> numbers, FaultAction action) {
    return [numbers = std::move(numbers), action](const ProxiedRequest& r) {
        return numbers.contains(r.number) ? action : FaultAction{};
    };
}

void drain_and_check(Rig& rig, up::BackgroundUploader& uploader, const std::string& figure) {
    REQUIRE_MESSAGE(uploader.wait_until_drained(120s), uploader.status().last_error);
    const auto check = rig.verdict();
    report_figure(figure + ": " + describe(check));
    CHECK(check.lost == 0);
    CHECK(check.duplicates == 0);
    CHECK(check.unexpected == 0);
    CHECK(check.hub_integrity_ok);
    CHECK(outbox::Outbox(rig.outbox_file).counts().pending == 0);
}

}  // namespace

TEST_CASE("fault 3: a lost acknowledgement is sent again and stored once") {
    Rig rig(200);
    // The hub commits these batches, but their replies never reach the kiosk.
    rig.proxy.set_policy(on_requests({2, 4, 6}, {Fault::DropReply, {}}));
    auto uploader = rig.start_uploader(20);
    drain_and_check(rig, *uploader, "lost acks");
    CHECK(rig.proxy.faults()[Fault::DropReply] == 3);
    // 10 batches plus the 3 whose replies were lost.
    CHECK(rig.batch_requests().size() == 13);
}

TEST_CASE("fault 4: 500, 503 with Retry-After, a hang and a reply cut mid-body lose nothing") {
    Rig rig(100);
    SUBCASE("500s back off exponentially with jitter") {
        rig.proxy.set_policy([](const ProxiedRequest& r) {
            return r.number <= 6 ? FaultAction{Fault::Reply, http_reply(500, "{}")} : FaultAction{};
        });
        auto uploader = rig.start_uploader(50);
        drain_and_check(rig, *uploader, "HTTP 500 x6");
        // The uploader draws its delays from the same seeded backoff: each gap must be at least
        // the delay drawn for it, and the window doubles until the cap.
        up::Backoff expected(kRetryInitialMs, kRetryMaxMs, kJitterSeed);
        const auto requests = rig.batch_requests();
        REQUIRE(requests.size() >= 7);
        std::string gaps;
        for (std::size_t i = 1; i < 7; ++i) {
            const std::int64_t delay = expected.next_delay_ms();
            const std::int64_t gap = requests[i].at_ms - requests[i - 1].at_ms;
            gaps += std::to_string(gap) + "/" + std::to_string(expected.ceiling_ms()) + " ";
            CHECK(gap >= delay);
        }
        CHECK(expected.ceiling_ms() == kRetryMaxMs);
        report_figure("HTTP 500 x6: gaps/jitter window in ms: " + gaps);
    }
    SUBCASE("503 with Retry-After is honoured") {
        rig.proxy.set_policy(
            on_requests({1}, {Fault::Reply, http_reply(503, "{}", {"Retry-After: 2"})}));
        // Retry-After is honoured up to the kiosk's backoff cap (5 minutes by default).
        auto uploader = rig.start_uploader(50, 2'000, 5'000);
        drain_and_check(rig, *uploader, "HTTP 503 Retry-After: 2");
        const auto requests = rig.batch_requests();
        REQUIRE(requests.size() >= 2);
        const auto waited = requests[1].at_ms - requests[0].at_ms;
        report_figure("HTTP 503 Retry-After: 2 -> waited " + std::to_string(waited) + " ms");
        CHECK(waited >= 2'000);
    }
    SUBCASE("a hub that hangs is given up on at the timeout") {
        rig.proxy.set_policy(on_requests({1}, {Fault::Hang, {}}));
        auto uploader = rig.start_uploader(50, 700);
        drain_and_check(rig, *uploader, "hang past a 700 ms timeout");
        const auto requests = rig.batch_requests();
        REQUIRE(requests.size() >= 2);
        CHECK(requests[1].at_ms - requests[0].at_ms >= 700);
    }
    SUBCASE("replies cut mid-body and resets") {
        rig.proxy.set_policy([](const ProxiedRequest& r) {
            if (r.number == 1 || r.number == 3) {
                return FaultAction{Fault::CutReply, {}};
            }
            return r.number == 2 ? FaultAction{Fault::Reset, {}} : FaultAction{};
        });
        auto uploader = rig.start_uploader(25);
        drain_and_check(rig, *uploader, "replies cut mid-body x2, reset x1");
        CHECK(rig.proxy.faults()[Fault::CutReply] == 2);
    }
    SUBCASE("a captive portal's 200 page is not an acknowledgement") {
        rig.proxy.set_policy(on_requests(
            {1, 2}, {Fault::Reply, http_reply(200, "<html>Welcome to Guest Wi-Fi</html>",
                                              {"Content-Type: text/html"})}));
        auto uploader = rig.start_uploader(50);
        drain_and_check(rig, *uploader, "captive portal 200 x2");
        CHECK(uploader->status().delivered_total == 100);
    }
}

TEST_CASE("fault 5: a partition, then 30% of exchanges lost for a while, then the link heals") {
    Rig rig(1000);
    const auto lossy = lossy_link(0.3, 2026);
    // A partition first (every connection reset), then a lossy link, then a healthy one.
    rig.proxy.set_policy([lossy](const ProxiedRequest& r) {
        if (r.number <= 15) {
            return FaultAction{Fault::Reset, {}};
        }
        return r.number <= 165 ? lossy(r) : FaultAction{};
    });
    auto uploader = rig.start_uploader(10, 500);
    drain_and_check(rig, *uploader, "partition x15, then 30% loss over 150 exchanges");
    const auto faults = rig.proxy.faults();
    std::int64_t injected = 0;
    std::string kinds;
    for (const auto& [fault, n] : faults) {
        injected += n;
        kinds += std::string(to_string(fault)) + " " + std::to_string(n) + ", ";
    }
    report_figure("30% loss: " + std::to_string(injected) + " faults injected (" + kinds + "), " +
                  std::to_string(rig.batch_requests().size()) + " batch requests");
    CHECK(injected >= 15 + 30);
}

TEST_CASE("fault 9: a month offline - a 50,000-response backlog drains with sync --once") {
    TempDir dir("fbk-fault");
    Hub hub(dir / "hub");
    KioskSetup setup = kiosk_setup(hub.url(), hub.create_token("kiosk", "k1"));
    setup.kiosk_id = "k1";
    const auto config = write_kiosk_config(dir.path(), setup);
    const auto outbox_file = dir / "kiosk-data/outbox.sqlite3";
    std::filesystem::create_directories(outbox_file.parent_path());
    {
        std::vector<fbk::sync::protocol::Response> responses;
        for (int n = 0; n < 50'000; ++n) {
            responses.push_back(realistic_response(n));
        }
        outbox::Outbox(outbox_file).commit_all(responses, wall_now_ms());
    }
    const auto start = steady_now_ms();
    const auto [status, out] = run_command(
        {kiosk_exe(), "sync", "--once", "--config", config.string()}, dir / "sync.log", 600s);
    const auto seconds = static_cast<double>(steady_now_ms() - start) / 1000.0;
    const auto log = read_file(dir / "sync.log");
    REQUIRE_MESSAGE(status == 0, log);
    CHECK(log.find("50000/50000 responses") != std::string::npos);
    // The progress line is repeated; the last one has the total.
    const std::regex sent(R"(([0-9.]+) KiB sent)");
    double kib = 0;
    for (auto it = std::sregex_iterator(log.begin(), log.end(), sent); it != std::sregex_iterator();
         ++it) {
        kib = std::stod((*it)[1]);
    }
    REQUIRE(kib > 0);
    const double bytes_per_response = kib * 1024.0 / 50'000.0;
    const auto check = check_delivery(outbox::Outbox(outbox_file).ids(), hub.database());
    CHECK(check.exactly_once());
    char figure[200];
    std::snprintf(figure, sizeof figure,
                  "50,000 backlog: %.1f s, %.0f responses/s, %.0f bytes on the wire per response",
                  seconds, 50'000 / seconds, bytes_per_response);
    report_figure(std::string(figure) + "; " + describe(check));
}

TEST_CASE("stopping the kiosk while the hub hangs does not wait for the request timeout") {
    Rig rig(10);
    rig.proxy.set_policy([](const ProxiedRequest&) { return FaultAction{Fault::Hang, {}}; });
    auto uploader = rig.start_uploader(10, 60'000);
    REQUIRE(rig.proxy.wait_for_requests(1, 10s));
    const auto start = steady_now_ms();
    uploader.reset();  // joins the uploader's thread
    const auto waited = steady_now_ms() - start;
    report_figure("stopped during a hung request after " + std::to_string(waited) +
                  " ms (request timeout 60 000 ms)");
    CHECK(waited < 30'000);
    CHECK(outbox::Outbox(rig.outbox_file).counts().pending == 10);
}
