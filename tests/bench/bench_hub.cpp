// 3. Hub ingest through the full path (libcurl -> HTTP -> gzip/JSON -> validation -> store) with
// 1, 8 and 64 kiosks at once, beside the store alone in-process (same schema, same durability).
// 4. Backlog drain: 50 000 responses from one kiosk, and a naive client's one per request.
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <regex>
#include <thread>

#include "sync/hub/analytics/comment_analysis.h"
#include "sync/hub/store/hub_store.h"
#include "sync/outbox/outbox.h"
#include "sync/uploader/gzip.h"
#include "sync/uploader/http_client.h"
#include "tests/bench/benches.h"
#include "tests/bench/proc_stats.h"
#include "tests/support/comment_corpus.h"
#include "tests/support/fixtures.h"
#include "tests/support/postgres_server.h"
#include "tests/support/sample_responses.h"

namespace fbk::bench {

namespace {

using namespace std::chrono_literals;
constexpr int kBatch = 100;

double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// A comment of the labelled corpus (576, in six languages) on one response in five, in the
// response's language: what the hub analyses when it stores them.
void add_corpus_comment(sync::protocol::Response& r, int n) {
    static const auto corpus = test::read_comment_corpus();
    if (n % 5 != 0) {
        return;
    }
    const auto& c = corpus[static_cast<std::size_t>(n / 5) % corpus.size()];
    r.language = c.language;
    r.answers.push_back(sync::protocol::Answer::of_text("comment", c.text));
}

// Batch bodies for one kiosk, responses numbered from `first`.
std::vector<std::string> batches_for(const std::string& kiosk, int first, int batches,
                                     bool comments = false) {
    std::vector<std::string> out;
    for (int b = 0; b < batches; ++b) {
        std::vector<sync::protocol::Response> responses;
        for (int i = 0; i < kBatch; ++i) {
            const int n = first + b * kBatch + i;
            responses.push_back(test::sample_response(n, kiosk));
            if (comments) {
                add_corpus_comment(responses.back(), n);
            }
        }
        out.push_back(test::sample_batch_body(responses, kiosk));
    }
    return out;
}

// `hubs` processes share the store (PostgreSQL only); kiosk k talks to hub k % hubs.
double full_path_rate(const std::filesystem::path& dir, int kiosks, int responses_total,
                      const std::string& postgres_url = {}, int hubs_count = 1,
                      bool comments = false, double* hub_cpu_ms_per_1000 = nullptr) {
    std::vector<std::unique_ptr<test::Hub>> hubs;
    for (int h = 0; h < hubs_count; ++h) {
        hubs.push_back(std::make_unique<test::Hub>(dir / ("hub-" + std::to_string(h)), 0,
                                                   kUnlimited, postgres_url));
    }
    test::Hub& hub = *hubs.front();
    const int batches_each = std::max(1, responses_total / kiosks / kBatch);
    std::vector<std::string> tokens;
    std::vector<std::vector<std::string>> bodies;
    for (int k = 0; k < kiosks; ++k) {
        const std::string id = "bench-" + std::to_string(k);
        tokens.push_back(hub.create_token("kiosk", id));
        auto plain = batches_for(id, k * batches_each * kBatch, batches_each, comments);
        for (auto& body : plain) {
            body = sync::uploader::gzip_compress(body);
        }
        bodies.push_back(std::move(plain));
    }
    std::atomic<int> failures{0};
    const std::int64_t cpu_before = sample_tree(hub.pid()).cpu_ms;
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int k = 0; k < kiosks; ++k) {
        threads.emplace_back([&, k] {
            auto http = sync::uploader::make_curl_client({});
            for (const auto& body : bodies[static_cast<std::size_t>(k)]) {
                const auto reply = http->post_gzip_json(
                    {hubs[static_cast<std::size_t>(k % hubs_count)]->url() + "/api/v1/batches",
                     tokens[static_cast<std::size_t>(k)], body, 60'000});
                if (!reply.transport_ok || reply.status != 200) {
                    ++failures;
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    const double seconds = seconds_since(start);
    if (hub_cpu_ms_per_1000 != nullptr) {
        // The hub's own CPU time (user + system) per 1 000 responses: what a change costs, free
        // of the load generator's competition for the same cores.
        *hub_cpu_ms_per_1000 = static_cast<double>(sample_tree(hub.pid()).cpu_ms - cpu_before) *
                               1000.0 / (kiosks * batches_each * kBatch);
    }
    if (failures > 0) {
        throw std::runtime_error("hub ingest: " + std::to_string(failures.load()) +
                                 " batches failed; see " + (dir / "hub-0/hub.log").string());
    }
    return kiosks * batches_each * kBatch / seconds;
}

// Responses per second for `batches` of 100 stored straight into `store`.
double store_only_rate(sync::hub::HubStore& store,
                       const std::vector<sync::protocol::Batch>& batches) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& b : batches) {
        store.ingest(b, 1);
    }
    return static_cast<double>(batches.size()) * kBatch / seconds_since(start);
}

// The best "full path" row of `benchmark` against its store alone.
void add_full_path_ratio(Results& r, const std::string& benchmark, double store_rate) {
    double best_full = 0;
    for (const auto& row : r.all()) {
        if (row.benchmark == benchmark && row.subject.starts_with("full path")) {
            best_full = std::max(best_full, row.value);
        }
    }
    r.add(benchmark, "ratio full path (best) / store only", "rate", best_full / store_rate);
}

}  // namespace

void hub_ingest(BenchContext& ctx) {
    auto& r = ctx.results;
    const auto dir = ctx.work_dir / "hub-ingest";
    for (const int kiosks : {1, 8, 64}) {
        const double rate =
            full_path_rate(dir / ("kiosks-" + std::to_string(kiosks)), kiosks, 32'000);
        r.add("hub ingest",
              "full path, " + std::to_string(kiosks) + " kiosk" + (kiosks > 1 ? "s at once" : ""),
              "responses/s", rate, "batches of 100, gzip, SQLite WAL synchronous=FULL");
    }
    // The same batches straight into the store: the rate the database allows.
    sync::hub::HubStore store(dir / "store-only");
    std::vector<sync::protocol::Batch> batches;
    const auto bodies = batches_for("bench-raw", 0, 320);
    const auto pack = sync::protocol::load_survey_pack(test::source_dir() /
                                                       "assets/packs/default-healthcare.json");
    sync::protocol::PackCatalog catalog;
    catalog.add(*pack.pack);
    const auto parse_start = std::chrono::steady_clock::now();
    for (const auto& body : bodies) {
        batches.push_back(*sync::protocol::parse_batch(body).batch);
        if (!sync::protocol::validate_batch(batches.back(), catalog).empty()) {
            throw std::runtime_error("hub ingest: a bench batch does not validate");
        }
    }
    r.add("hub ingest", "parse + validate only (in-process)", "responses/s",
          32'000 / seconds_since(parse_start), "the JSON work of the full path");
    const double raw = store_only_rate(store, batches);
    r.add("hub ingest", "store only (same schema and durability, in-process)", "responses/s", raw,
          "one transaction per 100");
    add_full_path_ratio(r, "hub ingest", raw);
}

// Ingest with one response in five carrying a comment (themes found as it is stored), through
// the full path, and the analysis alone in-process. FBK_BENCH_HUB=PATH runs another hub binary
// (an older build) through the same full path, for a before/after in one session.
void hub_ingest_comments(BenchContext& ctx) {
    auto& r = ctx.results;
    const auto dir = ctx.work_dir / "hub-ingest-comments";
    const char* other = std::getenv("FBK_BENCH_HUB");
    const std::string which = other != nullptr ? std::string(" (") + other + ")" : "";
    for (const int kiosks : {1, 8}) {
        double cpu = 0;
        const double rate = full_path_rate(dir / ("kiosks-" + std::to_string(kiosks)), kiosks,
                                           32'000, {}, 1, true, &cpu);
        const std::string subject =
            "full path, " + std::to_string(kiosks) + " kiosk" + (kiosks > 1 ? "s" : "") + which;
        r.add("hub ingest, 1 in 5 with a comment", subject, "responses/s", rate,
              "corpus comments in their languages, SQLite");
        r.add("hub ingest, 1 in 5 with a comment", subject, "hub CPU ms per 1000 responses", cpu);
    }
    std::vector<sync::protocol::Batch> batches;
    for (const auto& body : batches_for("bench-raw", 0, 320, true)) {
        batches.push_back(*sync::protocol::parse_batch(body).batch);
    }
    const auto analyser = sync::hub::load_lexicons();
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::vector<sync::hub::BatchComment>> analysed;
    std::size_t comments = 0;
    for (const auto& b : batches) {
        analysed.push_back(sync::hub::analyse_batch_comments(*analyser, b));
        comments += analysed.back().size();
    }
    const double seconds = seconds_since(start);
    r.add("hub ingest, 1 in 5 with a comment", "analysing the comments alone (in-process)",
          "us/comment", seconds * 1e6 / static_cast<double>(comments),
          std::to_string(comments) + " comments of 32 000 responses, one thread");
    // The store alone, with and without the analyses' rows: what storing them costs the one
    // writer thread.
    sync::hub::HubStore plain(dir / "store-plain");
    sync::hub::HubStore with_rows(dir / "store-analysed");
    const double plain_rate = store_only_rate(plain, batches);
    const auto rows_start = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < batches.size(); ++i) {
        with_rows.ingest(batches[i], 1, analysed[i]);
    }
    const double rows_rate =
        static_cast<double>(batches.size()) * kBatch / seconds_since(rows_start);
    r.add("hub ingest, 1 in 5 with a comment", "store only, without the analyses (in-process)",
          "responses/s", plain_rate, "one transaction per 100");
    r.add("hub ingest, 1 in 5 with a comment", "store only, with the analyses (in-process)",
          "responses/s", rows_rate, "one transaction per 100");
}

// The hub's full path and its store alone on PostgreSQL (a private server from Debian's
// package, fsync and synchronous_commit on), and two hubs sharing one database.
void hub_ingest_postgres(BenchContext& ctx) {
    // Three times the SQLite runs': at these rates 32 000 took about a second, too short to
    // compare one hub with two.
    constexpr int kPostgresResponses = 96'000;
    auto& r = ctx.results;
    const auto dir = ctx.work_dir / "hub-ingest-postgres";
    test::PostgresServer server;
    for (const int kiosks : {1, 8, 64}) {
        const auto url = server.database("bench_" + std::to_string(kiosks));
        const double rate = full_path_rate(dir / ("kiosks-" + std::to_string(kiosks)), kiosks,
                                           kPostgresResponses, url);
        r.add("hub ingest, PostgreSQL",
              "full path, " + std::to_string(kiosks) + " kiosk" + (kiosks > 1 ? "s at once" : ""),
              "responses/s", rate, "batches of 100, gzip");
    }
    double one_hub = 0;
    for (const auto& row : r.all()) {
        if (row.benchmark == "hub ingest, PostgreSQL" &&
            row.subject == "full path, 64 kiosks at once") {
            one_hub = row.value;
        }
    }
    const double two_hubs = full_path_rate(dir / "two-hubs", 64, kPostgresResponses,
                                           server.database("bench_two_hubs"), 2);
    r.add("hub ingest, PostgreSQL", "full path, 64 kiosks over 2 hubs on one database",
          "responses/s", two_hubs, "no lock between the hubs (export order by writer)");
    r.add("hub ingest, PostgreSQL", "ratio 2 hubs / 1 hub, 64 kiosks", "rate", two_hubs / one_hub,
          "the 2 cores are the limit here (see notes)");
    sync::hub::HubStore store(sync::hub::StoreLocation{{}, server.database("bench_store")});
    std::vector<sync::protocol::Batch> batches;
    for (const auto& body : batches_for("bench-raw", 0, kPostgresResponses / kBatch)) {
        batches.push_back(*sync::protocol::parse_batch(body).batch);
    }
    const double raw = store_only_rate(store, batches);
    r.add("hub ingest, PostgreSQL", "store only (in-process)", "responses/s", raw,
          "one transaction per 100, one statement per batch (arrays)");
    // Two hubs' stores on one database, each storing half as many batches of its own kiosk at
    // the same time: what a lock between writers would cost, without the HTTP layer's CPU.
    const auto two_url = server.database("bench_two_stores");
    sync::hub::HubStore first(sync::hub::StoreLocation{{}, two_url});
    sync::hub::HubStore second(sync::hub::StoreLocation{{}, two_url});
    const std::size_t half = batches.size() / 2;
    std::vector<sync::protocol::Batch> other_batches;
    for (const auto& body :
         batches_for("bench-other", kPostgresResponses, static_cast<int>(half))) {
        other_batches.push_back(*sync::protocol::parse_batch(body).batch);
    }
    const auto start = std::chrono::steady_clock::now();
    std::thread other([&] {
        for (const auto& b : other_batches) {
            second.ingest(b, 1);
        }
    });
    for (std::size_t b = 0; b < half; ++b) {
        first.ingest(batches[b], 1);
    }
    other.join();
    const double two_stores = static_cast<double>(2 * half) * kBatch / seconds_since(start);
    r.add("hub ingest, PostgreSQL", "store only, 2 hubs' stores at once (in-process)",
          "responses/s", two_stores, "a kiosk each, one transaction per 100");
    r.add("hub ingest, PostgreSQL", "ratio store only, 2 at once / 1", "rate", two_stores / raw,
          "goal >= 1.5");
    add_full_path_ratio(r, "hub ingest, PostgreSQL", raw);
    // Against raw COPY when `fbk_bench --only postgres` ran before in the same run.
    for (const auto& row : std::vector(r.all())) {
        if (row.subject.starts_with("raw PostgreSQL COPY")) {
            double best_full = 0;
            for (const auto& full : r.all()) {
                if (full.benchmark == "hub ingest, PostgreSQL" &&
                    full.subject.starts_with("full path")) {
                    best_full = std::max(best_full, full.value);
                }
            }
            const bool hub_tables = row.subject.ends_with("the hub's own tables");
            r.add("hub ingest, PostgreSQL",
                  hub_tables ? "ratio full path (best) / raw COPY into the hub's tables"
                             : "ratio full path (best) / raw COPY",
                  "rate", best_full / row.value,
                  hub_tables ? "what the path costs beyond the tables"
                             : "goal >= 0.8; raw COPY is one transaction");
        }
    }
}

void backlog_drain(BenchContext& ctx) {
    auto& r = ctx.results;
    const auto run = [&](const std::string& name, int responses, int per_request) {
        const auto dir = ctx.work_dir / ("drain-" + name);
        test::Hub hub(dir / "hub", 0, kUnlimited);
        auto setup = test::kiosk_setup(hub.url(), hub.create_token("kiosk", "k1"));
        setup.kiosk_id = "k1";
        setup.extra_config = "[sync]\nbatch_max_responses = " + std::to_string(per_request) + "\n";
        const auto config = test::write_kiosk_config(dir, setup);
        std::filesystem::create_directories(dir / "kiosk-data");
        {
            std::vector<sync::protocol::Response> all;
            for (int n = 0; n < responses; ++n) {
                all.push_back(test::realistic_response(n));
            }
            sync::outbox::Outbox(dir / "kiosk-data/outbox.sqlite3").commit_all(all, 1);
        }
        const auto start = std::chrono::steady_clock::now();
        const auto [status, out] =
            test::run_command({test::kiosk_exe(), "sync", "--once", "--config", config.string()},
                              dir / "sync.log", 600s);
        const double seconds = seconds_since(start);
        const auto log = test::read_file(dir / "sync.log");
        if (status != 0) {
            throw std::runtime_error("backlog drain failed: " + log);
        }
        double kib = 0;
        const std::regex sent(R"(([0-9.]+) KiB sent)");
        for (auto it = std::sregex_iterator(log.begin(), log.end(), sent);
             it != std::sregex_iterator(); ++it) {
            kib = std::stod((*it)[1]);
        }
        const std::string subject = std::to_string(responses) + " responses, " +
                                    (per_request == 1 ? "1 per request (naive)"
                                                      : std::to_string(per_request) + " per batch");
        r.add("backlog drain", subject, "responses/s", responses / seconds,
              "sync --once over loopback, incl. process start");
        r.add("backlog drain", subject, "bytes on the wire per response", kib * 1024 / responses,
              "request bodies, gzip");
    };
    run("batched", 50'000, 200);
    run("naive", 5'000, 1);
}

}  // namespace fbk::bench
