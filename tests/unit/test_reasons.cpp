// Choice answers counted (analytics/reasons.h): who saw a question, reconstructed from what the
// hub stores, and each option's share of them with its Wilson interval, checked against a hand
// computation.
#include <doctest/doctest.h>

#include "sync/hub/analytics/reasons.h"
#include "sync/protocol/survey_pack.h"
#include "tests/support/paths.h"

namespace hub = fbk::sync::hub;
namespace protocol = fbk::sync::protocol;

namespace {

protocol::PackCatalog default_pack() {
    auto load = protocol::load_survey_pack(fbk::test::source_dir() /
                                           "assets/packs/default-healthcare.json");
    REQUIRE(load.pack);
    protocol::PackCatalog catalog;
    catalog.add(std::move(*load.pack));
    return catalog;
}

hub::AnswerTally tally(bool completed, const std::string& question,
                       std::optional<std::int64_t> value, const std::string& choices,
                       std::int64_t count) {
    return {"WAITING", "default-healthcare", 2, "waiting-room", completed, question, value, choices,
            count};
}

hub::ReachTotals reach(bool completed, const std::string& abandoned_at, std::int64_t count) {
    return {"WAITING", "default-healthcare", 2, "waiting-room", completed, abandoned_at, count};
}

}  // namespace

TEST_CASE("who saw a follow-up: completed with its condition met, or unfinished on it or past it") {
    const auto packs = default_pack();
    // The default pack asks "what went wrong" only after a satisfaction of 2 or less.
    const std::vector<hub::AnswerTally> tallies = {
        tally(true, "satisfaction", 1, "", 4),   // shown: 4
        tally(true, "satisfaction", 2, "", 6),   // shown: 6
        tally(true, "satisfaction", 3, "", 9),   // not shown
        tally(true, "satisfaction", 5, "", 20),  // not shown
        tally(true, "what_went_wrong", std::nullopt, "waiting_time", 6),
        tally(true, "what_went_wrong", std::nullopt, "waiting_time information", 2),
        // Left later in the survey, having answered it: saw it.
        tally(false, "satisfaction", 1, "", 2),
        tally(false, "what_went_wrong", std::nullopt, "staff_manner", 1),
    };
    const std::vector<hub::ReachTotals> totals = {
        reach(true, "", 39),
        reach(false, "question.what_went_wrong", 1),  // left on its screen: saw it
        reach(false, "question.recommend", 1),        // the one who answered it above
        reach(false, "still-there", 3),               // cannot tell: not counted
    };
    const auto seen = hub::count_seen(packs, tallies, totals);
    REQUIRE(seen.contains({"WAITING", "what_went_wrong"}));
    // 4 + 6 completed with the condition, 1 left on it, 1 answered and left later.
    CHECK(seen.at({"WAITING", "what_went_wrong"}).count == 12);
    CHECK(seen.at({"WAITING", "what_went_wrong"}).question->id == "what_went_wrong");
}

TEST_CASE("an option's share is of who saw the question, with the Wilson 95% interval") {
    const auto packs = default_pack();
    hub::ChoiceTally t;
    t.type = protocol::QuestionType::MultiChoice;
    t.add_answers("waiting_time", 6);
    t.add_answers("waiting_time information", 2);
    hub::Seen seen;
    const protocol::SurveyPack* pack = packs.find("default-healthcare", 2);
    seen.add(11, pack, pack->find_survey("waiting-room")->find_question("what_went_wrong"));
    t.add_seen(seen);
    const auto f = hub::choice_figure("what_went_wrong", t);
    CHECK(f.at("n") == 11);
    CHECK(f.at("answered") == 8);
    CHECK(f.at("reliability") == "indicative");
    const auto& options = f.at("options");
    // The pack's options in its order, each listed even when nobody chose it.
    REQUIRE(options.size() == 6);
    CHECK(options[0].at("option") == "waiting_time");
    CHECK(options[0].at("label") == "Waiting time");
    CHECK(options[0].at("count") == 8);
    // By hand: p = 8/11, z = 1.96; centre (p + z²/2n)/(1 + z²/n), half-width
    // z·sqrt(p(1-p)/n + z²/4n²)/(1 + z²/n): 43.44% to 90.25%.
    CHECK(options[0].at("percent").get<double>() == doctest::Approx(72.727).epsilon(1e-4));
    CHECK(options[0].at("ci95")[0].get<double>() == doctest::Approx(43.435).epsilon(1e-3));
    CHECK(options[0].at("ci95")[1].get<double>() == doctest::Approx(90.254).epsilon(1e-3));
    CHECK(options[1].at("option") == "information");
    CHECK(options[1].at("ci95")[0].get<double>() == doctest::Approx(5.137).epsilon(1e-3));
    CHECK(options[1].at("ci95")[1].get<double>() == doctest::Approx(47.698).epsilon(1e-3));
    CHECK(options[2].at("count") == 0);
    CHECK(options[2].at("ci95")[1].get<double>() == doctest::Approx(25.883).epsilon(1e-3));
}

TEST_CASE("fewer than 5 who saw it: counts of who saw and answered, no options") {
    hub::ChoiceTally t;
    t.add_answers("waiting_time", 3);
    hub::Seen seen;
    seen.count = 4;
    t.add_seen(seen);
    const auto f = hub::choice_figure("what_went_wrong", t);
    CHECK(f.at("n") == 4);
    CHECK(f.at("reliability") == "suppressed");
    CHECK(!f.contains("options"));
}
