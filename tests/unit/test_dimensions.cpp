// "% positive" per national instrument dimension (sync/hub/analytics/dimensions.h): the
// positive answers pooled over a dimension's questions, the conservative Wilson interval
// checked against hand computations, and the pack marks that say what is positive.
#include <doctest/doctest.h>

#include "sync/hub/analytics/dimensions.h"
#include "sync/protocol/survey_pack.h"

namespace hub = fbk::sync::hub;
namespace protocol = fbk::sync::protocol;

namespace {

std::string pack_with(const std::string& questions) {
    return R"({"format": 1, "id": "npe", "version": 1, "default_language": "sv",
               "languages": ["sv"], "surveys": [{"id": "s", "stages": ["DISCHARGE"],
               "questions": [)" +
           questions + "]}]}";
}

const std::string kRespect = R"(
    {"id": "respekt_a", "type": "single_choice", "text": {"sv": "A?"}, "dimension": "Respekt",
     "options": [{"id": "5_completely", "text": {"sv": "Ja"}, "positive": true},
                 {"id": "4_largely", "text": {"sv": "Till stor del"}, "positive": true},
                 {"id": "2_hardly", "text": {"sv": "Knappast"}}]},
    {"id": "respekt_b", "type": "single_choice", "text": {"sv": "B?"}, "dimension": "Respekt",
     "options": [{"id": "5_completely", "text": {"sv": "Ja"}, "positive": true},
                 {"id": "1_not_at_all", "text": {"sv": "Nej"}}]},
    {"id": "helhet", "type": "smiley", "text": {"sv": "Helhet?"}, "dimension": "Helhet"},
    {"id": "comment", "type": "free_text", "text": {"sv": "Kommentar?"}})";

hub::AnswerTally tally(const std::string& question, std::optional<std::int64_t> value,
                       const std::string& choices, std::int64_t count) {
    return {"DISCHARGE", "npe", 1, "s", true, question, value, choices, count};
}

}  // namespace

TEST_CASE("dimension % positive: pooled answers, n of the most-answered question, by hand") {
    auto load = protocol::parse_survey_pack(pack_with(kRespect));
    REQUIRE(load.pack);
    protocol::PackCatalog packs;
    packs.add(*load.pack);
    // respekt_a: 6 completely + 2 largely positive, 2 hardly not; respekt_b: 3 of 8 positive;
    // helhet: 30 + 12 of 50 faces at 4-5.
    const std::vector<hub::AnswerTally> rows = {
        tally("respekt_a", std::nullopt, "5_completely", 6),
        tally("respekt_a", std::nullopt, "4_largely", 2),
        tally("respekt_a", std::nullopt, "2_hardly", 2),
        tally("respekt_b", std::nullopt, "5_completely", 3),
        tally("respekt_b", std::nullopt, "1_not_at_all", 5),
        tally("helhet", 5, "", 30),
        tally("helhet", 4, "", 12),
        tally("helhet", 3, "", 5),
        tally("helhet", 2, "", 2),
        tally("helhet", 1, "", 1),
        tally("comment", std::nullopt, "", 9),  // no dimension: not counted
    };
    std::vector<const hub::AnswerTally*> pointers;
    for (const auto& r : rows) {
        pointers.push_back(&r);
    }
    const auto dims = hub::dimension_figures(packs, pointers);
    REQUIRE(dims.size() == 2);
    CHECK(dims[0].dimension == "Respekt");
    CHECK(dims[0].questions == std::vector<std::string>{"respekt_a", "respekt_b"});
    CHECK(dims[0].answers == 18);
    CHECK(dims[0].positive == 11);
    CHECK(dims[0].n_effective == 10);
    // By hand: p = 11/18 = 61.11%, Wilson at n = 10: 32.16% to 83.89% (python3, formula in
    // dimensions.h); not the narrower 39.0% to 79.6% that n = 18 would claim.
    CHECK(dims[0].percent == doctest::Approx(61.1111).epsilon(1e-5));
    CHECK(dims[0].ci.low == doctest::Approx(32.1609).epsilon(1e-4));
    CHECK(dims[0].ci.high == doctest::Approx(83.8940).epsilon(1e-4));
    // One question: its own Wilson interval. 42 of 50: 71.49% to 91.66%.
    CHECK(dims[1].dimension == "Helhet");
    CHECK(dims[1].percent == doctest::Approx(84.0));
    CHECK(dims[1].ci.low == doctest::Approx(71.4858).epsilon(1e-4));
    CHECK(dims[1].ci.high == doctest::Approx(91.6626).epsilon(1e-4));
    // Two questions, 30 of 40 and 15 of 30: p = 45/70, n = 40: 48.80% to 77.27%.
    const auto two = hub::conservative_wilson(45.0 / 70.0, 40);
    CHECK(two.low == doctest::Approx(48.7953).epsilon(1e-4));
    CHECK(two.high == doctest::Approx(77.2726).epsilon(1e-4));
}

TEST_CASE("dimension marks in a pack: only where an answer can be positive") {
    const std::pair<std::string, std::string> refused[] = {
        {R"({"id": "c", "type": "free_text", "text": {"sv": "?"}, "dimension": "X"})",
         "free_text answers cannot count as positive"},
        {R"({"id": "c", "type": "slider", "text": {"sv": "?"}, "dimension": "X",
             "anchors": {"low": {"sv": "a"}, "high": {"sv": "b"}}})",
         "slider answers cannot count as positive"},
        {R"({"id": "c", "type": "single_choice", "text": {"sv": "?"}, "dimension": "X",
             "options": [{"id": "a", "text": {"sv": "a"}}, {"id": "b", "text": {"sv": "b"}}]})",
         "needs at least one option marked \"positive\""},
        {R"({"id": "c", "type": "single_choice", "text": {"sv": "?"},
             "options": [{"id": "a", "text": {"sv": "a"}, "positive": true},
                         {"id": "b", "text": {"sv": "b"}}]})",
         "needs the question's \"dimension\""},
        {R"({"id": "c", "type": "multi_choice", "text": {"sv": "?"},
             "options": [{"id": "a", "text": {"sv": "a"}, "positive": true},
                         {"id": "b", "text": {"sv": "b"}}]})",
         "on single_choice options only"},
    };
    for (const auto& [question, message] : refused) {
        CAPTURE(question);
        const auto load = protocol::parse_survey_pack(pack_with(question));
        CHECK_FALSE(load.pack);
        bool found = false;
        for (const auto& issue : load.issues) {
            found = found || issue.message.find(message) != std::string::npos;
        }
        CHECK(found);
    }
    const auto yes = protocol::parse_survey_pack(pack_with(
        R"({"id": "c", "type": "yes_partly_no", "text": {"sv": "?"}, "dimension": "X"})"));
    REQUIRE(yes.pack);
    const auto& q = yes.pack->surveys[0].questions[0];
    CHECK(q.positive_choice("yes"));
    CHECK_FALSE(q.positive_choice("partly"));
}
