// What a patient typed arrives in the database exactly as typed, whatever its characters: on
// PostgreSQL each column of a batch travels as one array literal (sync/hub/sql/array_literal.h),
// where quotes, backslashes, braces, commas and the word NULL all mean something. The e2e suite
// runs this on SQLite and again on PostgreSQL.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "sync/protocol/messages.h"
#include "tests/support/fixtures.h"
#include "tests/support/sample_responses.h"

using namespace fbk::test;
namespace protocol = fbk::sync::protocol;

namespace {

const std::vector<std::string> kHostileTexts = {
    R"(She said "wait here" and left)",
    R"(C:\Users\waiting\room \" \\ end\)",
    "{braces}, {\"a\",\"b\"}, commas,,,",
    "NULL",
    "",
    "line one\nline two\ttab",
    "Odotin kaksi tuntia 😞 – очікування ☕ انتظار",
};

}  // namespace

TEST_CASE("comments with quotes, backslashes, braces and NULL are stored and exported as typed") {
    TempDir dir("fbk-ingest-text");
    Hub hub(dir.path());
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto admin = hub.create_token("admin", "quality");
    std::vector<protocol::Response> batch;
    for (std::size_t i = 0; i < kHostileTexts.size(); ++i) {
        auto r = sample_response(static_cast<int>(i));
        protocol::Answer comment;
        comment.question = "comment";
        comment.text = kHostileTexts[i];
        r.answers.push_back(comment);
        r.answers.push_back(
            protocol::Answer::of_choices("what_went_wrong", {"other", "staff_manner"}));
        r.flags = {"rapid_repeat"};
        batch.push_back(r);
    }
    REQUIRE(hub.post_batch(sample_batch_body(batch), kiosk).first == 200);

    const auto [status, body] = hub.get("/api/v1/responses?format=ndjson", admin);
    REQUIRE(status == 200);
    std::map<std::string, nlohmann::json> exported;
    for (std::size_t at = 0, end; (end = body.find('\n', at)) != std::string::npos; at = end + 1) {
        const auto row = nlohmann::json::parse(body.substr(at, end - at));
        exported.emplace(row.at("response_id").get<std::string>(), row);
    }
    REQUIRE(exported.size() == batch.size());
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto& row = exported.at(batch[i].id);
        CAPTURE(kHostileTexts[i]);
        CHECK(row.at("answers").at("comment").at("text") == kHostileTexts[i]);
        CHECK(row.at("answers").at("what_went_wrong").at("choices") ==
              nlohmann::json::array({"other", "staff_manner"}));
        CHECK(row.at("answers").at("satisfaction").at("value") == batch[i].answers[0].value);
    }
}
