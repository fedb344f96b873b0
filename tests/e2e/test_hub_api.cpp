// Long because the authorisation table covers every endpoint in one place, as it must.
// The hub's HTTP API from the outside: real server process, real HTTP over 127.0.0.1.
#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <set>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "sync/protocol/kiosk_link.h"
#include "sync/protocol/messages.h"
#include "tests/e2e/hub_sessions.h"
#include "tests/support/figures.h"
#include "tests/support/fixtures.h"
#include "tests/support/sample_responses.h"

using namespace fbk::test;
namespace protocol = fbk::sync::protocol;

namespace {

struct HubWithTokens {
    TempDir dir{"fbk-hub"};
    Hub hub{dir.path()};
    std::string kiosk = hub.create_token("kiosk", "k1");
    std::string other_kiosk = hub.create_token("kiosk", "k2");
    std::string admin = hub.create_token("admin", "quality");

    std::size_t exported_rows() {
        const auto [status, csv] = hub.get("/api/v1/responses?format=csv", admin);
        REQUIRE(status == 200);
        return parse_simple_csv(csv).size();
    }
};

std::string error_message(const std::string& body) {
    return nlohmann::json::parse(body).at("error").at("message").get<std::string>();
}

}  // namespace

TEST_CASE("a batch sent twice leaves one copy of each response") {
    HubWithTokens h;
    const auto body =
        sample_batch_body({sample_response(0), sample_response(1), sample_response(2)});
    const auto [s1, b1] = h.hub.post_batch(body, h.kiosk);
    REQUIRE(s1 == 200);
    const auto first = protocol::parse_ack(b1);
    REQUIRE(first.ack);
    for (const auto& r : first.ack->receipts) {
        CHECK(r.status == protocol::ReceiptStatus::Stored);
    }
    const auto [s2, b2] = h.hub.post_batch(body, h.kiosk);
    REQUIRE(s2 == 200);
    const auto second = protocol::parse_ack(b2);
    REQUIRE(second.ack);
    REQUIRE(second.ack->receipts.size() == 3);
    for (const auto& r : second.ack->receipts) {
        CHECK(r.status == protocol::ReceiptStatus::Duplicate);
    }
    CHECK(h.exported_rows() == 3);
}

TEST_CASE("a malformed batch is refused whole with the reason, and nothing of it is stored") {
    HubWithTokens h;
    const auto good = sample_response(0);

    SUBCASE("bad JSON") {
        const auto [status, body] =
            h.hub.post_batch(R"({"kiosk_id": "k1", "responses": [)", h.kiosk);
        CHECK(status == 400);
        CHECK(error_message(body).find("invalid JSON") != std::string::npos);
    }
    SUBCASE("unknown question") {
        auto bad = sample_response(1);
        bad.answers[0].question = "parking";
        const auto [status, body] = h.hub.post_batch(sample_batch_body({good, bad}), h.kiosk);
        CHECK(status == 400);
        CHECK(error_message(body) ==
              "$.responses[1].answers[0].question: unknown question 'parking' in survey "
              "'waiting-room'");
    }
    SUBCASE("out-of-range value") {
        auto bad = sample_response(1);
        bad.answers[1].value = 11;
        const auto [status, body] = h.hub.post_batch(sample_batch_body({good, bad}), h.kiosk);
        CHECK(status == 400);
        CHECK(error_message(body).find("11 is out of range 0..10") != std::string::npos);
    }
    SUBCASE("missing id") {
        auto doc = nlohmann::json::parse(sample_batch_body({good, sample_response(1)}));
        doc["responses"][1].erase("id");
        const auto [status, body] = h.hub.post_batch(doc.dump(), h.kiosk);
        CHECK(status == 400);
        CHECK(error_message(body) == "$.responses[1].id: is missing");
    }
    SUBCASE("uncompressed bodies are accepted too, and judged the same") {
        auto bad = sample_response(1);
        bad.answers[0].value = 9;
        const auto [status, body] =
            h.hub.post_batch(sample_batch_body({good, bad}), h.kiosk, false);
        CHECK(status == 400);
    }
    SUBCASE("a body that inflates beyond the limit") {
        const std::string huge(40 * 1024 * 1024, ' ');
        const auto [status, body] = h.hub.post_batch(huge, h.kiosk);
        CHECK(status == 413);
    }
    CHECK(h.exported_rows() == 0);
}

TEST_CASE("tokens: unknown is 401, a kiosk may neither export nor write for another kiosk") {
    HubWithTokens h;
    const auto body = sample_batch_body({sample_response(0)});
    CHECK(h.hub.post_batch(body, "").first == 401);
    CHECK(h.hub.post_batch(body, "fbk_kiosk_not-a-real-token").first == 401);
    CHECK(h.hub.post_batch(body, h.other_kiosk).first == 403);  // k2 writing k1's answers
    CHECK(h.hub.post_batch(body, h.admin).first == 403);        // admins do not upload answers
    CHECK(h.hub.get("/api/v1/responses?format=csv", h.kiosk).first == 403);
    CHECK(h.hub.get("/api/v1/responses?format=csv", "").first == 401);
    CHECK(h.hub.get("/api/v1/responses?format=csv", h.admin).first == 200);
    CHECK(h.exported_rows() == 0);
    CHECK(h.hub.post_batch(body, h.kiosk).first == 200);
    CHECK(h.exported_rows() == 1);
}

TEST_CASE("answers for a pack the hub does not have are deferred, not refused") {
    HubWithTokens h;
    auto r = sample_response(0);
    r.pack_version = 99;
    const auto [status, body] = h.hub.post_batch(sample_batch_body({r}), h.kiosk);
    CHECK(status == 503);
    CHECK(error_message(body).find("version 99 is not installed") != std::string::npos);
    CHECK(h.exported_rows() == 0);
}

TEST_CASE("exports page with an opaque cursor over the ingest order") {
    HubWithTokens h;
    std::vector<protocol::Response> all;
    for (int i = 0; i < 5; ++i) {
        all.push_back(sample_response(i));
    }
    REQUIRE(h.hub.post_batch(sample_batch_body(all), h.kiosk).first == 200);
    httplib::Client client("127.0.0.1", h.hub.port());
    const httplib::Headers auth{{"Authorization", "Bearer " + h.admin}};
    auto page1 = client.Get("/api/v1/responses?format=ndjson&limit=3", auth);
    REQUIRE(page1);
    CHECK(page1->status == 200);
    CHECK(std::count(page1->body.begin(), page1->body.end(), '\n') == 3);
    const auto cursor = page1->get_header_value("X-Next-Cursor");
    auto page2 = client.Get(("/api/v1/responses?format=ndjson&after=" + cursor).c_str(), auth);
    REQUIRE(page2);
    CHECK(std::count(page2->body.begin(), page2->body.end(), '\n') == 2);
    const std::string& body = page2->body;
    const auto last = nlohmann::json::parse(body.substr(body.rfind('\n', body.size() - 2) + 1));
    CHECK(last.at("response_id") == all[4].id);
    CHECK(last.at("answers").at("recommend").at("value") == 4);
    CHECK(client.Get("/api/v1/responses?after=42", auth)->status == 400);
}

TEST_CASE("GET /api/v1/stats: figures for admins, clear errors for bad parameters") {
    HubWithTokens h;
    std::vector<protocol::Response> responses;
    for (int n = 0; n < 40; ++n) {
        responses.push_back(sample_response(n));
    }
    REQUIRE(h.hub.post_batch(sample_batch_body(responses), h.kiosk).first == 200);

    const auto [status, body] = h.hub.get("/api/v1/stats?by=stage", h.admin);
    REQUIRE(status == 200);
    const auto stats = nlohmann::json::parse(body);
    REQUIRE(stats.at("groups").size() == 1);
    const auto& waiting = stats.at("groups")[0];
    CHECK(waiting.at("group") == "WAITING");
    CHECK(waiting.at("responses") == 40);
    CHECK(waiting.at("reliability") == "reliable");
    // satisfaction (CSAT), recommend (NPS), and what_went_wrong (multiple choice): the pack
    // asks it after a satisfaction of 2 or less, so these patients saw it without answering.
    CHECK(waiting.at("questions").size() == 3);

    CHECK(h.hub.get("/api/v1/stats", h.kiosk).first == 403);
    CHECK(h.hub.get("/api/v1/stats", "").first == 401);
    const auto [bad_by, bad_by_body] = h.hub.get("/api/v1/stats?by=colour", h.admin);
    CHECK(bad_by == 400);
    CHECK(error_message(bad_by_body).starts_with("by: 'colour'"));
    const auto [bad_from, bad_from_body] = h.hub.get("/api/v1/stats?from=yesterday", h.admin);
    CHECK(bad_from == 400);
    CHECK(error_message(bad_from_body).starts_with("from: 'yesterday'"));
    const auto [later, later_body] = h.hub.get("/api/v1/stats?from=2030-01-01", h.admin);
    CHECK(later == 200);
    CHECK(nlohmann::json::parse(later_body).at("groups").empty());

    // Periods (UTC) and sites, on whichever database the hub uses.
    const auto one_group = [&](const std::string& query) {
        const auto [s, b] = h.hub.get("/api/v1/stats?" + query, h.admin);
        REQUIRE(s == 200);
        const auto doc = nlohmann::json::parse(b);
        REQUIRE(doc.at("groups").size() == 1);
        CHECK(doc.at("groups")[0].at("responses") == 40);
        return doc.at("groups")[0].at("group").get<std::string>();
    };
    const auto first_row = parse_simple_csv(h.hub.get("/api/v1/responses?limit=1", h.admin).second);
    REQUIRE(first_row.size() == 1);
    const std::string finished = first_row[0].at("finished_at");  // 2026-11-30T08:00:00.000Z
    CHECK(one_group("by=day") == finished.substr(0, 10));
    CHECK(one_group("by=month") == finished.substr(0, 7));
    const std::string monday = one_group("by=week");
    const auto as_days = [](const std::string& date) {
        return std::chrono::sys_days(std::chrono::year_month_day(
            std::chrono::year(std::stoi(date.substr(0, 4))),
            std::chrono::month(static_cast<unsigned>(std::stoi(date.substr(5, 2)))),
            std::chrono::day(static_cast<unsigned>(std::stoi(date.substr(8, 2))))));
    };
    CHECK(std::chrono::weekday(as_days(monday)) == std::chrono::Monday);
    CHECK((as_days(finished.substr(0, 10)) - as_days(monday)).count() < 7);
    CHECK(one_group("by=site") == "");  // no heartbeat yet
    auto beat = heartbeat_of("k1");
    beat.site = "north";
    REQUIRE(h.hub.send_heartbeat(beat, h.kiosk) == 200);
    CHECK(one_group("by=site") == "north");
    CHECK(one_group("by=stage&site=north") == "WAITING");
    CHECK(nlohmann::json::parse(h.hub.get("/api/v1/stats?site=south", h.admin).second)
              .at("groups")
              .empty());

    // Exports take the same filters.
    const auto [fi_status, fi_csv] = h.hub.get("/api/v1/responses?format=csv&language=fi", h.admin);
    CHECK(fi_status == 200);
    const auto fi_rows = parse_simple_csv(fi_csv);
    CHECK(fi_rows.size() == 20);
    for (const auto& row : fi_rows) {
        CHECK(row.at("language") == "fi");
    }
    CHECK(parse_simple_csv(h.hub.get("/api/v1/responses?to=2020-01-01", h.admin).second).empty());
    CHECK(h.hub.get("/api/v1/responses?include_flagged=maybe", h.admin).first == 400);
}

namespace {

// Every endpoint and the status each kind of caller gets. `tokens`, in the order of the test's
// tokens: none, wrong, revoked, kiosk, other kiosk, viewer, analyst, admin. `sessions`, for
// people signed in with a cookie: viewer, analyst, admin, admin without the CSRF header, signed
// out, expired. A GET row leaves `sessions` empty: there a person's session is authorised
// exactly like an admin token of the same role (so the admin one without CSRF too), and a
// signed-out or expired session like no credential at all. Rows that change something say
// each status.
struct AuthorisationRow {
    std::string method;
    std::string path;
    std::vector<int> tokens;
    std::vector<int> sessions{};

    int expected(std::size_t caller) const {
        if (caller < tokens.size()) {
            return tokens[caller];
        }
        const std::size_t s = caller - tokens.size();
        if (!sessions.empty()) {
            return sessions[s];
        }
        constexpr std::size_t kLike[] = {5, 6, 7, 7, 0, 0};  // the token column it behaves like
        return tokens[kLike[s]];
    }
};

// Long because it is the table: one row per endpoint, read top to bottom.
std::vector<AuthorisationRow> authorisation_rows() {
    constexpr int kKioskOnly[] = {403, 403, 403, 403, 401, 401};
    const std::vector<int> kiosk_only(std::begin(kKioskOnly), std::end(kKioskOnly));
    return {
        {"POST", "/api/v1/batches", {401, 401, 401, 200, 403, 403, 403, 403}, kiosk_only},
        {"POST", "/api/v1/heartbeat", {401, 401, 401, 200, 403, 403, 403, 403}, kiosk_only},
        {"GET", "/api/v1/kiosk/settings", {401, 401, 401, 200, 200, 403, 403, 403}},
        {"GET",
         "/api/v1/kiosk/pack?id=default-healthcare",
         {401, 401, 401, 200, 200, 403, 403, 403}},
        {"GET",
         "/api/v1/kiosk/central-settings?site=ward-3",
         {401, 401, 401, 200, 200, 403, 403, 403}},
        {"GET", "/api/v1/responses?format=csv", {401, 401, 401, 403, 403, 403, 200, 200}},
        {"GET", "/api/v1/stats", {401, 401, 401, 403, 403, 200, 200, 200}},
        {"GET", "/api/v1/kiosks", {401, 401, 401, 403, 403, 200, 200, 200}},
        {"GET", "/api/v1/audit", {401, 401, 401, 403, 403, 403, 403, 200}},
        {"GET", "/api/v1/comments", {401, 401, 401, 403, 403, 403, 200, 200}},
        // Authorised callers pass to the handler, which finds no comment in this batch.
        {"POST",
         "/api/v1/comments/state",
         {401, 401, 401, 403, 403, 403, 404, 404},
         {403, 404, 404, 403, 401, 401}},
        {"GET", "/api/v1/themes", {401, 401, 401, 403, 403, 200, 200, 200}},
        {"GET", "/api/v1/packs", {401, 401, 401, 403, 403, 200, 200, 200}},
        {"POST",
         "/api/v1/packs",
         {401, 401, 401, 403, 403, 403, 403, 200},
         {403, 403, 200, 403, 401, 401}},
        {"POST",
         "/api/v1/packs/assignments",
         {401, 401, 401, 403, 403, 403, 403, 200},
         {403, 403, 200, 403, 401, 401}},
        {"GET", "/api/v1/central-settings", {401, 401, 401, 403, 403, 403, 403, 200}},
        {"POST",
         "/api/v1/central-settings",
         {401, 401, 401, 403, 403, 403, 403, 200},
         {403, 403, 200, 403, 401, 401}},
        {"GET", "/api/v1/journey", {401, 401, 401, 403, 403, 200, 200, 200}},
        {"GET", "/api/v1/report?period=2026-11", {401, 401, 401, 403, 403, 200, 200, 200}},
        {"GET", "/api/v1/targets", {401, 401, 401, 403, 403, 200, 200, 200}},
        // The admin token makes target #1, the admin session #2; the token deletes #1 first,
        // so the session passes authorisation and finds it gone.
        {"POST",
         "/api/v1/targets",
         {401, 401, 401, 403, 403, 403, 403, 201},
         {403, 403, 201, 403, 401, 401}},
        {"DELETE",
         "/api/v1/targets?id=1",
         {401, 401, 401, 403, 403, 403, 403, 200},
         {403, 403, 404, 403, 401, 401}},
        {"GET", "/api/v1/alert-rules", {401, 401, 401, 403, 403, 403, 403, 200}},
        {"POST",
         "/api/v1/alert-rules",
         {401, 401, 401, 403, 403, 403, 403, 201},
         {403, 403, 201, 403, 401, 401}},
        {"DELETE",
         "/api/v1/alert-rules?id=1",
         {401, 401, 401, 403, 403, 403, 403, 200},
         {403, 403, 404, 403, 401, 401}},
        {"GET", "/api/v1/alert-deliveries", {401, 401, 401, 403, 403, 403, 403, 200}},
        {"GET", "/metrics", {401, 401, 401, 403, 403, 200, 200, 200}},
        {"GET", "/healthz", {200, 200, 200, 200, 200, 200, 200, 200}},
        {"GET", "/readyz", {200, 200, 200, 200, 200, 200, 200, 200}},
        {"GET", "/api/v1/openapi.json", {200, 200, 200, 200, 200, 200, 200, 200}},
        {"GET", "/dashboard/", {200, 200, 200, 200, 200, 200, 200, 200}},
        // The OData feed: its description for every role, individual responses for analysts.
        {"GET", "/odata/v1/", {401, 401, 401, 403, 403, 200, 200, 200}},
        {"GET", "/odata/v1/$metadata", {401, 401, 401, 403, 403, 200, 200, 200}},
        {"GET", "/odata/v1/Responses", {401, 401, 401, 403, 403, 403, 200, 200}},
        {"GET", "/odata/v1/Answers", {401, 401, 401, 403, 403, 403, 200, 200}},
        // This hub has no identity provider: nobody can start a sign-in.
        {"GET", "/auth/login", {404, 404, 404, 404, 404, 404, 404, 404}},
        {"GET", "/auth/callback?code=c&state=s", {404, 404, 404, 404, 404, 404, 404, 404}},
        {"GET", "/auth/session", {200, 200, 200, 200, 200, 200, 200, 200}},
        // Last: signing out ends the sessions. Without a session there is nothing to protect;
        // a live one needs its CSRF token.
        {"POST",
         "/auth/logout",
         {200, 200, 200, 200, 200, 200, 200, 200},
         {200, 200, 200, 403, 200, 200}},
    };
}

// The table is the whole API: exactly the operations the OpenAPI description lists.
void check_openapi_lists(httplib::Client& client, const std::vector<AuthorisationRow>& table) {
    const auto openapi = client.Get("/api/v1/openapi.json");
    REQUIRE(openapi);
    const auto doc = nlohmann::json::parse(openapi->body);
    CHECK(doc.at("openapi") == "3.0.3");
    std::set<std::string> described;
    for (const auto& [path, operations] : doc.at("paths").items()) {
        for (const auto& [method, operation] : operations.items()) {
            described.insert(method + " " + path);
            CHECK_MESSAGE(operation.at("responses").size() > 0, method, " ", path);
        }
    }
    std::set<std::string> tested;
    for (const AuthorisationRow& row : table) {
        std::string method = row.method;
        std::transform(method.begin(), method.end(), method.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        tested.insert(method + " " + row.path.substr(0, row.path.find('?')));
    }
    CHECK(described == tested);
}

}  // namespace

namespace {

struct Caller {
    std::string name;
    httplib::Headers headers;
};

// The test's callers, in the order of a row's columns (AuthorisationRow).
std::vector<Caller> authorisation_callers(HubWithTokens& h) {
    const auto viewer = h.hub.create_token("admin", "vera", "viewer");
    const auto analyst = h.hub.create_token("admin", "anna", "analyst");
    const auto gone = h.hub.create_token("admin", "gone");
    REQUIRE(run_command(h.hub.cli({"token", "revoke", "--admin", "gone"}), h.dir / "revoke.log")
                .first == 0);
    std::vector<Caller> callers;
    for (const auto& [name, token] : std::vector<std::pair<std::string, std::string>>{
             {"none", ""},
             {"wrong", "fbk_admin_" + std::string(43, 'x')},
             {"revoked", gone},
             {"kiosk", h.kiosk},
             {"other kiosk", h.other_kiosk},
             {"viewer", viewer},
             {"analyst", analyst},
             {"admin", h.admin}}) {
        callers.push_back({name, {}});
        if (!token.empty()) {
            callers.back().headers.emplace("Authorization", "Bearer " + token);
        }
    }
    using fbk::sync::hub::Role;
    const std::int64_t long_ago = 1'700'000'000'000;
    const std::pair<std::string, PersonSpec> people[] = {
        {"viewer session", {"vic-1", "Victor Viewer", "victor@example.test", Role::Viewer}},
        {"analyst session", {"ann-1", "Anna Analyst", "anna@example.test", Role::Analyst}},
        {"admin session", {"ada-1", "Ada Admin", "ada@example.test", Role::Admin}},
        {"admin session without CSRF", {"ada-2", "Ada Admin", "ada@example.test", Role::Admin}},
        {"signed-out session",
         {"ada-3", "Ada Admin", "ada@example.test", Role::Admin, 0, 3'600'000, true}},
        {"expired session",
         {"ada-4", "Ada Admin", "ada@example.test", Role::Admin, long_ago, 3'600'000}},
    };
    for (const auto& [name, person] : people) {
        const PersonSession session = open_session(h.hub, person);
        callers.push_back({name, {{"Cookie", session.cookie()}}});
        if (name != "admin session without CSRF") {
            callers.back().headers.emplace("X-CSRF-Token", session.csrf);
        }
    }
    return callers;
}

}  // namespace

TEST_CASE("authorisation table: every endpoint against every kind of token and session") {
    HubWithTokens h;
    const std::vector<Caller> callers = authorisation_callers(h);
    const auto beat = heartbeat_of("k1");
    const std::string batch = sample_batch_body({sample_response(0)});
    const std::string default_pack =
        read_file(source_dir() / "assets/packs/default-healthcare.json");  // already installed
    const std::string pack_assignment =
        R"({"pack_id": "default-healthcare", "version": 2, "target": "all"})";
    const std::string target = R"({"stage": "DISCHARGE", "metric": "nps_score", "threshold": 40})";
    const std::string alert_rule =
        R"({"kind": "kiosk_alarm", "channels": [{"type": "webhook", "url": "https://alerts.example/hook", "secret": "sixteen-bytes-at-least"}]})";
    const std::string settings =
        R"({"target": "site:ward-3", "settings": {"timing.idle_timeout": "45s"}})";
    const std::string comment_state = R"({"response_id": ")" + sample_response(0).id +
                                      R"(", "question": "comment", "state": "seen"})";
    const std::vector<AuthorisationRow> table = authorisation_rows();
    httplib::Client client("127.0.0.1", h.hub.port());
    for (const AuthorisationRow& row : table) {
        for (std::size_t i = 0; i < callers.size(); ++i) {
            CAPTURE(row.path);
            CAPTURE(callers[i].name);
            // Each POST gets a body it would accept from the right caller.
            const std::string body = row.path.ends_with("batches") ? batch
                                     : row.path.ends_with("heartbeat")
                                         ? fbk::sync::protocol::serialize(beat)
                                     : row.path.ends_with("assignments")      ? pack_assignment
                                     : row.path.ends_with("targets")          ? target
                                     : row.path.ends_with("state")            ? comment_state
                                     : row.path.ends_with("alert-rules")      ? alert_rule
                                     : row.path.ends_with("central-settings") ? settings
                                     : row.path.ends_with("logout")           ? "{}"
                                                                              : default_pack;
            const httplib::Headers& headers = callers[i].headers;
            httplib::Result res =
                row.method == "GET" ? client.Get(row.path.c_str(), headers)
                : row.method == "DELETE"
                    ? client.Delete(row.path.c_str(), headers)
                    : client.Post(row.path.c_str(), headers, body, "application/json");
            REQUIRE(res);
            CHECK(res->status == row.expected(i));
        }
    }

    check_openapi_lists(client, table);

    // Every administrative action left a line in the audit log, without tokens or answers; a
    // person is named by name, e-mail and the provider's subject.
    const auto [status, body] = h.hub.get("/api/v1/audit", h.admin);
    REQUIRE(status == 200);
    std::vector<std::string> lines;
    const auto log = nlohmann::json::parse(body);
    for (const auto& e : log.at("entries")) {
        lines.push_back(e.at("actor").get<std::string>() + " " + e.at("action").get<std::string>() +
                        " " + e.at("detail").get<std::string>());
    }
    const auto has = [&](const std::string& line) {
        return std::find(lines.begin(), lines.end(), line) != lines.end();
    };
    CHECK(has("cli token.create admin anna (analyst)"));
    CHECK(has("cli token.revoke admin gone: 1 revoked"));
    CHECK(has("anna export /api/v1/responses?format=csv"));
    CHECK(has("quality export /api/v1/responses?format=csv"));
    CHECK(has("quality target.set #1 nps_score >= 40 (site all, stage DISCHARGE, survey all)"));
    CHECK(has("quality target.delete #1 nps_score >= 40 (site all, stage DISCHARGE, survey all)"));
    CHECK(has("Anna Analyst <anna@example.test> (sub ann-1) export /api/v1/responses?format=csv"));
    CHECK(
        has("Ada Admin <ada@example.test> (sub ada-1) target.set #2 nps_score >= 40 (site all, "
            "stage DISCHARGE, survey all)"));
    CHECK(has("Ada Admin <ada@example.test> (sub ada-1) signout "));
    CHECK(has("quality settings.set site:ward-3: timing.idle_timeout=45s"));
    CHECK(body.find(h.admin) == std::string::npos);
}

TEST_CASE("sessions: `session end` ends every session of a person at once, and only theirs") {
    HubWithTokens h;
    using fbk::sync::hub::Role;
    const auto laptop = open_session(h.hub, {"sub-ann", "Anna", "", Role::Analyst});
    const auto phone = open_session(h.hub, {"sub-ann", "Anna", "", Role::Analyst});
    const auto colleague = open_session(h.hub, {"sub-bo", "Bo", "", Role::Viewer});
    httplib::Client client("127.0.0.1", h.hub.port());
    const auto status = [&](const PersonSession& s) {
        return client.Get("/api/v1/stats", {{"Cookie", s.cookie()}})->status;
    };
    REQUIRE(status(laptop) == 200);
    const auto [ended, out] =
        run_command(h.hub.cli({"session", "end", "--person", "sub-ann"}), h.dir / "end.log");
    CHECK(ended == 0);
    CHECK(read_file(h.dir / "end.log").find("ended 2 sessions of sub-ann") != std::string::npos);
    CHECK(status(laptop) == 401);
    CHECK(status(phone) == 401);
    CHECK(status(colleague) == 200);
    // Nobody left to end: exit status 1, so a script notices a mistyped subject.
    CHECK(run_command(h.hub.cli({"session", "end", "--person", "sub-ann"}), h.dir / "end2.log")
              .first == 1);
    const auto audit =
        nlohmann::json::parse(h.hub.get("/api/v1/audit?action=session.end", h.admin).second);
    REQUIRE(audit.at("entries").size() == 2);
    CHECK(audit.at("entries")[1].at("detail") == "sub-ann: 2 ended");
}

TEST_CASE("100 000 responses export as CSV in flat memory, parse in Python, keep their letters") {
    HubWithTokens h;
    constexpr int kResponses = 100'000;
    const std::string nordic = "Blåbær og øl, åäö ÆØÅ";
    const std::string cyrillic = "Дякую, лікарю";
    const std::string formula = "=HYPERLINK(\"http://evil.example\",\"click\")";
    for (int first = 0; first < kResponses; first += 1'000) {
        std::vector<protocol::Response> batch;
        for (int n = first; n < first + 1'000; ++n) {
            auto r = realistic_response(n);
            if (n < 3) {
                protocol::Answer comment;
                comment.question = "comment";
                comment.text = n == 0 ? nordic : n == 1 ? cyrillic : formula;
                r.answers.resize(2);
                r.answers.push_back(comment);
            }
            batch.push_back(r);
        }
        REQUIRE(h.hub.post_batch(sample_batch_body(batch), h.kiosk).first == 200);
    }
    const auto rss = [&] {
        std::ifstream status("/proc/" + std::to_string(h.hub.pid()) + "/status");
        for (std::string line; std::getline(status, line);) {
            if (line.starts_with("VmRSS:")) {
                return std::stoll(line.substr(6)) * 1024;
            }
        }
        return 0LL;
    };
    const auto idle = rss();
    auto peak = idle;
    std::ofstream out(h.dir / "export.csv", std::ios::binary);
    httplib::Client client("127.0.0.1", h.hub.port());
    client.set_read_timeout(120, 0);
    const auto res =
        client.Get("/api/v1/responses?format=csv&bom=true",
                   {{"Authorization", "Bearer " + h.admin}}, [&](const char* data, std::size_t n) {
                       out.write(data, static_cast<std::streamsize>(n));
                       peak = std::max(peak, rss());
                       return true;
                   });
    out.close();
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const double mib = 1024.0 * 1024.0;
    report_figure("100 000-response CSV export: hub RSS " +
                  std::to_string(static_cast<double>(idle) / mib).substr(0, 5) + " MiB idle, " +
                  std::to_string(static_cast<double>(peak) / mib).substr(0, 5) + " MiB at peak");
    CHECK(peak - idle < 32 * 1024 * 1024);

    // Python's csv module reads it back: every row, the letters intact, the formula inert.
    const std::string script = R"py(
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
by_id = {r["response_id"]: r for r in rows}
print(len(rows), len(by_id))
for i in sys.argv[2:]:
    print(by_id[i]["comment"])
)py";
    write_file(h.dir / "check.py", script);
    const auto [status, printed] = run_command(
        {"/usr/bin/python3", (h.dir / "check.py").string(), (h.dir / "export.csv").string(),
         realistic_response(0).id, realistic_response(1).id, realistic_response(2).id},
        h.dir / "python.log");
    REQUIRE_MESSAGE(status == 0, read_file(h.dir / "python.log"));
    // As many rows as responses and as distinct ids: read ahead on other threads
    // (export/read_ahead.h), no page was skipped or given twice.
    CHECK(printed == std::to_string(kResponses) + " " + std::to_string(kResponses) + "\n" + nordic +
                         "\n" + cyrillic + "\n'" + formula + "\n");
    CHECK(read_file(h.dir / "export.csv").starts_with("\xEF\xBB\xBFresponse_id,"));
}
