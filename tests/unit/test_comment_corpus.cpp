// The shipped lexicons keep their measured accuracy on the held-out split of the labelled
// corpus (tests/data/README.md; the table is the benchmark's, README "Comment themes"). The
// goal is 0.80 for both figures in every language, and the held-out run of 2026-12-04 (English
// on its second fresh test split, tests/data/README.md) reached it everywhere, so the floor is
// the goal; where a later run falls short, the floor is the figure reached less one comment
// (1/40 = 0.025), so that a lexicon edit that loses ground fails here.
#include <doctest/doctest.h>

#include <map>
#include <string>

#include "tests/support/comment_corpus.h"

TEST_CASE("the shipped lexicons keep their measured accuracy on the held-out comments") {
    const auto corpus = fbk::test::read_comment_corpus();
    REQUIRE(corpus.size() >= 300);
    const auto analyser = fbk::test::checkout_lexicons();
    const auto scores = fbk::test::score_corpus(*analyser, corpus, "test");
    REQUIRE(scores.size() == 6);
    // English sentiment reached 0.875 (35 of 40) on its second fresh split (0.775 on the first).
    const std::map<std::string, double> sentiment_floor = {
        {"fi", 0.80}, {"sv", 0.80}, {"da", 0.80}, {"nl", 0.80}, {"en", 0.80}, {"uk", 0.80}};
    constexpr double kRounding = 1e-9;  // 32 / 40 is 0.80 within a double's rounding
    for (const auto& [language, score] : scores) {
        CAPTURE(language);
        CHECK(score.comments >= 40);
        CHECK(score.macro_f1() >= 0.80 - kRounding);
        CHECK(score.sentiment_accuracy() >= sentiment_floor.at(language) - kRounding);
    }
}

TEST_CASE("scoring: precision, recall and F1 as defined, checked by hand") {
    fbk::test::ThemeScore s;
    s.true_positives = 6;
    s.false_positives = 2;
    s.false_negatives = 4;
    CHECK(s.precision() == doctest::Approx(0.75));
    CHECK(s.recall() == doctest::Approx(0.6));
    CHECK(s.f1() == doctest::Approx(2 * 0.75 * 0.6 / 1.35));
    fbk::test::ThemeScore none;
    CHECK(none.f1() == doctest::Approx(1.0));  // nothing claimed, nothing missed
    fbk::test::ThemeScore missed;
    missed.false_negatives = 3;
    CHECK(missed.f1() == doctest::Approx(0.0));
}
