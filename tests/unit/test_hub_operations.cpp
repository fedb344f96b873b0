// The hub's operational parts: rate limits, silence alerts, Prometheus text, export writers.
#include <doctest/doctest.h>

#include <fstream>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "sync/hub/analytics/fleet_health.h"
#include "sync/hub/analytics/prometheus.h"
#include "sync/hub/export/formats.h"
#include "sync/hub/http/rate_limiter.h"
#include "sync/hub/sql/connection.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

namespace hub = fbk::sync::hub;
namespace protocol = fbk::sync::protocol;

TEST_CASE("a token may burst, then waits for its rate; other tokens are not affected") {
    hub::RateLimiter limiter(2.0, 4.0);
    for (int i = 0; i < 4; ++i) {
        CHECK(limiter.retry_after_s("kiosk:a", 1'000) == 0);
    }
    CHECK(limiter.retry_after_s("kiosk:a", 1'000) == 1);
    CHECK(limiter.retry_after_s("kiosk:b", 1'000) == 0);
    // Half a second refills one request at 2/s.
    CHECK(limiter.retry_after_s("kiosk:a", 1'500) == 0);
    CHECK(limiter.retry_after_s("kiosk:a", 1'500) == 1);
    // A long pause refills only up to the burst.
    for (int i = 0; i < 4; ++i) {
        CHECK(limiter.retry_after_s("kiosk:a", 100'000) == 0);
    }
    CHECK(limiter.retry_after_s("kiosk:a", 100'000) > 0);

    hub::RateLimiter slow(0.1, 1.0);
    CHECK(slow.retry_after_s("x", 0) == 0);
    CHECK(slow.retry_after_s("x", 0) == 10);

    hub::RateLimiter off(0.0, 0.0);
    for (int i = 0; i < 1'000; ++i) {
        REQUIRE(off.retry_after_s("x", 0) == 0);
    }
}

namespace {

fbk::sync::protocol::OpeningHours hours(const char* text) {
    auto parsed = fbk::sync::protocol::parse_opening_hours(text);
    REQUIRE_MESSAGE(!parsed.error, *parsed.error);
    return parsed.hours;
}

}  // namespace

TEST_CASE("a kiosk is silent only past the limit and while its site is open") {
    hub::SilencePolicy policy{30 * 60'000, hours("07:00-20:00"), {}};
    constexpr std::int64_t kNow = 10'000'000'000;
    const auto silent = [&](std::int64_t quiet_ms, int weekday, int minute,
                            std::string_view site = "") {
        return hub::is_silent(kNow - quiet_ms, kNow, {weekday, minute}, site, policy);
    };
    CHECK(silent(31 * 60'000, 0, 12 * 60));
    CHECK_FALSE(silent(29 * 60'000, 0, 12 * 60));
    CHECK_FALSE(silent(5 * 3'600'000, 0, 23 * 60));  // closed: no alert however long
    CHECK_FALSE(silent(5 * 3'600'000, 0, 6 * 60 + 59));
    CHECK(silent(5 * 3'600'000, 0, 7 * 60));

    // A site with its own week: closed at the weekend, so a dark Saturday is no alarm there,
    // while sites without their own hours keep the hub's.
    policy.sites.emplace("north", hours("Mon-Fri 07:00-20:00"));
    CHECK(silent(5 * 3'600'000, 4, 12 * 60, "north"));        // Friday noon
    CHECK_FALSE(silent(5 * 3'600'000, 5, 12 * 60, "north"));  // Saturday noon
    CHECK(silent(5 * 3'600'000, 5, 12 * 60, "south"));        // the hub's hours: every day

    const hub::SilencePolicy night{30 * 60'000, hours("22:00-06:00"), {}};
    CHECK(hub::is_silent(0, kNow, {0, 23 * 60}, "", night));
    CHECK(hub::is_silent(0, kNow, {1, 60}, "", night));
    CHECK_FALSE(hub::is_silent(0, kNow, {1, 12 * 60}, "", night));
}

TEST_CASE("site hours file: one line per site, problems named by file and line") {
    fbk::test::TempDir dir;
    const auto file = dir.path() / "site-hours";
    std::ofstream(file) << "# sites of the north district\n"
                           "north = Mon-Fri 07:00-20:00, Sat 09:00-13:00\n\n"
                           "er-south = daily 00:00-24:00  # emergency: always\n";
    std::string problem;
    const auto sites = hub::load_site_hours(file, problem);
    REQUIRE_MESSAGE(sites, problem);
    CHECK(sites->size() == 2);
    CHECK(sites->at("north").is_open({5, 10 * 60}));
    CHECK_FALSE(sites->at("north").is_open({6, 10 * 60}));
    CHECK(sites->at("er-south").is_open({6, 3 * 60}));
    for (const auto& [text, expected] :
         {std::pair{"north Mon-Fri 07:00-20:00\n", ":1: write 'SITE = HOURS'"},
          std::pair{"north = Mon-Fri 7-20\n", ":1: 'Mon-Fri 7-20' does not end with"},
          std::pair{"a = 07:00-20:00\na = 08:00-09:00\n",
                    ":2: site 'a' has hours on an earlier"}}) {
        std::ofstream(file) << text;
        CHECK_FALSE(hub::load_site_hours(file, problem));
        CHECK_MESSAGE(problem.find(expected) != std::string::npos, problem);
    }
}

TEST_CASE("Prometheus text: counters, rejects by reason, a cumulative latency histogram") {
    hub::HubMetrics metrics;
    metrics.count_ingested(7, 2);
    metrics.count_rejected("invalid_batch");
    metrics.count_rejected("invalid_batch");
    metrics.count_rejected("unauthorized");
    metrics.observe_request("/api/v1/batches", 0.004);
    metrics.observe_request("/api/v1/batches", 0.3);
    const std::string text = metrics.render({3, 1, 2, 40, {{"WAITING", 4}, {"DISCHARGE", 1}}});
    const auto has = [&](const std::string& line) {
        return text.find("\n" + line + "\n") != std::string::npos;
    };
    CHECK(has("fbk_hub_responses_stored_total 7"));
    CHECK(has("fbk_hub_responses_duplicate_total 2"));
    CHECK(has(R"(fbk_hub_requests_rejected_total{reason="invalid_batch"} 2)"));
    CHECK(has(R"(fbk_hub_requests_rejected_total{reason="unauthorized"} 1)"));
    CHECK(has(R"(fbk_hub_request_duration_seconds_bucket{route="/api/v1/batches",le="0.001"} 0)"));
    CHECK(has(R"(fbk_hub_request_duration_seconds_bucket{route="/api/v1/batches",le="0.005"} 1)"));
    CHECK(has(R"(fbk_hub_request_duration_seconds_bucket{route="/api/v1/batches",le="0.5"} 2)"));
    CHECK(has(R"(fbk_hub_request_duration_seconds_bucket{route="/api/v1/batches",le="+Inf"} 2)"));
    CHECK(has(R"(fbk_hub_request_duration_seconds_count{route="/api/v1/batches"} 2)"));
    CHECK(has(R"(fbk_hub_kiosks{state="ok"} 3)"));
    CHECK(has(R"(fbk_hub_kiosks{state="silent"} 2)"));
    CHECK(has("fbk_hub_kiosk_backlog_responses 40"));
    CHECK(has(R"(fbk_hub_comments_unhandled{stage="WAITING"} 4)"));
    CHECK(has(R"(fbk_hub_comments_unhandled{stage="DISCHARGE"} 1)"));
    CHECK(text.ends_with("\n"));
}

namespace {

hub::StoredResponse stored(protocol::Response r, std::int64_t seq) {
    hub::StoredResponse s;
    s.seq = seq;
    s.response = std::move(r);
    s.received_ms = 1'763'000'020'000;
    return s;
}

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find("\r\n", start);
        out.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

}  // namespace

TEST_CASE("long CSV has a row per answer, a row for a response without answers") {
    auto answered = fbk::test::sample_response(1);
    answered.answers = {{"satisfaction", 4},
                        protocol::Answer::cannot_say("recommend"),
                        protocol::Answer::of_text("comment", "=HYPERLINK(\"x\")")};
    auto empty = fbk::test::sample_response(2);
    empty.answers.clear();
    hub::LongCsvExport writer;
    std::string out = writer.header();
    writer.append_row(out, stored(answered, 1));
    writer.append_row(out, stored(empty, 2));
    const auto lines = lines_of(out);
    REQUIRE(lines.size() == 5);
    CHECK(lines[0].ends_with(",question,value,choices,text,cant_say"));
    CHECK(lines[1].starts_with(answered.id + ","));
    CHECK(lines[1].ends_with(",satisfaction,4,,,0"));
    CHECK(lines[2].ends_with(",recommend,,,,1"));
    CHECK(lines[3].ends_with(R"csv(,comment,,,"'=HYPERLINK(""x"")",0)csv"));
    CHECK(lines[4].starts_with(empty.id + ","));
    CHECK(lines[4].ends_with(",,,,,"));
    // Every row has as many cells as the header (no quoted commas in this data).
    const auto cells = [](const std::string& line) {
        return std::count(line.begin(), line.end(), ',');
    };
    for (std::size_t i = 1; i < lines.size(); ++i) {
        CHECK(cells(lines[i]) == cells(lines[0]));
    }
}

TEST_CASE("JSON export is one document whatever the number of rows") {
    for (const int rows : {0, 1, 3}) {
        auto writer = hub::make_response_writer("json", {});
        REQUIRE(writer);
        std::string out = writer->header();
        for (int i = 0; i < rows; ++i) {
            writer->append_row(out, stored(fbk::test::sample_response(i), i + 1));
        }
        out += writer->footer();
        const auto doc = nlohmann::json::parse(out);
        REQUIRE(doc.at("responses").size() == static_cast<std::size_t>(rows));
        if (rows > 0) {
            CHECK(doc.at("responses")[0].at("response_id") == fbk::test::sample_response(0).id);
        }
    }
    CHECK_FALSE(hub::make_response_writer("xlsx", {}));
}

TEST_CASE("database URLs lose every password before they reach a log") {
    const auto shown = hub::sql::redacted_url(
        "postgresql://hub:s3cret@db.example:5432/fbk?sslpassword=k3y&password=an0ther");
    CHECK(shown.find("s3cret") == std::string::npos);
    CHECK(shown.find("k3y") == std::string::npos);
    CHECK(shown.find("an0ther") == std::string::npos);
    CHECK(shown.starts_with("postgresql://hub:***@db.example:5432/fbk?"));
    CHECK(hub::sql::redacted_url("host=db password=x user=hub") == "host=db password=*** user=hub");
}
