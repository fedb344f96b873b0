// The OData v4 feed from the outside: $metadata validated with xmllint against OASIS's own
// CSDL XML schemas (edmx.xsd, edm.xsd from the odata-csdl package), the queries a real OData
// client library makes (@odata/client under Node, tests/odata/client.mjs), and paging,
// filters and roles checked over plain HTTP.
#include <doctest/doctest.h>

#include <set>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "tests/support/fixtures.h"
#include "tests/support/process.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

using namespace fbk::test;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

const std::filesystem::path kOdataTools = source_dir() / ".cache/odata";

struct FeedHub {
    TempDir dir{"fbk-odata"};
    Hub hub{dir.path()};
    std::string analyst = hub.create_token("admin", "anna", "analyst");
    std::string viewer = hub.create_token("admin", "vera", "viewer");

    // `count` responses, stage WAITING for even n and DISCHARGE for odd.
    explicit FeedHub(int count) {
        const auto kiosk = hub.create_token("kiosk", "k1");
        for (int first = 0; first < count; first += 500) {
            std::vector<fbk::sync::protocol::Response> batch;
            for (int n = first; n < std::min(count, first + 500); ++n) {
                auto r = sample_response(n);
                r.stage = n % 2 == 0 ? "WAITING" : "DISCHARGE";
                batch.push_back(std::move(r));
            }
            REQUIRE(hub.post_batch(sample_batch_body(batch), kiosk).first == 200);
        }
    }

    std::pair<int, json> get(const std::string& path, const std::string& token) const {
        httplib::Client client("127.0.0.1", hub.port());
        const auto res = client.Get(path.c_str(), {{"Authorization", "Bearer " + token}});
        REQUIRE(res);
        const auto body = json::parse(res->body, nullptr, false);
        return {res->status, body.is_discarded() ? json(res->body) : body};
    }
};

std::string path_of(const std::string& link) {
    return link.substr(link.find("/odata/v1/"));
}

}  // namespace

TEST_CASE("odata: $metadata is valid CSDL by OASIS's schemas, and the service lists its sets") {
    FeedHub feed(0);
    httplib::Client client("127.0.0.1", feed.hub.port());
    const auto metadata =
        client.Get("/odata/v1/$metadata", {{"Authorization", "Bearer " + feed.viewer}});
    REQUIRE(metadata);
    REQUIRE(metadata->status == 200);
    CHECK(metadata->get_header_value("OData-Version") == "4.0");
    write_file(feed.dir / "metadata.xml", metadata->body);
    const auto schema = (kOdataTools / "node_modules/odata-csdl/schemas/edmx.xsd").string();
    const auto validate = [&](const std::filesystem::path& file) {
        return run_command({"/usr/bin/xmllint", "--noout", "--schema", schema, file.string()},
                           feed.dir / "xmllint.log")
            .first;
    };
    CHECK_MESSAGE(validate(feed.dir / "metadata.xml") == 0, read_file(feed.dir / "xmllint.log"));
    // The check can fail: a property without its type is not CSDL.
    std::string broken = metadata->body;
    broken.replace(broken.find(" Type=\"Edm.String\""), 18, "");
    write_file(feed.dir / "broken.xml", broken);
    CHECK(validate(feed.dir / "broken.xml") != 0);

    for (const char* root : {"/odata/v1/", "/odata/v1"}) {
        const auto [status, service] = feed.get(root, feed.viewer);
        CHECK(status == 200);
        CHECK(service.at("value").size() == 2);
        CHECK(service.at("@odata.context") ==
              "http://127.0.0.1:" + std::to_string(feed.hub.port()) + "/odata/v1/$metadata");
    }
    // A viewer reads the description but not the individual responses.
    CHECK(feed.get("/odata/v1/Responses", feed.viewer).first == 403);
    CHECK(feed.get("/odata/v1/Answers", feed.viewer).first == 403);
}

TEST_CASE("odata: a real OData client library filters, selects, counts and reads answers") {
    FeedHub feed(40);
    const auto [status, out] =
        run_command({"/usr/bin/node", (source_dir() / "tests/odata/client.mjs").string(),
                     "http://127.0.0.1:" + std::to_string(feed.hub.port()) + "/odata/v1/",
                     feed.analyst, kOdataTools.string()},
                    feed.dir / "node.log", 60s);
    REQUIRE_MESSAGE(status == 0, read_file(feed.dir / "node.log"));
    const auto result = json::parse(out);
    CHECK(result.at("waiting_count") == 20);
    REQUIRE(result.at("few").size() == 3);
    for (const auto& r : result.at("few")) {
        CHECK(r.at("Stage") == "WAITING");
        CHECK(r.size() == 3);  // Id, Stage, FinishedAt, as selected
    }
    CHECK(result.at("window") == 5);
    REQUIRE(result.at("satisfaction").size() == 10);
    for (const auto& a : result.at("satisfaction")) {
        CHECK(a.at("Question") == "satisfaction");
        CHECK(a.at("Value").is_number_integer());
    }
}

TEST_CASE("odata: server-driven paging hands out every response once, within $top") {
    FeedHub feed(2'500);
    std::set<std::string> seen;
    int pages = 0;
    std::string path = "/odata/v1/Responses?$select=Id&$count=true";
    while (!path.empty()) {
        const auto [status, page] = feed.get(path, feed.analyst);
        REQUIRE(status == 200);
        if (pages == 0) {
            CHECK(page.at("@odata.count") == 2'500);
        }
        for (const auto& r : page.at("value")) {
            CHECK(seen.insert(r.at("Id").get<std::string>()).second);
        }
        ++pages;
        path = page.contains("@odata.nextLink") ? path_of(page.at("@odata.nextLink")) : "";
    }
    CHECK(seen.size() == 2'500);
    CHECK(pages == 3);  // 1000 + 1000 + 500

    // $top across pages: 1500 in all, then no further link.
    auto [status, first] =
        feed.get("/odata/v1/Responses?$top=1500&$filter=Stage%20eq%20'WAITING'", feed.analyst);
    REQUIRE(status == 200);
    CHECK(first.at("value").size() == 1'000);
    const auto [status2, second] = feed.get(path_of(first.at("@odata.nextLink")), feed.analyst);
    REQUIRE(status2 == 200);
    CHECK(second.at("value").size() == 250);  // only 1250 are WAITING
    CHECK_FALSE(second.contains("@odata.nextLink"));

    // Answers: one entity per answer, filtered by question.
    const auto [astatus, answers] = feed.get(
        "/odata/v1/Answers?$filter=Question%20eq%20'recommend'%20and%20Stage%20eq%20'DISCHARGE'"
        "&$top=7",
        feed.analyst);
    REQUIRE(astatus == 200);
    CHECK(answers.at("value").size() == 7);
    for (const auto& a : answers.at("value")) {
        CHECK(a.at("Question") == "recommend");
        CHECK(a.at("Stage") == "DISCHARGE");
    }
}

TEST_CASE("odata: what the feed cannot do is refused with the option named, never ignored") {
    FeedHub feed(4);
    const std::pair<std::string, std::string> refused[] = {
        {"/odata/v1/Responses?$orderby=Stage", "unknown parameter '$orderby'"},
        {"/odata/v1/Responses?$filter=Stage%20ne%20'WAITING'", "$filter: 'Stage ne 'WAITING''"},
        {"/odata/v1/Responses?$filter=Question%20eq%20'x'", "$filter:"},
        {"/odata/v1/Responses?$filter=FinishedAt%20ge%20yesterday", "DateTimeOffset"},
        {"/odata/v1/Responses?$select=Password", "'Password' is not a property of Response"},
        {"/odata/v1/Responses?$top=-1", "$top:"},
        {"/odata/v1/Responses?$skiptoken=abc", "$skiptoken:"},
        {"/odata/v1/Answers?$count=true", "$count: only for Responses"},
        {"/odata/v1/Responses?$format=atom", "$format:"},
    };
    for (const auto& [path, message] : refused) {
        CAPTURE(path);
        const auto [status, body] = feed.get(path, feed.analyst);
        CHECK(status == 400);
        CHECK(body.dump().find(message) != std::string::npos);
    }
    // Filters by time: an offset is honoured (02:00+02:00 is midnight UTC).
    const auto [status, all] = feed.get(
        "/odata/v1/Responses?$filter=FinishedAt%20ge%202000-01-01T02:00:00%2B02:00", feed.analyst);
    CHECK(status == 200);
    CHECK(all.at("value").size() == 4);
}
