// 5. Export: a million responses as CSV through the API, rows per second and the hub's memory.
// 6. Fleet load: 1 000 kiosks (one process, many connections) sending heartbeats and batches for
// 60 s: latency percentiles and errors.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <queue>
#include <random>
#include <thread>

#include <httplib.h>

#include "sync/hub/store/hub_store.h"
#include "sync/protocol/kiosk_link.h"
#include "sync/uploader/gzip.h"
#include "sync/uploader/http_client.h"
#include "tests/bench/benches.h"
#include "tests/bench/proc_stats.h"
#include "tests/support/fixtures.h"
#include "tests/support/sample_responses.h"

namespace fbk::bench {

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
}

double mib(std::int64_t bytes) {
    return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

}  // namespace

// The same million as an Excel workbook: made in a temporary file in constant-memory mode,
// then streamed. The hub's RSS is sampled from another thread while it builds the file.
void export_million_xlsx(Results& r, const test::Hub& hub, const std::string& admin) {
    const auto hub_pid = hub.pid();
    std::atomic<bool> done{false};
    std::atomic<std::int64_t> peak_rss{current_rss_bytes(hub_pid)};
    std::thread sampler([&] {
        while (!done) {
            peak_rss = std::max(peak_rss.load(), current_rss_bytes(hub_pid));
            std::this_thread::sleep_for(100ms);  // a sampling period, not synchronisation
        }
    });
    httplib::Client client("127.0.0.1", hub.port());
    client.set_read_timeout(1200, 0);
    std::int64_t bytes = 0;
    const auto start = Clock::now();
    const auto res =
        client.Get("/api/v1/responses?format=xlsx", {{"Authorization", "Bearer " + admin}},
                   [&](const char*, std::size_t n) {
                       bytes += static_cast<std::int64_t>(n);
                       return true;
                   });
    const double seconds = seconds_since(start);
    done = true;
    sampler.join();
    if (!res || res->status != 200 || bytes < 1024 * 1024) {
        throw std::runtime_error("xlsx export failed");
    }
    r.add("export", "1 000 000 responses as XLSX over HTTP", "rows/s", 1'000'000 / seconds,
          std::to_string(bytes / (1024 * 1024)) + " MiB in " +
              std::to_string(seconds).substr(0, 5) + " s, constant-memory workbook");
    r.add("export", "hub peak RSS during the XLSX export", "MiB", mib(peak_rss.load()));
}

void export_million(BenchContext& ctx) {
    constexpr int kResponses = 1'000'000;
    constexpr int kBatch = 1'000;
    auto& r = ctx.results;
    const auto dir = ctx.work_dir / "export";
    {
        // Seeded straight into the store: the ingest path is measured elsewhere.
        sync::hub::HubStore store(dir / "hub-data");
        const auto start = Clock::now();
        for (int first = 0; first < kResponses; first += kBatch) {
            sync::protocol::Batch batch{{"k1", test::kSampleBootId, 1, 1}, {}};
            for (int n = first; n < first + kBatch; ++n) {
                batch.responses.push_back(test::sample_response(n));
            }
            store.ingest(batch, 1'763'000'100'000);
        }
        r.add("export", "seeding 1 000 000 responses (store only)", "responses/s",
              kResponses / seconds_since(start), "setup, not the export");
    }
    test::Hub hub(dir, 0, kUnlimited);
    const auto admin = hub.create_token("admin", "bench");
    const auto hub_pid = hub.pid();
    const std::int64_t idle_rss = current_rss_bytes(hub_pid);
    httplib::Client client("127.0.0.1", hub.port());
    client.set_read_timeout(600, 0);
    std::int64_t bytes = 0;
    std::int64_t rows = 0;
    std::int64_t peak_rss = idle_rss;
    const std::int64_t cpu_before = sample_tree(hub_pid).cpu_ms;
    const auto start = Clock::now();
    auto last_sample = start;
    const auto res =
        client.Get("/api/v1/responses?format=csv", {{"Authorization", "Bearer " + admin}},
                   [&](const char* data, std::size_t n) {
                       bytes += static_cast<std::int64_t>(n);
                       rows += std::count(data, data + n, '\n');
                       if (Clock::now() - last_sample > 100ms) {
                           peak_rss = std::max(peak_rss, current_rss_bytes(hub_pid));
                           last_sample = Clock::now();
                       }
                       return true;
                   });
    const double seconds = seconds_since(start);
    const std::int64_t hub_cpu_ms = sample_tree(hub_pid).cpu_ms - cpu_before;
    if (!res || res->status != 200 || rows != kResponses + 1) {
        throw std::runtime_error("export: got " + std::to_string(rows) + " lines");
    }
    peak_rss = std::max(peak_rss, peak_rss_bytes(hub_pid));
    r.add("export", "1 000 000 responses as CSV over HTTP", "rows/s", kResponses / seconds,
          std::to_string(bytes / (1024 * 1024)) + " MiB in " +
              std::to_string(seconds).substr(0, 4) + " s, streamed");
    // What the export costs the hub (user + system, all its threads), whatever the client and
    // the machine's other load take: the rate moves with both, this moves with the hub's code.
    r.add("export", "hub CPU for the CSV export", "CPU-s per million rows",
          static_cast<double>(hub_cpu_ms) / 1000.0 * 1'000'000 / kResponses,
          "user + system, all the hub's threads");
    r.add("export", "hub RSS idle before the export", "MiB", mib(idle_rss));
    r.add("export", "hub peak RSS during the export", "MiB", mib(peak_rss));
    export_million_xlsx(r, hub, admin);
}

void fleet_load(BenchContext& ctx) {
    constexpr int kKiosks = 1'000;
    constexpr int kConnections = 64;
    constexpr auto kDuration = 60s;
    constexpr auto kPeriod = 10s;  // each kiosk: a heartbeat and a batch of 5 every 10 s
    auto& r = ctx.results;
    const auto dir = ctx.work_dir / "fleet";
    std::vector<std::string> tokens;
    {
        sync::hub::HubStore store(dir / "hub-data");
        for (int k = 0; k < kKiosks; ++k) {
            tokens.push_back(
                store.create_token(sync::hub::TokenKind::Kiosk, "fleet-" + std::to_string(k), 1));
        }
    }
    test::Hub hub(dir, 0, kUnlimited);
    struct Due {
        Clock::time_point at;
        int kiosk;
        int round;
        bool operator>(const Due& o) const { return at > o.at; }
    };
    std::priority_queue<Due, std::vector<Due>, std::greater<>> queue;
    const auto start = Clock::now();
    std::mt19937 rng(8);
    for (int k = 0; k < kKiosks; ++k) {
        queue.push({start + std::chrono::milliseconds(rng() % 10'000), k, 0});
    }
    std::mutex mutex;
    std::vector<double> heartbeat_ms;
    std::vector<double> batch_ms;
    std::atomic<int> errors{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < kConnections; ++w) {
        workers.emplace_back([&] {
            auto http = sync::uploader::make_curl_client({});
            while (true) {
                Due due;
                {
                    const std::lock_guard lock(mutex);
                    if (queue.empty()) {
                        return;
                    }
                    due = queue.top();
                    queue.pop();
                    if (due.at > start + kDuration) {
                        return;
                    }
                    queue.push({due.at + kPeriod, due.kiosk, due.round + 1});
                }
                std::this_thread::sleep_until(due.at);  // the kiosk's own schedule, not a sync
                const std::string id = "fleet-" + std::to_string(due.kiosk);
                const auto& token = tokens[static_cast<std::size_t>(due.kiosk)];
                auto h = test::heartbeat_of(id);
                h.boot_id = test::kSampleBootId;
                h.sent_at_ms = 1;
                auto t0 = Clock::now();
                auto reply = http->post_gzip_json(
                    {hub.url() + "/api/v1/heartbeat", token,
                     sync::uploader::gzip_compress(sync::protocol::serialize(h)), 30'000});
                const double hb =
                    std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                const bool hb_ok = reply.transport_ok && reply.status == 200;
                std::vector<sync::protocol::Response> responses;
                for (int i = 0; i < 5; ++i) {
                    responses.push_back(
                        test::sample_response(due.kiosk * 100 + due.round * 5 + i, id));
                }
                t0 = Clock::now();
                reply = http->post_gzip_json(
                    {hub.url() + "/api/v1/batches", token,
                     sync::uploader::gzip_compress(test::sample_batch_body(responses, id)),
                     30'000});
                const double b =
                    std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
                const bool b_ok = reply.transport_ok && reply.status == 200;
                errors += (hb_ok ? 0 : 1) + (b_ok ? 0 : 1);
                const std::lock_guard lock(mutex);
                heartbeat_ms.push_back(hb);
                batch_ms.push_back(b);
            }
        });
    }
    for (auto& t : workers) {
        t.join();
    }
    const std::string subject = std::to_string(kKiosks) + " kiosks over " +
                                std::to_string(kConnections) + " connections, 60 s";
    r.add("fleet load", subject, "requests",
          static_cast<double>(heartbeat_ms.size() + batch_ms.size()),
          "a heartbeat and a batch of 5 per kiosk every 10 s");
    r.add("fleet load", subject, "heartbeat p50, ms", percentile(heartbeat_ms, 0.5));
    r.add("fleet load", subject, "heartbeat p99, ms", percentile(heartbeat_ms, 0.99));
    r.add("fleet load", subject, "batch p50, ms", percentile(batch_ms, 0.5));
    r.add("fleet load", subject, "batch p99, ms", percentile(batch_ms, 0.99));
    r.add("fleet load", subject, "errors", errors.load(), "must be 0");
}

}  // namespace fbk::bench
