// The hub as operations staff see it: metrics checked by Prometheus's own promtool, readiness,
// rate limits, slow clients, and the command-line export.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "sync/protocol/kiosk_link.h"
#include "tests/support/fixtures.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

using namespace fbk::test;
using namespace std::chrono_literals;
using nlohmann::json;
namespace protocol = fbk::sync::protocol;

namespace {

// A line of Prometheus text, e.g. `fbk_hub_responses_stored_total 3`: its value, or -1.
double metric(const std::string& text, const std::string& series) {
    const auto at = text.find("\n" + series + " ");
    if (at == std::string::npos) {
        return -1;
    }
    return std::stod(text.substr(at + series.size() + 2));
}

}  // namespace

TEST_CASE("/metrics counts what the hub did, and promtool accepts it") {
    REQUIRE_MESSAGE(std::string(FBK_PROMTOOL).find("NOTFOUND") == std::string::npos,
                    "promtool is missing: deploy/dev.sh deps fetches it from Debian's prometheus");
    TempDir dir("fbk-ops");
    Hub hub(dir.path());
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto viewer = hub.create_token("admin", "grafana", "viewer");

    const auto body =
        sample_batch_body({sample_response(0), sample_response(1), sample_response(2)});
    REQUIRE(hub.post_batch(body, kiosk).first == 200);
    REQUIRE(hub.post_batch(body, kiosk).first == 200);  // all three again: duplicates
    CHECK(hub.post_batch("{}", kiosk).first == 400);
    CHECK(hub.get("/api/v1/stats", "fbk_admin_nonsense").first == 401);
    auto beat = heartbeat_of("k1");
    beat.backlog = 17;
    beat.alarms = {std::string(protocol::kAlarmLowSpace)};
    REQUIRE(hub.send_heartbeat(beat, kiosk) == 200);
    httplib::Client client("127.0.0.1", hub.port());

    const auto [status, text] = hub.get("/metrics", viewer);
    REQUIRE(status == 200);
    CHECK(metric(text, "fbk_hub_responses_stored_total") == 3);
    CHECK(metric(text, "fbk_hub_responses_duplicate_total") == 3);
    CHECK(metric(text, R"(fbk_hub_requests_rejected_total{reason="invalid_batch"})") == 1);
    CHECK(metric(text, R"(fbk_hub_requests_rejected_total{reason="unauthorized"})") == 1);
    CHECK(metric(text, R"(fbk_hub_request_duration_seconds_count{route="/api/v1/batches"})") == 3);
    CHECK(metric(text, R"(fbk_hub_kiosks{state="alarm"})") == 1);
    CHECK(metric(text, R"(fbk_hub_kiosks{state="ok"})") == 0);
    CHECK(metric(text, "fbk_hub_kiosk_backlog_responses") == 17);

    write_file(dir / "metrics.txt", text);
    const auto [check, out] = run_command({"/bin/sh", "-c",
                                           std::string(FBK_PROMTOOL) + " check metrics < '" +
                                               (dir / "metrics.txt").string() + "' 2>&1"},
                                          dir / "promtool.log");
    CHECK_MESSAGE(check == 0, out);
    // promtool fails on broken exposition text, so the check above can fail.
    write_file(dir / "broken.txt", "# TYPE x counter\nx{reason=\"a} 1\n");
    CHECK(run_command({"/bin/sh", "-c",
                       std::string(FBK_PROMTOOL) + " check metrics < '" +
                           (dir / "broken.txt").string() + "'"},
                      dir / "promtool.log")
              .first != 0);

    // The shipped alerting rules (deploy/prometheus/alerts.yml) read series this hub exports.
    std::ifstream rules_file(source_dir() / "deploy/prometheus/alerts.yml");
    const std::string rules{std::istreambuf_iterator<char>(rules_file),
                            std::istreambuf_iterator<char>()};
    const std::regex series_name(R"(fbk_hub_[a-z_]+)");
    int names = 0;
    for (auto it = std::sregex_iterator(rules.begin(), rules.end(), series_name);
         it != std::sregex_iterator(); ++it, ++names) {
        CHECK_MESSAGE(text.find("\n" + it->str()) != std::string::npos, it->str());
    }
    CHECK(names >= 4);

    const auto ready = client.Get("/readyz");
    REQUIRE(ready);
    CHECK(ready->status == 200);
    CHECK(json::parse(ready->body).at("status") == "ready");
}

TEST_CASE("a token over its rate gets 429 with Retry-After while other tokens are served") {
    TempDir dir("fbk-ops");
    Hub hub(dir.path(), 0, {"--rate-limit", "2"});  // 2/s, bursts of 6
    const auto busy = hub.create_token("admin", "script");
    const auto calm = hub.create_token("admin", "person");
    httplib::Client client("127.0.0.1", hub.port());
    const httplib::Headers auth{{"Authorization", "Bearer " + busy}};
    const auto started = std::chrono::steady_clock::now();
    int served = 0;
    std::string retry_after;
    for (int i = 0; i < 30; ++i) {
        const auto res = client.Get("/api/v1/kiosks", auth);
        REQUIRE(res);
        if (res->status == 200) {
            ++served;
        } else {
            CHECK(res->status == 429);
            retry_after = res->get_header_value("Retry-After");
        }
        if (i < 6) {
            CHECK(res->status == 200);  // the burst
        }
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    CHECK(served <= 6 + static_cast<int>(2 * seconds) + 1);
    CHECK(retry_after == "1");
    CHECK(hub.get("/api/v1/kiosks", calm).first == 200);
    // Rejected requests are counted by reason.
    CHECK(hub.get("/metrics", calm).second.find(R"(reason="rate_limited")") != std::string::npos);
}

TEST_CASE("a client that stalls mid-request is dropped and does not hold up others") {
    TempDir dir("fbk-ops");
    Hub hub(dir.path(), 0, {"--client-timeout", "1"});
    const auto admin = hub.create_token("admin", "it");
    const int sock = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(sock >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(hub.port()));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(sock, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    const std::string partial = "GET /api/v1/kiosks HTTP/1.1\r\nHost: hub\r\n";  // never ends
    REQUIRE(::send(sock, partial.data(), partial.size(), 0) ==
            static_cast<ssize_t>(partial.size()));
    const auto started = std::chrono::steady_clock::now();
    // Others are served while the slow client holds its connection.
    CHECK(hub.get("/api/v1/kiosks", admin).first == 200);
    // The hub closes the stalled connection: recv sees the end (or a reset), without a reply.
    timeval limit{10, 0};
    setsockopt(sock, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
    std::string reply;
    char buffer[256];
    ssize_t got = 0;
    while ((got = ::recv(sock, buffer, sizeof buffer, 0)) > 0) {
        reply.append(buffer, static_cast<std::size_t>(got));
    }
    const double waited =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    ::close(sock);
    CHECK(got == 0);  // closed by the hub, not by our 10 s receive limit
    // cpp-httplib may say why before closing; it must not be a success.
    CHECK((reply.empty() || reply.starts_with("HTTP/1.1 4")));
    MESSAGE("stalled client dropped after " << waited << " s (--client-timeout 1)");
    CHECK(waited >= 0.5);
    CHECK(waited < 5.0);
}

TEST_CASE("feedback-hub export writes long CSV with a progress bar, and refuses bad options") {
    TempDir dir("fbk-ops");
    Hub hub(dir.path());
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto analyst = hub.create_token("admin", "anna", "analyst");
    std::vector<protocol::Response> responses;
    std::size_t answers = 0;
    for (int i = 0; i < 2'500; ++i) {
        responses.push_back(realistic_response(i, 7));
        answers += std::max<std::size_t>(1, responses.back().answers.size());
    }
    for (std::size_t i = 0; i < responses.size(); i += 500) {
        const std::vector batch(responses.begin() + static_cast<long>(i),
                                responses.begin() + static_cast<long>(i + 500));
        REQUIRE(hub.post_batch(sample_batch_body(batch), kiosk).first == 200);
    }

    // The CLI reads the live hub's database (SQLite WAL lets it read while the hub writes).
    const auto out = dir / "long.csv";
    const auto [status, stdout_text] =
        run_command(hub.cli({"export", "--format", "csv-long", "--out", out.string(), "--bom"}),
                    dir / "export.log");
    const std::string progress = read_file(dir / "export.log");
    REQUIRE_MESSAGE(status == 0, progress);
    CHECK(progress.find("100% 2500/2500 responses") != std::string::npos);
    CHECK(progress.find("exported 2500 responses to " + out.string()) != std::string::npos);
    const std::string csv = read_file(out);
    CHECK(csv.starts_with("\xEF\xBB\xBFresponse_id,"));
    // One row per answer (and one per response without answers), plus the header.
    std::size_t rows = 0;
    for (std::size_t at = 0; (at = csv.find("\r\n", at)) != std::string::npos; at += 2) {
        ++rows;
    }
    // Comments may hold line breaks inside quotes; the realistic ones do not.
    CHECK(rows == answers + 1);
    CHECK_FALSE(std::filesystem::exists(dir / "long.csv.part"));

    // The same data through the API in JSON.
    const auto [api_status, api_json] = hub.get("/api/v1/responses?format=json", analyst);
    REQUIRE(api_status == 200);
    CHECK(json::parse(api_json).at("responses").size() == 2'500);

    // Bad options: a clear message, exit 2, and no file.
    const auto bad = dir / "bad.csv";
    const auto [bad_status, bad_out] =
        run_command(hub.cli({"export", "--format", "xls", "--out", bad.string()}), dir / "bad.log");
    CHECK(bad_status == 2);
    CHECK(read_file(dir / "bad.log")
              .find("--format 'xls' is not csv, csv-long, ndjson, json or xlsx") !=
          std::string::npos);
    CHECK_FALSE(std::filesystem::exists(bad));
    CHECK(run_command(hub.cli({"export", "--from", "yesterday", "--out", bad.string()}),
                      dir / "bad.log")
              .first == 2);

    // The export is in the audit log, as "cli".
    const auto admin = hub.create_token("admin", "it");
    const auto [audit_status, audit] = hub.get("/api/v1/audit", admin);
    REQUIRE(audit_status == 200);
    bool audited = false;
    const auto audit_doc = json::parse(audit);
    for (const auto& entry : audit_doc.at("entries")) {
        audited |= entry.at("actor") == "cli" && entry.at("action") == "export" &&
                   entry.at("detail").get<std::string>().starts_with(
                       "feedback-hub export --format csv-long");
    }
    CHECK(audited);
}

TEST_CASE("latest comments are newest first, filtered, and limited") {
    TempDir dir("fbk-ops");
    Hub hub(dir.path());
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto analyst = hub.create_token("admin", "anna", "analyst");
    std::vector<protocol::Response> responses;
    for (int i = 0; i < 6; ++i) {
        auto r = sample_response(i);
        r.answers.push_back(protocol::Answer::of_text("comment", "kommentti " + std::to_string(i)));
        responses.push_back(r);
    }
    REQUIRE(hub.post_batch(sample_batch_body(responses), kiosk).first == 200);
    const auto [status, body] = hub.get("/api/v1/comments?limit=2", analyst);
    REQUIRE(status == 200);
    const auto comments = json::parse(body).at("comments");
    REQUIRE(comments.size() == 2);
    CHECK(comments[0].at("text") == "kommentti 5");
    CHECK(comments[1].at("text") == "kommentti 4");
    CHECK(comments[0].at("question") == "comment");
    const auto [en_status, en_body] = hub.get("/api/v1/comments?language=en", analyst);
    REQUIRE(en_status == 200);
    CHECK(json::parse(en_body).at("comments").size() == 3);  // odd n answer in English
    CHECK(hub.get("/api/v1/comments?limit=0", analyst).first == 400);
    CHECK(hub.get("/api/v1/comments?limit=500", analyst).first == 400);
}
