#include <doctest/doctest.h>

#include "sync/protocol/messages.h"
#include "sync/protocol/uuid.h"
#include "tests/support/sample_responses.h"

namespace protocol = fbk::sync::protocol;
using fbk::test::sample_response;

namespace {

protocol::SurveyPack test_pack() {
    auto load = protocol::parse_survey_pack(R"({
      "format": 1, "id": "default-healthcare", "version": 2, "default_language": "en", "languages": ["en", "fi"],
      "surveys": [{"id": "waiting-room", "stages": ["WAITING"], "questions": [
        {"id": "satisfaction", "type": "smiley", "text": {"en": "a", "fi": "b"}},
        {"id": "recommend", "type": "nps", "text": {"en": "c", "fi": "d"}}]}]})");
    REQUIRE(load.pack);
    return *load.pack;
}

protocol::BatchParse parse_of(const std::vector<protocol::Response>& responses) {
    return protocol::parse_batch(fbk::test::sample_batch_body(responses));
}

}  // namespace

TEST_CASE("a batch made from stored responses parses back to the same responses") {
    const auto parsed = parse_of({sample_response(1), sample_response(2)});
    REQUIRE(parsed.batch);
    CHECK(parsed.batch->header.kiosk_id == "k1");
    CHECK(parsed.batch->header.sent_at_ms == 1'763'000'020'000);
    REQUIRE(parsed.batch->responses.size() == 2);
    const auto& r = parsed.batch->responses[1];
    CHECK(r.id == sample_response(2).id);
    CHECK(r.answers.size() == 2);
    CHECK(r.answers[1].question == "recommend");
    CHECK(r.answers[1].value == 2);
    CHECK(r.status == protocol::ResponseStatus::Completed);
}

TEST_CASE("structural problems in a batch name their path") {
    SUBCASE("bad JSON") {
        const auto p = protocol::parse_batch("{\"kiosk_id\": ");
        CHECK_FALSE(p.batch);
        CHECK(p.issues.front().message.starts_with("invalid JSON"));
    }
    SUBCASE("missing id") {
        auto r = sample_response(1);
        r.id.clear();
        const auto p = parse_of({r});
        REQUIRE_FALSE(p.batch);
        CHECK(p.issues.front().path == "$.responses[0].id");
    }
    SUBCASE("a NUL character in a comment, which PostgreSQL would cut the text at") {
        auto r = sample_response(1);
        r.answers.push_back(protocol::Answer::of_text("comment", std::string("kind\0rude", 9)));
        const auto p = parse_of({r});
        REQUIRE_FALSE(p.batch);
        CHECK(p.issues.front().path == "$.responses[0].answers[2].text");
        CHECK(p.issues.front().message == "contains a NUL character (U+0000)");
    }
    SUBCASE("the same id twice") {
        const auto p = parse_of({sample_response(1), sample_response(1)});
        REQUIRE_FALSE(p.batch);
        CHECK(p.issues.front().path == "$.responses[1].id");
        CHECK(p.issues.front().message == "duplicates the id of $.responses[0]");
    }
    SUBCASE("a response of another kiosk") {
        auto r = sample_response(1);
        r.kiosk_id = "k2";
        const auto p = parse_of({r});
        REQUIRE_FALSE(p.batch);
        CHECK(p.issues.front().path == "$.responses[0].kiosk_id");
    }
    SUBCASE("a value that is not an integer") {
        const std::string body = R"({"kiosk_id":"k1","boot_id":"b","sent_at_ms":1,"monotonic_ms":1,
          "responses":[{"id":"01890a5d-ac96-774b-bcce-b302099a8057","kiosk_id":"k1","pack_id":"p",
          "pack_version":1,"survey_id":"s","stage":"WAITING","language":"fi","status":"completed",
          "started_at_ms":1,"finished_at_ms":2,"boot_id":"b","monotonic_ms":3,
          "answers":[{"question":"recommend","value":"9"}]}]})";
        const auto p = protocol::parse_batch(body);
        REQUIRE_FALSE(p.batch);
        CHECK(p.issues.front().path == "$.responses[0].answers[0].value");
    }
    SUBCASE("too many responses") {
        std::vector<protocol::Response> many;
        for (int i = 0; i < 3; ++i) {
            many.push_back(sample_response(i));
        }
        const auto p = protocol::parse_batch(fbk::test::sample_batch_body(many), {2, 64});
        REQUIRE_FALSE(p.batch);
        CHECK(p.issues.front().path == "$.responses");
    }
}

TEST_CASE("answers are validated against the survey pack") {
    protocol::PackCatalog catalog;
    catalog.add(test_pack());
    auto check = [&](const protocol::Response& r) {
        const auto parsed = parse_of({r});
        REQUIRE(parsed.batch);
        return protocol::validate_batch(*parsed.batch, catalog);
    };
    CHECK(check(sample_response(1)).empty());
    SUBCASE("unknown question") {
        auto r = sample_response(1);
        r.answers[0].question = "parking";
        const auto issues = check(r);
        REQUIRE(issues.size() == 1);
        CHECK(issues[0].path == "$.responses[0].answers[0].question");
    }
    SUBCASE("out-of-range values for both scales") {
        auto r = sample_response(1);
        r.answers = {{"satisfaction", 0}, {"recommend", 11}};
        const auto issues = check(r);
        REQUIRE(issues.size() == 2);
        CHECK(issues[0].message == "0 is out of range 1..5 for question 'satisfaction' (smiley)");
        CHECK(issues[1].message == "11 is out of range 0..10 for question 'recommend' (nps)");
    }
    SUBCASE("language the pack does not offer") {
        auto r = sample_response(1);
        r.language = "sv";
        CHECK(check(r).front().path == "$.responses[0].language");
    }
    SUBCASE("unknown survey in a known pack") {
        auto r = sample_response(1);
        r.survey_id = "nope";
        CHECK(check(r).front().path == "$.responses[0].survey_id");
    }
    SUBCASE("unknown pack version") {
        auto r = sample_response(1);
        r.pack_version = 3;
        CHECK(check(r).front().path == "$.responses[0].pack_id");
    }
}

TEST_CASE("an acknowledgement must be the hub's receipt document") {
    const protocol::BatchAck ack{
        {{"a", protocol::ReceiptStatus::Stored}, {"b", protocol::ReceiptStatus::Duplicate}}};
    const auto parsed = protocol::parse_ack(protocol::serialize(ack));
    REQUIRE(parsed.ack);
    REQUIRE(parsed.ack->receipts.size() == 2);
    CHECK(parsed.ack->receipts[1].status == protocol::ReceiptStatus::Duplicate);
    CHECK_FALSE(protocol::parse_ack("<html><body>Welcome to Hospital Wi-Fi</body></html>").ack);
    CHECK_FALSE(protocol::parse_ack(R"({"results":[{"id":"a","status":"maybe"}]})").ack);
    CHECK_FALSE(protocol::parse_ack(R"({"ok":true})").ack);
}

TEST_CASE("UUIDv7 ids carry the time first and the version and variant bits") {
    protocol::UuidRandomBits bits{};
    bits.fill(0xFF);
    const auto id = protocol::make_uuid_v7(0x0123456789AB, bits);
    CHECK(id == "01234567-89ab-7fff-bfff-ffffffffffff");
    CHECK(protocol::is_canonical_uuid(id));
    CHECK(protocol::make_uuid_v7(1000, {}) < protocol::make_uuid_v7(1001, {}));
    CHECK_FALSE(protocol::is_canonical_uuid("01234567-89AB-7fff-bfff-ffffffffffff"));
    CHECK_FALSE(protocol::is_canonical_uuid("0123456789ab7fffbfffffffffffffff"));
}
