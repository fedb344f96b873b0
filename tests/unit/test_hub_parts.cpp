#include <doctest/doctest.h>

#include "sync/hub/csv.h"
#include "sync/hub/hub_store.h"
#include "sync/hub/response_export.h"
#include "sync/hub/tokens.h"
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
}

TEST_CASE("export cursors are opaque and refuse anything else") {
    CHECK(hub::decode_cursor(hub::encode_cursor(42)) == 42);
    CHECK_FALSE(hub::decode_cursor("42"));
    CHECK_FALSE(hub::decode_cursor("c1.-5"));
    CHECK_FALSE(hub::decode_cursor("c1.4x"));
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
    const auto rows = store.responses_page(0, store.max_seq(), 100);
    REQUIRE(rows.size() == 3);
    CHECK(rows[1].response.id == batch.responses[1].id);
    CHECK(rows[1].response.answers.size() == 2);
    CHECK(rows[0].clock_offset_ms == 500);             // kiosk clock 500 ms ahead of the hub
    CHECK_FALSE(rows[2].clock_offset_ms.has_value());  // made in another boot: offset unknown
    CHECK(store.seq_after(0, 2) == rows[1].seq);
}
