// The shipped lexicons keep their measured accuracy on the held-out split of the labelled
// corpus (tests/data/README.md; the table is the benchmark's, README "Comment themes"). The
// goal is 0.80 for both figures in every language; not every language reaches it yet, so this
// guards what was measured against regression: a lexicon edit that loses ground fails here.
#include <doctest/doctest.h>

#include "tests/support/comment_corpus.h"

TEST_CASE("the shipped lexicons keep their measured accuracy on the held-out comments") {
    const auto corpus = fbk::test::read_comment_corpus();
    REQUIRE(corpus.size() >= 300);
    const auto analyser = fbk::test::checkout_lexicons();
    const auto scores = fbk::test::score_corpus(*analyser, corpus, "test");
    REQUIRE(scores.size() == 6);
    for (const auto& [language, score] : scores) {
        CAPTURE(language);
        CHECK(score.comments >= 40);
        // The README's figures, less one comment's worth (1/44 ≈ 0.023) of noise.
        CHECK(score.macro_f1() >= 0.75);
        CHECK(score.sentiment_accuracy() >= 0.68);
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
