// The hub against what an attacker or a careless client sends: bytes that are not UTF-8 on
// every route, bodies that lie about their size, cut gzip streams, and the status codes and
// headers each must get. The real feedback-hub over loopback, raw bytes where a well-behaved
// HTTP client would refuse to send them.
#include <doctest/doctest.h>

#include <signal.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "sync/protocol/kiosk_link.h"
#include "sync/protocol/utf8.h"
#include "tests/support/figures.h"
#include "tests/support/fixtures.h"
#include "tests/support/raw_http.h"
#include "tests/support/sample_responses.h"

using namespace fbk::test;
using nlohmann::json;
namespace protocol = fbk::sync::protocol;

namespace {

struct HardenedHub {
    TempDir dir{"fbk-hostile"};
    // Hundreds of requests in a row: without a rate limit, so that each gets its own answer.
    Hub hub{dir.path(), 0, {"--rate-limit", "0"}};
    std::string kiosk = hub.create_token("kiosk", "k1");
    std::string admin = hub.create_token("admin", "quality");

    bool kiosk_route(const std::string& path) const {
        return path == "/api/v1/batches" || path == "/api/v1/heartbeat" ||
               path.starts_with("/api/v1/kiosk/");
    }
    std::string token_for(const std::string& path) const {
        return kiosk_route(path) ? kiosk : admin;
    }
    bool alive() const { return ::kill(hub.pid(), 0) == 0 && hub.get("/healthz", "").first == 200; }
};

std::string request(const std::string& method, const std::string& target, const std::string& token,
                    const std::string& extra_headers = "", const std::string& body = "") {
    std::string r = method + " " + target + " HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n";
    if (!token.empty()) {
        r += "Authorization: Bearer " + token + "\r\n";
    }
    r += extra_headers;
    if (method == "POST" && extra_headers.find("Content-Length") == std::string::npos) {
        r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    }
    return r + "\r\n" + body;
}

// The hub's error document, whose message is valid UTF-8 and holds none of the raw bytes sent.
json error_of(const RawReply& reply) {
    REQUIRE_MESSAGE(!protocol::first_invalid_utf8(reply.body), reply.body);
    const auto doc = json::parse(reply.body, nullptr, false);
    REQUIRE_MESSAGE(doc.is_object(), reply.body);
    REQUIRE_MESSAGE(doc.contains("error"), reply.body);
    return doc.at("error");
}

// The operations the hub describes, which the authorisation table proves are all it has.
std::vector<std::pair<std::string, std::string>> routes_of(const Hub& hub) {
    const auto [status, body] = hub.get("/api/v1/openapi.json", "");
    REQUIRE(status == 200);
    std::vector<std::pair<std::string, std::string>> out;
    const json doc = json::parse(body);
    for (const auto& [path, operations] : doc.at("paths").items()) {
        for (const auto& [method, operation] : operations.items()) {
            std::string upper = method;
            for (char& c : upper) {
                c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
            }
            out.emplace_back(upper, path);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("hostile bytes on every route get a 4xx that names where, and never stop the hub") {
    HardenedHub h;
    const auto routes = routes_of(h.hub);
    REQUIRE(routes.size() >= 17);
    int sent = 0;
    const auto expect = [&](const std::string& what, const std::string& bytes, int status,
                            const std::string& named) {
        CAPTURE(what);
        const RawReply reply = raw_request(h.hub.port(), bytes);
        ++sent;
        CHECK(reply.status == status);
        if (reply.status >= 400) {
            const json error = error_of(reply);
            CHECK_MESSAGE(error.at("message").get<std::string>().find(named) != std::string::npos,
                          error.dump());
        }
        CHECK(reply.header("X-Content-Type-Options") == "nosniff");
    };
    for (const auto& [method, path] : routes) {
        CAPTURE(method + " " + path);
        const std::string token = h.token_for(path);
        expect("path", request(method, path + "/\xff\xfe", token), 400, "path");
        expect("path escape", request(method, path + "%C0%AF", token), 400, "path");
        expect("parameter value", request(method, path + "?by=%FF", token), 400,
               "query parameter 'by'");
        expect("parameter name", request(method, path + "?\xff=1", token), 400,
               "query parameter 1");
        expect("bad escape", request(method, path + "?id=%ZZ", token), 400, "query parameter 'id'");
        expect("unknown parameter", request(method, path + "?colour=blue", token), 400,
               "unknown parameter 'colour'");
        expect("header", request(method, path, token, "X-Probe: \xff\xfe\r\n"), 400,
               "header 'X-Probe'");
        expect("token", request(method, path, "\xc3\x28"), 400, "header 'Authorization'");
        if (method == "POST") {
            const std::string json_type = "Content-Type: application/json\r\n";
            expect("repeated key", request(method, path, token, json_type, R"({"a":1,"a":2})"), 400,
                   "appears twice");
            expect("invalid UTF-8 in a string",
                   request(method, path, token, json_type, "{\"kiosk_id\":\"\xff\"}"), 400,
                   "$.kiosk_id: is not valid UTF-8: \"\\xff");
            expect("invalid UTF-8 in a key",
                   request(method, path, token, json_type, "{\"\xed\xa0\x80\":1}"), 400,
                   "$ (a key): is not valid UTF-8");
            expect("deep nesting",
                   request(method, path, token, json_type,
                           "{\"a\":" + std::string(1'000, '[') + std::string(1'000, ']') + "}"),
                   400, "nests deeper");
            const std::string zipped = gzip(R"({"kiosk_id": "k1"})");
            expect("gzip without its trailer",
                   request(method, path, token, json_type + "Content-Encoding: gzip\r\n",
                           zipped.substr(0, zipped.size() - 8)),
                   400, "trailer");
            expect("a size no body follows",
                   request(method, path, token, json_type + "Content-Length: 99999999\r\n"), 413,
                   "exceeds");
            expect("media type", request(method, path, token, "Content-Type: text/plain\r\n", "{}"),
                   415, "Content-Type");
        }
        // Odd but valid text is accepted or refused by meaning, and never echoed raw.
        const RawReply odd =
            raw_request(h.hub.port(), request(method, path + "?kiosk=%0A%1B%5B31m%C3%A4", token));
        ++sent;
        CHECK(odd.status < 500);
        CHECK(odd.body.find('\x1b') == std::string::npos);
        REQUIRE_MESSAGE(h.alive(), h.hub.log());
    }
    // The request line and head themselves.
    expect("not HTTP", "\x16\x03\x01\x02\x01\x01\xfc\r\n\r\n", 400, "not a valid HTTP");
    expect("oversized head", "GET / HTTP/1.1\r\nX-Big: " + std::string(40'000, 'a') + "\r\n\r\n",
           431, "exceeds");
    expect("no such endpoint", request("GET", "/api/v2/\xe2\x82\xac", ""), 404,
           "no such endpoint: /api/v2/\xe2\x82\xac");
    CHECK(h.alive());
    const auto log = h.hub.log();
    CHECK(log.find(" failed") == std::string::npos);
    report_figure("hostile input: " + std::to_string(sent) + " requests over " +
                  std::to_string(routes.size()) +
                  " routes, each a 4xx naming the part, 0 5xx; the hub kept answering");
}

TEST_CASE("status codes: 413 before the body, a handler's own 404, real dates, whole gzip") {
    HardenedHub h;
    // A Content-Length over the route's limit is refused before any of the body is sent.
    for (const auto& [path, limit] :
         {std::pair{"/api/v1/batches", 8 * 1024 * 1024}, std::pair{"/api/v1/heartbeat", 16 * 1024},
          std::pair{"/api/v1/packs", 1024 * 1024}}) {
        CAPTURE(path);
        RawConnection c(h.hub.port());
        c.send(request("POST", path, h.token_for(path),
                       "Content-Type: application/json\r\nContent-Length: " +
                           std::to_string(limit + 1) + "\r\n"));
        const RawReply reply = c.read_reply();
        CHECK(reply.status == 413);
        CHECK(error_of(reply).at("code") == "too_large");
    }
    // The handler's own 404 reaches the client.
    auto [status, body] = h.hub.get("/api/v1/kiosk/pack?id=no-such-pack", h.kiosk);
    CHECK(status == 404);
    CHECK(json::parse(body).at("error").at("code") == "no_such_pack");
    httplib::Client client("127.0.0.1", h.hub.port());
    const auto assigned = client.Post(
        "/api/v1/packs/assignments", {{"Authorization", "Bearer " + h.admin}},
        R"({"pack_id": "default-healthcare", "version": 99, "target": "all"})", "application/json");
    REQUIRE(assigned);
    CHECK(assigned->status == 404);
    CHECK(json::parse(assigned->body).at("error").at("code") == "no_such_pack");
    // Dates that do not exist.
    for (const std::string date : {"2026-02-31", "2026-02-29", "2025-13-01", "2026-04-31"}) {
        CAPTURE(date);
        CHECK(h.hub.get("/api/v1/stats?from=" + date, h.admin).first == 400);
        CHECK(h.hub.get("/api/v1/responses?to=" + date, h.admin).first == 400);
    }
    CHECK(h.hub.get("/api/v1/stats?from=2028-02-29", h.admin).first == 200);  // a leap day
    // A gzip batch cut before its trailer is refused, not stored as far as it goes.
    const std::string zipped = gzip(sample_batch_body({sample_response(0)}));
    const RawReply cut = raw_request(
        h.hub.port(), request("POST", "/api/v1/batches", h.kiosk,
                              "Content-Type: application/json\r\nContent-Encoding: gzip\r\n",
                              zipped.substr(0, zipped.size() - 4)));
    CHECK(cut.status == 400);
    CHECK(error_of(cut).at("code") == "unreadable_body");
    CHECK(h.hub.stored_ids().empty());
    // The scheme of a bearer token is case-insensitive (RFC 7235).
    for (const std::string scheme : {"bearer", "BEARER", "Bearer"}) {
        const RawReply ok =
            raw_request(h.hub.port(),
                        "GET /api/v1/stats HTTP/1.1\r\nHost: h\r\nConnection: close\r\n"
                        "Authorization: " +
                            scheme + " " + h.admin + "\r\n\r\n");
        CHECK(ok.status == 200);
        CHECK(ok.header("Cache-Control") == "no-store");
        CHECK(ok.header("X-Content-Type-Options") == "nosniff");
    }
    const RawReply refused = raw_request(h.hub.port(), request("GET", "/api/v1/stats", ""));
    CHECK(refused.status == 401);
    CHECK(refused.header("Cache-Control") == "no-store");
    CHECK(refused.header("X-Content-Type-Options") == "nosniff");
    // An HTTP/1.0 client gets HTTP/1.1 replies, but no export: without chunks a cut one would
    // look whole.
    const RawReply old_client =
        raw_request(h.hub.port(), "GET /healthz HTTP/1.0\r\nHost: hub\r\n\r\n");
    CHECK(old_client.head.starts_with("HTTP/1.1 200 OK\r\n"));
    const RawReply old_export = raw_request(
        h.hub.port(), "GET /api/v1/responses HTTP/1.0\r\nHost: hub\r\nAuthorization: Bearer " +
                          h.admin + "\r\n\r\n");
    CHECK(old_export.status == 505);
    // A method a route does not take.
    const RawReply wrong = raw_request(h.hub.port(), request("DELETE", "/api/v1/stats", h.admin));
    CHECK(wrong.status == 405);
    CHECK(wrong.header("Allow") == "GET");
}

TEST_CASE("the audit log pages back to every export, and never keeps a credential") {
    HardenedHub h;
    const auto analyst = h.hub.create_token("admin", "anna", "analyst");
    REQUIRE(h.hub.get("/api/v1/responses?format=csv", analyst).first == 200);
    // Enough harmless audited reads to push the export past one page of 200.
    for (int i = 0; i < 230; ++i) {
        REQUIRE(h.hub.get("/api/v1/comments?limit=1", h.admin).first == 200);
    }
    const auto [status, body] = h.hub.get("/api/v1/audit?action=export", h.admin);
    REQUIRE(status == 200);
    const auto exports = json::parse(body).at("entries");
    REQUIRE(exports.size() == 1);
    CHECK(exports[0].at("actor") == "anna");
    CHECK(exports[0].at("detail") == "/api/v1/responses?format=csv");
    // Paging newest first from the start reaches it too: the pages together are the whole log,
    // in order, each entry once.
    json paged = json::array();
    std::string cursor;
    bool found = false;
    int pages = 0;
    do {
        const auto [s, page] = h.hub.get(
            "/api/v1/audit?limit=100" + (cursor.empty() ? "" : "&before=" + cursor), h.admin);
        REQUIRE(s == 200);
        const auto doc = json::parse(page);
        for (const auto& e : doc.at("entries")) {
            paged.push_back(e);
            found = found || e.at("action") == "export";
        }
        cursor = doc.at("next").is_null() ? "" : doc.at("next").get<std::string>();
        ++pages;
    } while (!cursor.empty() && pages < 10);
    CHECK(found);
    CHECK(pages >= 3);
    CHECK(paged ==
          json::parse(h.hub.get("/api/v1/audit?limit=1000", h.admin).second).at("entries"));
    CHECK(h.hub.get("/api/v1/audit?actor=anna", h.admin).second.find("export") !=
          std::string::npos);
    CHECK(h.hub.get("/api/v1/audit?before=nonsense", h.admin).first == 400);

    // A token sent as a query parameter is refused and never written down; one pasted into a
    // filter is replaced before the request is recorded.
    CHECK(h.hub.get("/api/v1/responses?format=csv&access_token=" + analyst, analyst).first == 400);
    CHECK(h.hub.get("/api/v1/responses?kiosk=" + h.kiosk, analyst).first == 200);
    const auto [all_status, all] = h.hub.get("/api/v1/audit?limit=1000", h.admin);
    REQUIRE(all_status == 200);
    CHECK(all.find(analyst) == std::string::npos);
    CHECK(all.find(h.kiosk) == std::string::npos);
    CHECK(all.find(h.admin) == std::string::npos);
    CHECK(all.find("/api/v1/responses?kiosk=[credential]") != std::string::npos);
}
