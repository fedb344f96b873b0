// Documents a hostile or careless sender might send: repeated keys, deep nesting, bytes that
// are not UTF-8, numbers at the edge of int64, packs that could never be uploaded whole.
#include <doctest/doctest.h>

#include <limits>

#include <nlohmann/json.hpp>

#include "sync/protocol/json_reader.h"
#include "sync/protocol/kiosk_link.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/printable.h"
#include "sync/protocol/survey_pack.h"
#include "sync/protocol/utf8.h"
#include "tests/support/sample_responses.h"

namespace protocol = fbk::sync::protocol;
using nlohmann::json;

namespace {

std::string first_error(const protocol::Issues& issues) {
    for (const auto& i : issues) {
        if (i.severity == protocol::Severity::Error) {
            return i.path + ": " + i.message;
        }
    }
    return "";
}

json small_pack(std::size_t questions) {
    json pack = {{"format", 1},         {"id", "p"},
                 {"version", 1},        {"default_language", "en"},
                 {"languages", {"en"}}, {"title", "Lobby"}};
    json list = json::array();
    for (std::size_t i = 0; i < questions; ++i) {
        list.push_back({{"id", "q" + std::to_string(i)},
                        {"type", "smiley"},
                        {"text", {{"en", "How was it?"}}}});
    }
    pack["surveys"] = {{{"id", "s"}, {"stages", {"WAITING"}}, {"questions", list}}};
    return pack;
}

protocol::Heartbeat heartbeat() {
    protocol::Heartbeat h;
    h.kiosk_id = "k1";
    h.boot_id = "b";
    h.sent_at_ms = 1'763'000'000'000;
    h.monotonic_ms = 5'000;
    h.app_version = "1";
    h.pack_id = "p";
    h.pack_version = 1;
    return h;
}

}  // namespace

TEST_CASE("UTF-8: overlong forms, surrogates and code points past U+10FFFF are invalid") {
    CHECK_FALSE(protocol::first_invalid_utf8("plain, åäö, Дякую, 😀"));
    CHECK(protocol::first_invalid_utf8("ok\xff") == 2);
    CHECK(protocol::first_invalid_utf8("\xc0\xaf") == 0);          // overlong '/'
    CHECK(protocol::first_invalid_utf8("a\xed\xa0\x80") == 1);     // U+D800, a surrogate
    CHECK(protocol::first_invalid_utf8("\xf4\x90\x80\x80") == 0);  // U+110000
    CHECK(protocol::first_invalid_utf8("ab\xe2\x82") == 2);        // cut short
    // Escaped in messages, so a reply can always be JSON and a log line stays one line.
    CHECK(protocol::printable("x\xff\ny\xc3\xa4") == "x\\xff\\ny\xc3\xa4");
    CHECK(json(protocol::printable("\xed\xa0\x80")).dump() == "\"\\\\xed\\\\xa0\\\\x80\"");
}

TEST_CASE("a key repeated in one object is refused at its path, in every document") {
    protocol::Issues issues;
    CHECK_FALSE(protocol::parse_json_document(R"({"a": {"b": [1, {"c": 1, "c": 2}]}})", issues));
    CHECK(first_error(issues) == "$.a.b[1].c: the key appears twice in this object");

    // A batch whose answer says two things: nlohmann alone would keep the last one silently.
    std::string batch = fbk::test::sample_batch_body({fbk::test::sample_response(0)});
    const auto at = batch.find("\"value\":");
    batch.insert(at, "\"value\":0,");
    const auto parsed = protocol::parse_batch(batch);
    CHECK_FALSE(parsed.batch);
    CHECK(first_error(parsed.issues) ==
          "$.responses[0].answers[0].value: the key appears twice in this object");

    issues.clear();
    std::string beat = protocol::serialize(heartbeat());
    beat.insert(1, "\"backlog\":1,");
    CHECK_FALSE(protocol::parse_heartbeat(beat, issues));
    CHECK(first_error(issues) == "$.backlog: the key appears twice in this object");

    const auto pack = protocol::parse_survey_pack(R"({"format": 1, "format": 1})");
    CHECK(first_error(pack.issues) == "$.format: the key appears twice in this object");
}

TEST_CASE("nesting deeper than any format needs is refused, however deep it goes") {
    for (const std::size_t depth : {protocol::kMaxJsonDepth + 1, std::size_t{1'500'000}}) {
        CAPTURE(depth);
        const std::string text =
            R"({"title": )" + std::string(depth, '[') + std::string(depth, ']') + "}";
        protocol::Issues issues;
        CHECK_FALSE(protocol::parse_json_document(text, issues));
        CHECK(first_error(issues).find("nests deeper than 32 levels") != std::string::npos);
    }
    protocol::Issues issues;
    const std::string ok =
        std::string(protocol::kMaxJsonDepth, '[') + std::string(protocol::kMaxJsonDepth, ']');
    CHECK(protocol::parse_json_document(ok, issues));
}

TEST_CASE("invalid UTF-8 in a batch's field or key is refused, not stored") {
    for (const std::string hostile : {"\"comment\\u0000\"", "\"\xff\xfe\""}) {
        CAPTURE(hostile);
        std::string batch = fbk::test::sample_batch_body({fbk::test::sample_response(0)});
        batch.insert(batch.find("\"boot_id\""), hostile + ":1,");
        const auto parsed = protocol::parse_batch(batch);
        CHECK_FALSE(parsed.batch);
        CHECK_FALSE(parsed.issues.empty());
    }
}

TEST_CASE("invalid UTF-8 in a pack is named by its JSON path, its bytes escaped") {
    // Latin-1 "ä" (0xE4) where UTF-8 needs two bytes: a pack saved in the wrong encoding.
    const std::string text = small_pack(1).dump();
    std::string latin1 = text;
    latin1.replace(latin1.find("\"q0\""), 4, "\"q\xE4\"");  // a question id, a value
    protocol::Issues issues;
    CHECK_FALSE(protocol::parse_survey_pack(latin1).pack);
    issues = protocol::parse_survey_pack(latin1).issues;
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].path == "$.surveys[0].questions[0].id");
    CHECK(issues[0].message == "is not valid UTF-8: \"q\\xe4\"");
    CHECK_FALSE(fbk::sync::protocol::first_invalid_utf8(protocol::describe(issues[0], "p.json")));
    // In a key, and in an array's element.
    std::string key = text;
    key.replace(key.find("\"title\""), 7, "\"t\xE4tle\"");
    issues = protocol::parse_survey_pack(key).issues;
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].path == "$ (a key)");
    std::string element = text;
    element.replace(element.find("\"WAITING\""), 9, "\"W\xC3\"");
    issues = protocol::parse_survey_pack(element).issues;
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].path == "$.surveys[0].stages[0]");
}

TEST_CASE("a survey longer than a batch's answers per response is refused where packs come in") {
    CHECK(protocol::parse_survey_pack(small_pack(protocol::kMaxQuestionsPerSurvey).dump()).pack);
    const auto longer = protocol::parse_survey_pack(small_pack(65).dump());
    CHECK_FALSE(longer.pack);
    CHECK(first_error(longer.issues) ==
          "$.surveys[0].questions: holds 65 questions; at most 64 are accepted");
    // The same number on both sides: a complete response to the longest pack fits a batch.
    CHECK(protocol::BatchLimits{}.max_answers == protocol::kMaxQuestionsPerSurvey);
}

TEST_CASE("a pack's title and texts are type-checked and bounded") {
    auto pack = small_pack(1);
    pack["title"] = json::array({json::array()});
    CHECK(first_error(protocol::parse_survey_pack(pack.dump()).issues) ==
          "$.title: must be a string, found an array");
    pack["title"] = std::string(201, 't');
    CHECK(first_error(protocol::parse_survey_pack(pack.dump()).issues) ==
          "$.title: is longer than 200 bytes");
    pack = small_pack(1);
    pack["surveys"][0]["title"] = 7;
    CHECK(first_error(protocol::parse_survey_pack(pack.dump()).issues) ==
          "$.surveys[0].title: must be a string, found an integer");
    pack = small_pack(1);
    pack["surveys"][0]["questions"][0]["text"]["en"] = std::string(1001, 'x');
    CHECK(first_error(protocol::parse_survey_pack(pack.dump()).issues) ==
          "$.surveys[0].questions[0].text.en: is longer than 1000 bytes");
    pack = small_pack(1);
    pack["version"] = std::numeric_limits<std::int64_t>::max();
    CHECK(first_error(protocol::parse_survey_pack(pack.dump()).issues).starts_with("$.version:"));
}

TEST_CASE("heartbeat and batch times near the int64 limits are refused, stages checked") {
    for (const std::int64_t bad : {std::numeric_limits<std::int64_t>::max(),
                                   std::numeric_limits<std::int64_t>::min(), std::int64_t{-1}}) {
        CAPTURE(bad);
        for (const char* key : {"sent_at_ms", "monotonic_ms"}) {
            auto doc = json::parse(protocol::serialize(heartbeat()));
            doc[key] = bad;
            protocol::Issues issues;
            CHECK_FALSE(protocol::parse_heartbeat(doc.dump(), issues));
            CHECK(first_error(issues).starts_with("$." + std::string(key) + ":"));

            auto batch = json::parse(fbk::test::sample_batch_body({fbk::test::sample_response(0)}));
            batch[key] = bad;
            CHECK(first_error(protocol::parse_batch(batch.dump()).issues)
                      .starts_with("$." + std::string(key) + ":"));
            batch = json::parse(fbk::test::sample_batch_body({fbk::test::sample_response(0)}));
            batch["responses"][0]["monotonic_ms"] = bad;
            CHECK(first_error(protocol::parse_batch(batch.dump()).issues)
                      .starts_with("$.responses[0].monotonic_ms:"));
        }
    }
    auto doc = json::parse(protocol::serialize(heartbeat()));
    doc["pack_version"] = std::numeric_limits<std::int64_t>::max();
    protocol::Issues issues;
    CHECK_FALSE(protocol::parse_heartbeat(doc.dump(), issues));
    CHECK(first_error(issues).starts_with("$.pack_version:"));
    for (const std::string stage : {"LOBBY", "waiting", "WAITING;DROP"}) {
        doc = json::parse(protocol::serialize(heartbeat()));
        doc["stage"] = stage;
        issues.clear();
        CHECK_FALSE(protocol::parse_heartbeat(doc.dump(), issues));
        CHECK(first_error(issues).starts_with("$.stage:"));
    }
    for (const std::string stage : {"", "ask", "DISCHARGE"}) {
        doc = json::parse(protocol::serialize(heartbeat()));
        doc["stage"] = stage;
        issues.clear();
        CHECK(protocol::parse_heartbeat(doc.dump(), issues));
    }
}
