// The judging arithmetic of analytics/comparison.h against values worked out by hand (each
// step written out beside its check; z = 1.959964, z² = 3.841459).
#include <doctest/doctest.h>

#include <vector>

#include "sync/hub/analytics/comparison.h"

namespace hub = fbk::sync::hub;

using doctest::Approx;

TEST_CASE("z of a two-sided interval: 95% and a Bonferroni share of it") {
    CHECK(hub::z_for_two_sided(0.05) == Approx(1.959964).epsilon(1e-6));
    // 3 comparisons: 0.05 / 3 = 0.016667 -> the 0.991667 quantile.
    CHECK(hub::z_for_two_sided(0.05 / 3) == Approx(2.393980).epsilon(1e-6));
}

TEST_CASE("difference of two shares: Newcombe's hybrid score interval") {
    // 40/50 − 30/50 = 0.80 − 0.60 = +20 points.
    // Wilson 95%: 40/50 -> (0.66907, 0.88760); 30/50 -> (0.46180, 0.72330).
    // low  = 0.20 − sqrt((0.80 − 0.66907)² + (0.72330 − 0.60)²) = 0.20 − 0.17987 = 0.02013
    // high = 0.20 + sqrt((0.88760 − 0.80)² + (0.60 − 0.46180)²) = 0.20 + 0.16359 = 0.36359
    const auto d = hub::difference(hub::share_estimate(40, 50), hub::share_estimate(30, 50));
    REQUIRE(d);
    CHECK(d->value == Approx(20.0));
    CHECK(d->ci.low == Approx(2.013).epsilon(0.001));
    CHECK(d->ci.high == Approx(36.359).epsilon(0.001));
    CHECK(d->significant);
    // The other way round the interval mirrors.
    const auto back = hub::difference(hub::share_estimate(30, 50), hub::share_estimate(40, 50));
    CHECK(back->ci.low == Approx(-36.359).epsilon(0.001));
    // 31/50 − 30/50: one patient apart is noise.
    CHECK_FALSE(
        hub::difference(hub::share_estimate(31, 50), hub::share_estimate(30, 50))->significant);
}

TEST_CASE("difference of two NPS and of two means: normal intervals") {
    // a: 30 promoters, 10 detractors of 50 -> NPS 40; se = 100·sqrt((0.8 − 0.4²)/50) = 11.3137
    // b: 20 promoters, 15 detractors of 50 -> NPS 10; se = 100·sqrt((0.7 − 0.1²)/50) = 11.7473
    // 30 ± 1.959964·sqrt(11.3137² + 11.7473²) = 30 ± 1.959964·16.3095 = 30 ± 31.966
    const auto nps = hub::difference(hub::nps_estimate(30, 10, 50), hub::nps_estimate(20, 15, 50));
    REQUIRE(nps);
    CHECK(nps->value == Approx(30.0));
    CHECK(nps->ci.low == Approx(-1.966).epsilon(0.001));
    CHECK(nps->ci.high == Approx(61.966).epsilon(0.001));
    CHECK_FALSE(nps->significant);
    // Means 5.5 (sd 1.2, n 40) − 5.0 (sd 1.5, n 60): 0.5 ± 1.959964·sqrt(0.036 + 0.0375)
    //   = 0.5 ± 1.959964·0.271109 = 0.5 ± 0.531364
    const auto mean =
        hub::difference(hub::mean_estimate(5.5, 1.2, 40), hub::mean_estimate(5.0, 1.5, 60));
    CHECK(mean->ci.low == Approx(-0.031364).epsilon(0.0001));
    CHECK(mean->ci.high == Approx(1.031364).epsilon(0.0001));
    // Different kinds or an empty side: no difference at all.
    CHECK_FALSE(hub::difference(hub::share_estimate(1, 5), hub::nps_estimate(1, 1, 5)));
    CHECK_FALSE(hub::difference(hub::share_estimate(1, 5), hub::share_estimate(0, 0)));
}

TEST_CASE("margin of error and answers needed for ±5") {
    // Share 40/50, Agresti–Coull: ñ = 50 + 3.841459 = 53.841459,
    // p̃ = (40 + 1.920729)/53.841459 = 0.778592, p̃(1 − p̃) = 0.172386;
    // margin = 100·1.959964·sqrt(0.172386/53.841459) = 11.090;
    // needed = ⌈3.841459·0.172386/0.0025 − 3.841459⌉ = ⌈264.89 − 3.84⌉ = 262 (212 more).
    const auto share = hub::share_estimate(40, 50);
    CHECK(hub::margin_of_error(share) == Approx(11.090).epsilon(0.001));
    CHECK(hub::answers_needed(share) == 262);
    // 5 of 5 is not "±0": p̃ = 6.920729/8.841459 = 0.782758, margin 27.18.
    CHECK(hub::margin_of_error(hub::share_estimate(5, 5)) == Approx(27.181).epsilon(0.001));
    // NPS 30 promoters, 10 detractors of 50, adjusted Wald: n' = 53,
    // p' = 30.75/53 = 0.580189, d' = 10.75/53 = 0.202830, v = 0.783019 − 0.377358² = 0.640619;
    // margin = 100·1.959964·sqrt(0.640619/53) = 21.548;
    // needed = ⌈3.841459·0.640619·10000/25 − 3⌉ = ⌈984.35 − 3⌉ = 982.
    const auto nps = hub::nps_estimate(30, 10, 50);
    CHECK(hub::margin_of_error(nps) == Approx(21.548).epsilon(0.001));
    CHECK(hub::answers_needed(nps) == 982);
    // Means: z·sd/√n = 1.959964·1.2/sqrt(36) = 0.391993; no "needed" on a scale of its own.
    CHECK(hub::margin_of_error(hub::mean_estimate(5, 1.2, 36)) == Approx(0.391993));
    CHECK_FALSE(hub::answers_needed(hub::mean_estimate(5, 1.2, 36)));
    // Already precise: nothing more needed, never a negative count.
    CHECK(hub::answers_needed(hub::share_estimate(1990, 2000)) >= 0);
    CHECK(hub::margin_of_error(hub::share_estimate(800, 1000)) < hub::kEnoughMargin);
}

TEST_CASE("targets are judged with the interval: straddling is not yet known, never met") {
    using V = hub::TargetVerdict;
    CHECK(hub::judge_target(hub::Interval{41, 50}, 40) == V::Met);
    CHECK(hub::judge_target(hub::Interval{40, 50}, 40) == V::Met);  // at the target counts
    CHECK(hub::judge_target(hub::Interval{38, 52}, 40) == V::NotYetKnown);
    CHECK(hub::judge_target(hub::Interval{20, 39.9}, 40) == V::NotMet);
    CHECK(hub::judge_target(std::nullopt, 40) == V::NotYetKnown);  // suppressed or no answers
    CHECK(hub::to_string(V::NotYetKnown) == "not_yet_known");
}

TEST_CASE("the weakest step is marked only when it is below every other step") {
    // 3 steps: Bonferroni z for 0.05 / 2 = 2.241403.
    // 30/100 against 80/100 and 75/100: both differences far below 0.
    const std::vector clear = {hub::share_estimate(80, 100), hub::share_estimate(30, 100),
                               hub::share_estimate(75, 100)};
    const auto w = hub::weakest_step(clear);
    REQUIRE(w);
    CHECK(w->index == 1);
    CHECK(w->z == Approx(2.241403).epsilon(1e-6));
    CHECK(w->significant);
    CHECK(w->closest_index == 2);  // 75/100 is the nearest
    // 70/100 is lowest, but 72/100 is within noise of it: no step is marked.
    const std::vector close = {hub::share_estimate(80, 100), hub::share_estimate(70, 100),
                               hub::share_estimate(72, 100)};
    const auto none = hub::weakest_step(close);
    REQUIRE(none);
    CHECK(none->index == 1);
    CHECK_FALSE(none->significant);
    // One step alone has nothing to be weaker than.
    CHECK_FALSE(hub::weakest_step(std::vector{hub::share_estimate(1, 10)}));
}
