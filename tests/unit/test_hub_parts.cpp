#include <doctest/doctest.h>

#include <atomic>
#include <cstdio>
#include <ctime>
#include <thread>

#include "sync/hub/export/csv.h"
#include "sync/hub/export/formats.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/ingest_queue.h"
#include "sync/hub/store/tokens.h"
#include "sync/hub/store/utc_time.h"
#include "sync/sqlite/database.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

namespace hub = fbk::sync::hub;
namespace protocol = fbk::sync::protocol;

TEST_CASE("CSV cells are quoted when needed and formulas are neutralised") {
    std::string out;
    hub::append_csv_text(out, "plain");
    CHECK(out == "plain");
    out.clear();
    hub::append_csv_text(out, "a,b \"c\"");
    CHECK(out == "\"a,b \"\"c\"\"\"");
    for (const std::string formula : {"=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"}) {
        out.clear();
        hub::append_csv_text(out, formula);
        CHECK(out.starts_with("\"'"));
    }
    CHECK(hub::format_utc_iso8601(1'700'000'000'123) == "2023-11-14T22:13:20.123Z");
    out.clear();
    hub::append_csv_number(out, -1234567890123);
    CHECK(out == "-1234567890123");
}

TEST_CASE("UTC times are written as the C library writes them, leap days and centuries too") {
    // The reference: gmtime_r and strftime, which the export used before.
    const auto by_libc = [](std::int64_t ms) {
        const std::time_t seconds = static_cast<std::time_t>(ms / 1000);
        std::tm tm{};
        gmtime_r(&seconds, &tm);
        char buf[40];
        const auto n = std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
        char frac[8];
        std::snprintf(frac, sizeof frac, ".%03dZ", static_cast<int>(ms % 1000));
        return std::string(buf, n) + frac;
    };
    CHECK(hub::format_utc_iso8601(0) == "1970-01-01T00:00:00.000Z");
    CHECK(hub::format_utc_iso8601(951'782'400'000) == "2000-02-29T00:00:00.000Z");
    CHECK(hub::format_utc_iso8601(1'709'251'199'999) == "2024-02-29T23:59:59.999Z");
    CHECK(hub::format_utc_iso8601(4'107'542'400'000) == "2100-03-01T00:00:00.000Z");
    CHECK(hub::format_utc_iso8601(253'402'300'799'999) == "9999-12-31T23:59:59.999Z");
    // Every day from 1970 to 2200 at a varying time of day.
    for (std::int64_t day = 0; day < 84'000; ++day) {
        const std::int64_t ms = day * 86'400'000 + (day * 7'919'993) % 86'400'000;
        REQUIRE(hub::format_utc_iso8601(ms) == by_libc(ms));
    }
}

TEST_CASE("export cursors are opaque and refuse anything else") {
    using Position = hub::ExportPosition;
    CHECK(hub::decode_cursor(hub::encode_cursor({0, 42})) == Position{0, 42});
    CHECK(hub::encode_cursor({0, 42}) == "c1.42");  // as issued before places had writers
    CHECK(hub::decode_cursor(hub::encode_cursor({7301, 42})) == Position{7301, 42});
    CHECK(hub::decode_cursor("c1.9.0") == Position{9, 0});
    CHECK_FALSE(hub::decode_cursor("42"));
    CHECK_FALSE(hub::decode_cursor("c1.-5"));
    CHECK_FALSE(hub::decode_cursor("c1.4x"));
    CHECK_FALSE(hub::decode_cursor("c1."));
    CHECK_FALSE(hub::decode_cursor("c1.0.5"));  // writer 0 is written without its part
    CHECK_FALSE(hub::decode_cursor("c1.5."));
    CHECK_FALSE(hub::decode_cursor("c1..5"));
    CHECK_FALSE(hub::decode_cursor("c1.1.2.3"));
    CHECK_FALSE(hub::decode_cursor("c1.-1.2"));
}

TEST_CASE("tokens are random, prefixed by their kind, and stored only as hashes") {
    const auto a = hub::generate_token(hub::TokenKind::Kiosk);
    const auto b = hub::generate_token(hub::TokenKind::Kiosk);
    CHECK(a != b);
    CHECK(a.starts_with("fbk_kiosk_"));
    CHECK(a.size() == std::string("fbk_kiosk_").size() + 43);
    CHECK(hub::generate_token(hub::TokenKind::Admin).starts_with("fbk_admin_"));
    CHECK(hub::hash_token("abc") ==
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    fbk::test::TempDir dir;
    hub::HubStore store(dir.path());
    const auto token = store.create_token(hub::TokenKind::Kiosk, "lobby-1", 1);
    const auto info = store.authenticate(token);
    REQUIRE(info);
    CHECK(info->subject == "lobby-1");
    CHECK(info->kind == hub::TokenKind::Kiosk);
    CHECK_FALSE(store.authenticate(token + "x"));
    CHECK_FALSE(store.authenticate(""));
}

TEST_CASE("admin tokens carry a role; revoking a subject's tokens takes effect at once") {
    fbk::test::TempDir dir;
    hub::HubStore store(dir.path());
    const auto viewer = store.create_token(hub::TokenKind::Admin, "vera", 1, hub::Role::Viewer);
    const auto analyst = store.create_token(hub::TokenKind::Admin, "anna", 1, hub::Role::Analyst);
    const auto kiosk = store.create_token(hub::TokenKind::Kiosk, "lobby-1", 1);
    const auto second = store.create_token(hub::TokenKind::Kiosk, "lobby-1", 2);
    CHECK(store.authenticate(viewer)->role == hub::Role::Viewer);
    CHECK(store.authenticate(analyst)->role == hub::Role::Analyst);
    CHECK(hub::Role::Viewer < hub::Role::Analyst);
    CHECK(hub::Role::Analyst < hub::Role::Admin);
    CHECK(store.revoke_tokens(hub::TokenKind::Kiosk, "lobby-1", 3) == 2);
    CHECK_FALSE(store.authenticate(kiosk));
    CHECK_FALSE(store.authenticate(second));
    CHECK(store.authenticate(viewer));  // others are untouched
    CHECK(store.revoke_tokens(hub::TokenKind::Kiosk, "lobby-1", 4) == 0);
    CHECK(hub::role_from_string("analyst") == hub::Role::Analyst);
    CHECK_FALSE(hub::role_from_string("root"));
}

TEST_CASE("the hub stores each response id once, whatever the retries") {
    fbk::test::TempDir dir;
    hub::HubStore store(dir.path());
    protocol::Batch batch;
    batch.header = {"k1", "boot-a", 2'000, 10};
    for (int i = 0; i < 3; ++i) {
        auto r = fbk::test::sample_response(i);
        r.boot_id = i == 2 ? "boot-older" : "boot-a";
        batch.responses.push_back(r);
    }
    const auto first = store.ingest(batch, 1'500);
    REQUIRE(first.size() == 3);
    CHECK(first[0].status == protocol::ReceiptStatus::Stored);
    const auto again = store.ingest(batch, 1'600);
    for (const auto& r : again) {
        CHECK(r.status == protocol::ReceiptStatus::Duplicate);
    }
    const auto rows = store.responses_page({}, store.export_horizon(), 100);
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].response.id == batch.responses[1].id);
    CHECK(rows[1].response.answers.size() == 2);
    CHECK(rows[0].clock_offset_ms == 500);             // kiosk clock 500 ms ahead of the hub
    CHECK_FALSE(rows[2].clock_offset_ms.has_value());  // made in another boot: offset unknown
    CHECK(store.position_after({}, 2, store.export_horizon()) == rows[1].position());
}

TEST_CASE("the hub dates responses by their boot's monotonic clock, not the kiosk's wall clock") {
    fbk::test::TempDir dir;
    hub::HubStore store(dir.path());
    constexpr std::int64_t kHubNow = 1'800'000'000'000;
    constexpr std::int64_t kYear = 365LL * 86'400'000;
    const auto response = [](int n, const char* boot, std::int64_t mono) {
        auto r = fbk::test::sample_response(n);
        r.boot_id = boot;
        r.monotonic_ms = mono;
        r.finished_at_ms = kHubNow + kYear;  // the kiosk's wall clock is a year ahead
        return r;
    };
    // Boot A: the batch left at monotonic 100 000 and arrived at kHubNow, so A's monotonic zero
    // was at kHubNow - 100 000 on the hub's clock.
    protocol::Batch a{{"k1", "boot-a", kHubNow + kYear, 100'000},
                      {response(0, "boot-a", 40'000), response(1, "boot-b", 5'000)}};
    store.ingest(a, kHubNow);
    // A later batch from A with more network delay must not move the estimate later.
    protocol::Batch a_late{{"k1", "boot-a", kHubNow + kYear, 200'000},
                           {response(2, "boot-a", 150'000)}};
    store.ingest(a_late, kHubNow + 100'000 + 900);
    // A response claiming to be younger than its own batch is not believed.
    protocol::Batch a_odd{{"k1", "boot-a", kHubNow + kYear, 300'000},
                          {response(3, "boot-a", 999'999)}};
    store.ingest(a_odd, kHubNow + 200'000);
    // Boot C was measured by its own batch; a later boot then sends an older C response.
    protocol::Batch c{{"k1", "boot-c", kHubNow, 1'000}, {response(4, "boot-c", 500)}};
    store.ingest(c, kHubNow + 400'000);
    protocol::Batch d{{"k1", "boot-d", kHubNow, 1'000}, {response(5, "boot-c", 700)}};
    store.ingest(d, kHubNow + 500'000);

    const auto rows = store.responses_page({}, store.export_horizon(), 100);
    REQUIRE(rows.size() == 6);
    CHECK(rows[0].corrected_finished_ms == kHubNow - 100'000 + 40'000);
    CHECK_FALSE(rows[1].corrected_finished_ms);  // boot B never sent anything itself
    CHECK(rows[2].corrected_finished_ms == kHubNow - 100'000 + 150'000);
    CHECK_FALSE(rows[3].corrected_finished_ms);
    CHECK(rows[4].corrected_finished_ms == kHubNow + 399'000 + 500);
    CHECK(rows[5].corrected_finished_ms == kHubNow + 399'000 + 700);

    // The export dates the corrected rows on the hub's clock and says which is which.
    hub::CsvExport csv({});
    std::string out;
    csv.append_row(out, rows[0]);
    csv.append_row(out, rows[1]);
    const auto first = out.substr(0, out.find("\r\n"));
    const auto second = out.substr(out.find("\r\n") + 2);
    CHECK(first.find(hub::format_utc_iso8601(kHubNow - 60'000) + ",") != std::string::npos);
    CHECK(first.find(",corrected," + hub::format_utc_iso8601(kHubNow + kYear)) !=
          std::string::npos);
    CHECK(second.find(",kiosk_clock,") != std::string::npos);
}

TEST_CASE("batches arriving together are committed together, each exactly once") {
    fbk::test::TempDir dir;
    hub::HubStore store(dir.path());
    hub::IngestQueue queue(store);
    constexpr int kThreads = 8;
    constexpr int kBatchesEach = 20;
    std::vector<std::thread> threads;
    std::atomic<int> stored{0};
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            for (int b = 0; b < kBatchesEach; ++b) {
                protocol::Batch batch{{"k1", "boot", 1, 1}, {}};
                for (int i = 0; i < 5; ++i) {
                    batch.responses.push_back(
                        fbk::test::sample_response((t * kBatchesEach + b) * 5 + i));
                }
                // Every other batch is sent twice, as after a lost acknowledgement.
                for (int copy = 0; copy < (b % 2 == 0 ? 2 : 1); ++copy) {
                    for (const auto& receipt : queue.ingest(batch, 1)) {
                        stored += receipt.status == protocol::ReceiptStatus::Stored ? 1 : 0;
                    }
                }
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    CHECK(stored == kThreads * kBatchesEach * 5);
    CHECK(store.responses_page({}, store.export_horizon(), 100'000).size() ==
          kThreads * kBatchesEach * 5);
    // 240 requests; with 8 senders most commits carry several of them.
    CHECK(queue.groups_committed() < kThreads * kBatchesEach * 3 / 2);
    MESSAGE("240 batches in " << queue.groups_committed() << " transactions");
}

TEST_CASE("a group that cannot be stored fails every batch in it and stores nothing") {
    fbk::test::TempDir dir;
    hub::HubStore store(dir.path());
    hub::IngestQueue queue(store);
    // Another connection holds the write lock past SQLite's busy timeout: the group fails.
    auto blocker = fbk::sync::sqlite::Database::open(dir / "hub.sqlite3");
    blocker.exec("PRAGMA busy_timeout = 0");
    blocker.exec("BEGIN IMMEDIATE");
    protocol::Batch batch{{"k1", "boot", 1, 1}, {fbk::test::sample_response(1)}};
    CHECK_THROWS_AS(queue.ingest(batch, 1), fbk::sync::hub::sql::Error);
    blocker.exec("ROLLBACK");
    CHECK(store.export_horizon() == hub::ExportPosition{});
    CHECK(queue.ingest(batch, 1).at(0).status == protocol::ReceiptStatus::Stored);
}
