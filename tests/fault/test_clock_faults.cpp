// Fault suite, clock part: a Raspberry Pi has no real-time clock and may boot believing it is a
// year later (or 1970). The real kiosk runs under libfaketime (Debian's faketime) with its wall
// clock a year off and its monotonic clock untouched, as on such a Pi; the hub's export must still
// date the answers correctly.
#include <doctest/doctest.h>

#include <stdlib.h>

#include <chrono>
#include <ctime>

#include "tests/support/figures.h"
#include "tests/support/fixtures.h"

using namespace fbk::test;

namespace {

std::int64_t parse_iso8601_ms(const std::string& text) {
    std::tm tm{};
    int ms = 0;
    REQUIRE_MESSAGE(
        std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d.%3dZ", &tm.tm_year, &tm.tm_mon,
                    &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, &ms) == 7,
        text);
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    return static_cast<std::int64_t>(timegm(&tm)) * 1000 + ms;
}

std::int64_t wall_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::string three_patients() {
    std::string s;
    for (const char* language : {"fi", "sv", "en"}) {
        s += "wait-screen language\ntap lang." + std::string(language) +
             "\ntap q.smiley.4\ntap q.nps.9\nwait-screen question.comment\ntap nav.continue\n"
             "wait-screen thanks\nadvance 7s\n";
    }
    return s + "wait-screen language\nwait-synced 60s\nprint synced\n";
}

}  // namespace

TEST_CASE("fault 8: a kiosk whose clock is a year off still exports the right dates") {
    constexpr std::int64_t kYear = 365LL * 86'400'000;
    constexpr std::int64_t kReplayAdvance = 3 * 7'000;  // three_patients()' advances
    for (const char* shift : {"+365d", "-365d"}) {
        CAPTURE(shift);
        TempDir dir("fbk-fault");
        Hub hub(dir / "hub");
        const auto admin = hub.create_token("admin", "quality");
        const auto config = write_kiosk_config(
            dir.path(), kiosk_setup(hub.url(), hub.create_token("kiosk", "lobby-1")));
        write_file(dir / "patients.replay", three_patients());
        // The wall clock is wrong; the monotonic clock, as on a real Pi, is not.
        setenv("FAKETIME_DONT_FAKE_MONOTONIC", "1", 1);
        const std::int64_t before = wall_now_ms();
        Process kiosk(
            {"/usr/bin/faketime", "-f", shift, kiosk_exe(), "run", "--config", config.string(),
             "--headless", "--replay", (dir / "patients.replay").string()},
            dir / "kiosk.log");
        kiosk.wait_for_line("synced", 120s);
        REQUIRE_MESSAGE(kiosk.wait(30s) == 0, kiosk.stderr_text());
        unsetenv("FAKETIME_DONT_FAKE_MONOTONIC");
        const std::int64_t after = wall_now_ms();

        const auto [status, csv] = hub.get("/api/v1/responses?format=csv", admin);
        REQUIRE(status == 200);
        const auto rows = parse_simple_csv(csv);
        REQUIRE(rows.size() == 3);

        for (const auto& row : rows) {
            CHECK(row.at("time_source") == "corrected");
            const auto kiosk_said = parse_iso8601_ms(row.at("kiosk_finished_at"));
            const auto exported = parse_iso8601_ms(row.at("finished_at"));
            const auto started = parse_iso8601_ms(row.at("started_at"));
            // The kiosk's own stamp is a year off; the export is within the test's run. The
            // replay's "advance 7s" (three of them) moves the kiosk's clock ahead of the real
            // one, so a batch sent after an advance dates an earlier answer up to 21 s early.
            CHECK(std::llabs(std::llabs(kiosk_said - before) - kYear) < 3'600'000);
            CHECK(exported >= before - kReplayAdvance);
            CHECK(exported <= after + 60'000);
            CHECK(started <= exported);
            CHECK(exported - started < 60'000);
        }
        report_figure(std::string("kiosk clock ") + shift + ": 3 responses, kiosk dated them " +
                      rows[0].at("kiosk_finished_at") + ", export dated them " +
                      rows[0].at("finished_at") + " (received " + rows[0].at("received_at") + ")");
    }
}
