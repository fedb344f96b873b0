// Scale-out: two hub processes on one PostgreSQL database, each sent the same batches at the
// same moment. Every id must be stored exactly once and acknowledged by both.
#include <doctest/doctest.h>

#include <atomic>
#include <latch>
#include <map>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "sync/protocol/messages.h"
#include "tests/support/delivery_check.h"
#include "tests/support/figures.h"
#include "tests/support/fixtures.h"
#include "tests/support/postgres_server.h"
#include "tests/support/sample_responses.h"

using namespace fbk::test;
namespace protocol = fbk::sync::protocol;

TEST_CASE("two hubs on one PostgreSQL store each id exactly once when sent the same batches") {
    constexpr int kKiosks = 4;
    constexpr int kBatches = 10;  // per kiosk
    constexpr int kPerBatch = 100;
    TempDir dir("fbk-pg-hubs");
    const std::string url = PostgresServer::shared().database("two_hubs");
    Hub first(dir / "hub-a", 0, {}, url);
    Hub second(dir / "hub-b", 0, {}, url);

    std::vector<std::string> tokens;
    std::vector<std::vector<std::string>> bodies(kKiosks);
    std::vector<std::string> committed;
    for (int k = 0; k < kKiosks; ++k) {
        const std::string kiosk = "k" + std::to_string(k + 1);
        tokens.push_back(first.create_token("kiosk", kiosk));  // one database: valid on both
        for (int b = 0; b < kBatches; ++b) {
            std::vector<protocol::Response> batch;
            for (int i = 0; i < kPerBatch; ++i) {
                batch.push_back(realistic_response(b * kPerBatch + i, 100 + k, kiosk));
                committed.push_back(batch.back().id);
            }
            bodies[k].push_back(sample_batch_body(batch, kiosk));
        }
    }

    // Each kiosk's batch goes to both hubs at once: 2 × 4 senders released together per round.
    std::map<std::string, int> stored_receipts;
    std::map<std::string, int> duplicate_receipts;
    std::mutex receipts_mutex;
    int failures = 0;
    for (int b = 0; b < kBatches; ++b) {
        std::latch start(2 * kKiosks);
        std::vector<std::thread> senders;
        for (int k = 0; k < kKiosks; ++k) {
            for (const Hub* hub : {&first, &second}) {
                senders.emplace_back([&, k, hub] {
                    start.arrive_and_wait();
                    const auto [status, body] = hub->post_batch(bodies[k][b], tokens[k]);
                    const auto ack = protocol::parse_ack(body);
                    const std::lock_guard lock(receipts_mutex);
                    if (status != 200 || !ack.ack) {
                        ++failures;
                        return;
                    }
                    for (const auto& r : ack.ack->receipts) {
                        ++(r.status == protocol::ReceiptStatus::Stored ? stored_receipts
                                                                       : duplicate_receipts)[r.id];
                    }
                });
            }
        }
        for (auto& t : senders) {
            t.join();
        }
    }

    CHECK(failures == 0);
    // Each id: one hub says "stored", the other "duplicate".
    int ids_stored_once = 0;
    for (const auto& id : committed) {
        ids_stored_once += stored_receipts[id] == 1 && duplicate_receipts[id] == 1 ? 1 : 0;
    }
    CHECK(ids_stored_once == static_cast<int>(committed.size()));
    const auto check = check_delivery(committed, first.stored_ids());
    CHECK(check.exactly_once());
    report_figure("two hubs, one PostgreSQL: " + std::to_string(2 * kKiosks * kBatches) +
                  " concurrent batch requests; " + describe(check));

    // Both hubs serve the same data, and a pack uploaded to one is served by the other.
    const auto admin = first.create_token("admin", "quality");
    CHECK(first.get("/api/v1/stats?by=kiosk", admin).second ==
          second.get("/api/v1/stats?by=kiosk", admin).second);
    auto pack =
        nlohmann::json::parse(read_file(source_dir() / "assets/packs/default-healthcare.json"));
    pack["version"] = 5;
    httplib::Client client("127.0.0.1", first.port());
    const auto uploaded = client.Post("/api/v1/packs", {{"Authorization", "Bearer " + admin}},
                                      pack.dump(), "application/json");
    REQUIRE(uploaded);
    CHECK(uploaded->status == 201);
    const auto [pulled, pack_body] =
        second.get("/api/v1/kiosk/pack?id=default-healthcare", tokens[0]);
    CHECK(pulled == 200);
    CHECK(nlohmann::json::parse(pack_body).at("version") == 5);
}

TEST_CASE("a hub keeps to its PostgreSQL connection limit however many requests arrive") {
    TempDir dir("fbk-pg-cap");
    auto& server = PostgresServer::shared();
    const std::string url = server.database("capped");
    Hub hub(dir / "hub", 0, {"--db-connections", "2"}, url);
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto admin = hub.create_token("admin", "it");
    std::latch start(16);
    std::atomic<int> failures{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 16; ++c) {
        clients.emplace_back([&, c] {
            start.arrive_and_wait();
            std::vector<protocol::Response> batch;
            for (int i = 0; i < 20; ++i) {
                batch.push_back(realistic_response(c * 20 + i, 9));
            }
            if (hub.post_batch(sample_batch_body(batch), kiosk).first != 200 ||
                hub.get("/api/v1/stats?by=week", admin).first != 200) {
                ++failures;
            }
        });
    }
    for (auto& t : clients) {
        t.join();
    }
    CHECK(failures == 0);
    // Idle connections stay in the pool, so this counts every connection the hub opened. It is
    // counted before stored_ids() connects to the database itself: a backend lingers in
    // pg_stat_activity for a moment after its client has gone.
    const auto opened =
        server.query_number("SELECT count(*) FROM pg_stat_activity WHERE datname = 'capped'");
    CHECK(hub.stored_ids().size() == 320);
    MESSAGE("connections held by the hub after 16 concurrent clients: " << opened);
    CHECK(opened >= 1);
    CHECK(opened <= 2);
}
