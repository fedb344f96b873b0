// The hub's HTTP layer in pieces (sync/hub/http/) and the storage rules that hostile input
// must not get around: targets decoded and checked, gzip bodies whole or refused, connection
// shares, real dates only, a bounded boot table, private files.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <sstream>

#include "sync/hub/store/utc_time.h"
#include "sync/hub/export/export_file.h"
#include "sync/hub/http/connection_limiter.h"
#include "sync/hub/http/gzip_body.h"
#include "sync/hub/http/target.h"
#include "sync/hub/store/hub_store.h"
#include "sync/sqlite/database.h"
#include "tests/support/fixtures.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

namespace hub = fbk::sync::hub;
namespace http = fbk::sync::hub::http;
namespace protocol = fbk::sync::protocol;

namespace {

std::string where_of(std::string_view target) {
    const auto parsed = http::parse_target(target);
    const auto* error = std::get_if<http::TargetError>(&parsed);
    return error == nullptr ? "" : error->where + ": " + error->problem;
}

}  // namespace

TEST_CASE("a target is decoded, and what cannot be is refused with where it is") {
    const auto parsed = http::parse_target("/api/v1/stats?by=week&from=2026-11-02&kiosk=a+b%2Fc&x");
    const auto& target = std::get<http::Target>(parsed);
    CHECK(target.path == "/api/v1/stats");
    REQUIRE(target.params.size() == 4);
    CHECK(target.params[2].name == "kiosk");
    CHECK(target.params[2].value == "a b/c");
    CHECK(target.params[3].name == "x");
    CHECK(target.params[3].value.empty());
    CHECK(std::get<http::Target>(http::parse_target("/a%20b")).path == "/a b");
    CHECK(where_of("/ok\xff") == "path: is not valid UTF-8 (byte 4)");
    CHECK(where_of("/%00") == "path: holds a NUL byte (byte 2)");
    CHECK(where_of("/x?by=%e2%82") == "query parameter 'by': is not valid UTF-8 (byte 1)");
    CHECK(where_of("/x?a=1&%ff=2") == "query parameter 2: is not valid UTF-8 (byte 1)");
    CHECK(where_of("/x?a=%4") ==
          "query parameter 'a': has a '%' that is not followed by two hexadecimal digits");
    CHECK(where_of("*") == "path: must start with '/'");
}

TEST_CASE("a gzip body is inflated only when whole, and only up to its limit") {
    const std::string text(10'000, 'k');
    const std::string zipped = fbk::test::gzip(text);
    CHECK(http::inflate_gzip(zipped, 10'000).text == text);
    CHECK(http::inflate_gzip(zipped, 9'999).status == http::Inflate::TooLarge);
    CHECK(http::inflate_gzip(zipped.substr(0, zipped.size() - 8), 1 << 20).status ==
          http::Inflate::Truncated);  // the CRC-32 and length are missing
    CHECK(http::inflate_gzip(zipped.substr(0, zipped.size() - 1), 1 << 20).status ==
          http::Inflate::Truncated);
    CHECK(http::inflate_gzip(zipped + "extra", 1 << 20).status == http::Inflate::TrailingData);
    CHECK(http::inflate_gzip("", 1 << 20).status == http::Inflate::Truncated);
    CHECK(http::inflate_gzip("{\"not\": \"gzip\"}", 1 << 20).status == http::Inflate::Corrupt);
    std::string flipped = zipped;
    flipped[zipped.size() - 6] = static_cast<char>(flipped[zipped.size() - 6] ^ 0x01);  // CRC
    CHECK(http::inflate_gzip(flipped, 1 << 20).status == http::Inflate::Corrupt);
}

TEST_CASE("connections are shared out per client address and in all") {
    http::ConnectionLimiter limiter(5, 2);
    http::Refusal why{};
    auto a1 = limiter.acquire("10.0.0.1", why);
    auto a2 = limiter.acquire("10.0.0.1", why);
    CHECK(a1);
    CHECK(a2);
    CHECK_FALSE(limiter.acquire("10.0.0.1", why));
    CHECK(why == http::Refusal::TooManyFromClient);
    auto b1 = limiter.acquire("10.0.0.2", why);
    auto b2 = limiter.acquire("10.0.0.2", why);
    auto c1 = limiter.acquire("10.0.0.3", why);
    CHECK(c1);
    CHECK_FALSE(limiter.acquire("10.0.0.4", why));
    CHECK(why == http::Refusal::TooManyInAll);
    a1.reset();  // a closed connection gives its slot back
    CHECK(limiter.open_connections() == 4);
    CHECK(limiter.acquire("10.0.0.1", why));
}

TEST_CASE("only dates that exist are dates") {
    CHECK(hub::parse_utc_time("2026-02-28") == 1'772'236'800'000);
    CHECK(hub::parse_utc_time("2028-02-29"));  // a leap year
    for (const std::string bad :
         {"2026-02-29", "2026-02-31", "2026-04-31", "2026-13-01", "2026-00-10",
          "2026-11-01T24:00:00Z", "2026-11-01T08:00:60Z", "1969-12-31", "2026-1-01"}) {
        CAPTURE(bad);
        CHECK_FALSE(hub::parse_utc_time(bad));
    }
}

TEST_CASE("a kiosk cannot grow the boot table by sending new boot ids") {
    fbk::test::TempDir dir;
    hub::HubStore store(dir.path());
    for (int i = 0; i < 200; ++i) {
        auto beat = fbk::test::heartbeat_of("k1");
        beat.boot_id = "boot-" + std::to_string(i);
        beat.monotonic_ms = 1'000;
        store.record_heartbeat(beat, 1'763'000'000'000 + i * 1'000);
    }
    auto db = fbk::sync::sqlite::Database::open_read_only(dir / "hub.sqlite3");
    auto count = db.prepare("SELECT COUNT(*), MIN(boot_id) FROM boots WHERE kiosk_id = 'k1'");
    REQUIRE(count.step());
    CHECK(count.int64(0) == 64);
    // The newest boots are the ones kept.
    auto oldest = db.prepare("SELECT 1 FROM boots WHERE boot_id = 'boot-136'");
    CHECK(oldest.step());
    auto gone = db.prepare("SELECT 1 FROM boots WHERE boot_id = 'boot-135'");
    CHECK_FALSE(gone.step());
}

TEST_CASE("the hub's database and its exports are private, whatever the umask") {
    fbk::test::TempDir dir;
    const mode_t old = ::umask(0);
    const auto owner_only =
        std::filesystem::perms::owner_read | std::filesystem::perms::owner_write;
    {
        hub::HubStore store(dir / "data");
        store.ingest({{"k1", fbk::test::kSampleBootId, 1, 20'000}, {fbk::test::sample_response(1)}},
                     1'763'000'020'000);
        for (const char* suffix : {"", "-wal", "-shm"}) {
            CAPTURE(suffix);
            CHECK(std::filesystem::status(dir.path() / ("data/hub.sqlite3" + std::string(suffix)))
                      .permissions() == owner_only);
        }
        protocol::PackCatalog packs;
        hub::ExportRequest request;
        request.out = dir / "answers.csv";
        std::ostringstream progress;
        CHECK(hub::export_to_file(store, packs, request, progress, false) == 1);
        CHECK(std::filesystem::status(request.out).permissions() == owner_only);
    }
    ::umask(old);
}
