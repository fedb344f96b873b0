// The export order (sync/hub/store/export_position.h): a cursor never skips a response, even
// while hubs store at once, and the upgrades since schema 14 (15 gave each response its writer,
// 16 listed the answered questions) keep what was stored and every cursor issued before them. The
// e2e suite runs this on SQLite and again on PostgreSQL, where two hubs share the database and no
// lock orders their writes.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <thread>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/support/fixtures.h"
#include "tests/support/postgres_server.h"
#include "tests/support/sample_responses.h"

using namespace fbk::test;
namespace protocol = fbk::sync::protocol;
using namespace std::chrono_literals;

namespace {

struct ExportPage {
    std::vector<std::string> ids;
    std::string next_cursor;
};

// GET /api/v1/responses as NDJSON after `cursor` (none: from the start), up to `limit` rows.
ExportPage export_page(const Hub& hub, const std::string& admin, const std::string& cursor,
                       int limit = 0) {
    httplib::Client client("127.0.0.1", hub.port());
    client.set_read_timeout(60, 0);
    std::string path = "/api/v1/responses?format=ndjson";
    if (!cursor.empty()) {
        path += "&after=" + cursor;
    }
    if (limit > 0) {
        path += "&limit=" + std::to_string(limit);
    }
    const auto res = client.Get(path.c_str(), {{"Authorization", "Bearer " + admin}});
    REQUIRE(res);
    REQUIRE_MESSAGE(res->status == 200, res->body);
    ExportPage page{{}, res->get_header_value("X-Next-Cursor")};
    const std::string& body = res->body;
    for (std::size_t at = 0, end; (end = body.find('\n', at)) != std::string::npos; at = end + 1) {
        page.ids.push_back(
            nlohmann::json::parse(body.substr(at, end - at)).at("response_id").get<std::string>());
    }
    return page;
}

// Kiosks uploading their batches at once, kiosk k to hub k % hubs.
struct Uploads {
    std::vector<std::string> tokens;
    std::vector<std::vector<std::string>> bodies;  // per kiosk
    std::vector<std::string> sent_ids;

    Uploads(Hub& hub, int kiosks, int batches, int per_batch) : bodies(kiosks) {
        for (int k = 0; k < kiosks; ++k) {
            const std::string kiosk = "k" + std::to_string(k + 1);
            tokens.push_back(hub.create_token("kiosk", kiosk));
            for (int b = 0; b < batches; ++b) {
                std::vector<protocol::Response> batch;
                for (int i = 0; i < per_batch; ++i) {
                    batch.push_back(realistic_response(b * per_batch + i, 7 + k, kiosk));
                    sent_ids.push_back(batch.back().id);
                }
                bodies[k].push_back(sample_batch_body(batch, kiosk));
            }
        }
    }
};

// Follows the cursor while `uploading` is above 0, reading everything exported so far each
// time (so that it is at the newest responses, where a transaction that stored earlier but
// committed later would be skipped), then until it has read `expected` responses. (On
// PostgreSQL a transaction of another test on the same server may hold the export horizon
// back a moment: that delays responses, never skips them.)
std::vector<std::string> follow_cursor(const Hub& hub, const std::string& admin,
                                       const std::atomic<int>& uploading, std::size_t expected) {
    std::vector<std::string> read_ids;
    std::string cursor;
    std::optional<std::chrono::steady_clock::time_point> deadline;
    while (true) {
        const bool uploads_done = uploading == 0;
        const auto page = export_page(hub, admin, cursor);
        read_ids.insert(read_ids.end(), page.ids.begin(), page.ids.end());
        cursor = page.next_cursor;
        if (uploads_done) {
            deadline = deadline.value_or(std::chrono::steady_clock::now() + 60s);
            if (read_ids.size() >= expected || std::chrono::steady_clock::now() > *deadline) {
                return read_ids;
            }
            if (page.ids.empty()) {
                std::this_thread::sleep_for(50ms);  // a poll interval, not synchronisation
            }
        }
    }
}

}  // namespace

TEST_CASE("export cursors never skip or repeat a response while kiosks upload to every hub") {
    TempDir dir("fbk-export-order");
    std::vector<std::unique_ptr<Hub>> hubs;
    hubs.push_back(std::make_unique<Hub>(dir / "hub-a"));
    if (hubs.front()->on_postgres()) {  // a second hub on the same database
        hubs.push_back(std::make_unique<Hub>(dir / "hub-b", 0, std::vector<std::string>{},
                                             hubs.front()->store_args().back()));
    }
    const auto admin = hubs.front()->create_token("admin", "quality");
    // Many small transactions, interleaved.
    const Uploads uploads(*hubs.front(), 8, 40, 5);
    std::atomic<int> uploading{static_cast<int>(uploads.bodies.size())};
    std::atomic<int> failures{0};
    std::vector<std::thread> kiosks;
    for (std::size_t k = 0; k < uploads.bodies.size(); ++k) {
        kiosks.emplace_back([&, k] {
            const Hub& hub = *hubs[k % hubs.size()];
            for (const auto& body : uploads.bodies[k]) {
                failures += hub.post_batch(body, uploads.tokens[k]).first == 200 ? 0 : 1;
            }
            --uploading;
        });
    }
    const auto read_ids = follow_cursor(*hubs.front(), admin, uploading, uploads.sent_ids.size());
    for (auto& t : kiosks) {
        t.join();
    }
    REQUIRE(failures == 0);
    std::map<std::string, int> times_read;
    for (const auto& id : read_ids) {
        ++times_read[id];
    }
    int missing = 0;
    int repeated = 0;
    for (const auto& id : uploads.sent_ids) {
        const auto it = times_read.find(id);
        missing += it == times_read.end() ? 1 : 0;
        repeated += it != times_read.end() && it->second > 1 ? 1 : 0;
    }
    MESSAGE(hubs.size() << " hub(s): " << read_ids.size() << " read of "
                        << uploads.sent_ids.size());
    CHECK(missing == 0);
    CHECK(repeated == 0);
    CHECK(read_ids.size() == uploads.sent_ids.size());
}

TEST_CASE("upgrades from schema 14 keep what was stored, and cursors issued before carry on") {
    // Schema 17 (PostgreSQL): text columns that compared in the cluster's locale compare in
    // byte order after the upgrade, with every row as it was.
    const std::string locale_text_columns =
        "SELECT table_name || '.' || column_name FROM information_schema.columns WHERE "
        "table_schema = 'public' AND data_type = 'text' AND collation_name IS DISTINCT FROM 'C' "
        "ORDER BY 1";
    TempDir dir("fbk-export-upgrade");
    std::string admin;
    std::string kiosk;
    std::string before_upgrade;
    std::string csv_before_upgrade;
    std::vector<protocol::Response> first_five;
    for (int n = 0; n < 5; ++n) {
        first_five.push_back(sample_response(n));
    }
    {
        Hub hub(dir / "hub");
        admin = hub.create_token("admin", "quality");
        kiosk = hub.create_token("kiosk", "k1");
        REQUIRE(hub.post_batch(sample_batch_body(first_five), kiosk).first == 200);
        before_upgrade = hub.get("/api/v1/responses?format=ndjson", admin).second;
        csv_before_upgrade = hub.get("/api/v1/responses?format=csv", admin).second;
        hub.stop();
        // Back to schema 14, as an older hub left it: no writers, no export-order index (15),
        // no list of answered questions (16), text in the cluster's locale (17).
        const std::string schema_16 = "DROP TABLE answered_questions; ";
        if (hub.on_postgres()) {
            hub.exec_sql(
                "ALTER TABLE responses ALTER COLUMN id TYPE TEXT COLLATE \"default\", ALTER "
                "COLUMN kiosk_id TYPE TEXT COLLATE \"default\"; ALTER TABLE answers ALTER COLUMN "
                "question TYPE TEXT COLLATE \"default\"");
            REQUIRE(
                hub.query_column(locale_text_columns) ==
                std::vector<std::string>{"answers.question", "responses.id", "responses.kiosk_id"});
            hub.exec_sql(schema_16 +
                         "DROP INDEX responses_export_order; ALTER TABLE responses DROP COLUMN "
                         "writer_xid; ALTER TABLE alert_rules DROP COLUMN comment_cursor_writer; "
                         "UPDATE schema_version SET version = 14");
        } else {
            hub.exec_sql(schema_16 +
                         "ALTER TABLE responses DROP COLUMN writer_xid; ALTER TABLE alert_rules "
                         "DROP COLUMN comment_cursor_writer; PRAGMA user_version = 14");
        }
    }
    Hub hub(dir / "hub");  // upgrades the database to schema 17 as it starts
    CHECK(hub.get("/api/v1/responses?format=ndjson", admin).second == before_upgrade);
    // The CSV's question columns come from the answered questions the upgrade listed.
    CHECK(hub.get("/api/v1/responses?format=csv", admin).second == csv_before_upgrade);
    CHECK(hub.query_column("SELECT question FROM answered_questions ORDER BY question") ==
          std::vector<std::string>{"recommend", "satisfaction"});
    CHECK(hub.query_column("SELECT DISTINCT writer_xid FROM responses") ==
          std::vector<std::string>{"0"});
    if (hub.on_postgres()) {
        CHECK(hub.query_column(locale_text_columns).empty());
    }
    // The cursor an older hub gave after the third response ("c1." + its seq) goes on from it.
    const auto seqs = hub.query_column("SELECT seq FROM responses ORDER BY seq");
    REQUIRE(seqs.size() == 5);
    const std::string old_cursor = "c1." + seqs[2];
    auto rest = export_page(hub, admin, old_cursor);
    CHECK(rest.ids == std::vector<std::string>{first_five[3].id, first_five[4].id});
    // Responses stored after the upgrade come after every older one.
    REQUIRE(
        hub.post_batch(sample_batch_body({sample_response(5), sample_response(6)}), kiosk).first ==
        200);
    rest = export_page(hub, admin, old_cursor);
    CHECK(rest.ids == std::vector<std::string>{first_five[3].id, first_five[4].id,
                                               sample_response(5).id, sample_response(6).id});
    CHECK(export_page(hub, admin, rest.next_cursor).ids.empty());
}
