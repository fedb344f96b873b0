// Metric arithmetic against values computed by hand (and, for Wilson, the published example of
// Newcombe 1998: 8 of 10 -> 49.0% .. 94.3%).
#include <array>

#include <doctest/doctest.h>

#include "sync/hub/analytics/figures.h"

namespace hub = fbk::sync::hub;

using doctest::Approx;

TEST_CASE("NPS of 200 answers, 110 promoters and 30 detractors is 40.0, SE 5.2, CI 29.8 to 50.2") {
    std::array<std::int64_t, 11> counts{};
    counts[10] = 60;  // 110 promoters: 9s and 10s
    counts[9] = 50;
    counts[8] = 40;  // 60 passives: 7s and 8s
    counts[7] = 20;
    counts[3] = 30;  // 30 detractors: 0..6
    const auto f = hub::nps_figure(counts);
    CHECK(f.n == 200);
    CHECK(f.promoters == 110);
    CHECK(f.passives == 60);
    CHECK(f.detractors == 30);
    CHECK(f.nps == Approx(40.0));
    CHECK(f.se == Approx(5.196).epsilon(0.001));
    CHECK(f.ci.low == Approx(29.8).epsilon(0.002));
    CHECK(f.ci.high == Approx(50.2).epsilon(0.002));
}

TEST_CASE("NPS bounds: all promoters is 100 with a zero-width interval, nothing is 0") {
    std::array<std::int64_t, 11> all_promoters{};
    all_promoters[10] = 12;
    const auto f = hub::nps_figure(all_promoters);
    CHECK(f.nps == Approx(100));
    CHECK(f.se == Approx(0));
    CHECK(f.ci.high == Approx(100));
    CHECK(hub::nps_figure({}).n == 0);
}

TEST_CASE("Wilson intervals match the published example and stay inside 0..100") {
    const auto s = hub::wilson_share(8, 10);
    CHECK(s.percent == Approx(80));
    CHECK(s.ci.low == Approx(49.02).epsilon(0.001));
    CHECK(s.ci.high == Approx(94.33).epsilon(0.001));
    const auto none = hub::wilson_share(0, 12);
    CHECK(none.ci.low == Approx(0));
    CHECK(none.ci.high == Approx(24.25).epsilon(0.001));
    CHECK(hub::wilson_share(0, 0).n == 0);
}

TEST_CASE("CSAT: top-2-box with a Wilson interval, and the mean with its own") {
    // 2 × 1, 3 × 2, 5 × 3, 20 × 4, 10 × 5: mean 153 / 40 = 3.825, top-2-box 30 / 40.
    const auto f = hub::csat_figure({2, 3, 5, 20, 10});
    CHECK(f.mean.n == 40);
    CHECK(f.mean.mean == Approx(3.825));
    CHECK(f.mean.sd == Approx(1.0595).epsilon(0.001));
    CHECK(f.mean.ci.low == Approx(3.497).epsilon(0.001));
    CHECK(f.mean.ci.high == Approx(4.153).epsilon(0.001));
    CHECK(f.top2.percent == Approx(75));
    CHECK(f.top2.ci.low == Approx(59.81).epsilon(0.001));
    CHECK(f.top2.ci.high == Approx(85.81).epsilon(0.001));
}

TEST_CASE("CES: the mean and the share who agree (5 to 7)") {
    // 1 × 2, 2 × 3, 3 × 4, 4 × 5, 5 × 6, 5 × 7: mean (2 + 6 + 12 + 20 + 30 + 35) / 20 = 5.25.
    const auto f = hub::ces_figure({0, 1, 2, 3, 4, 5, 5});
    CHECK(f.mean.n == 20);
    CHECK(f.mean.mean == Approx(5.25));
    CHECK(f.agree.count == 14);
    CHECK(f.agree.percent == Approx(70));
    CHECK(f.agree.ci.low == Approx(48.10).epsilon(0.001));
    CHECK(f.agree.ci.high == Approx(85.45).epsilon(0.001));
}

TEST_CASE("yes / partly / no shares add up, each with its interval") {
    const auto f = hub::yes_partly_no_figure(12, 6, 2);
    CHECK(f.n == 20);
    CHECK(f.yes.percent + f.partly.percent + f.no.percent == Approx(100));
    CHECK(f.partly.percent == Approx(30));
    CHECK(f.no.ci.low < f.no.percent);
}

TEST_CASE("slider: the mean with mean ± 1.96·sd/√n, and the median of odd and even n") {
    // 10, 20, 30, 40, 100: mean 40; squares 900 + 400 + 100 + 0 + 3600 = 5000, sd √(5000 / 4)
    // = 35.355; half-width 1.96 × 35.355 / √5 = 30.990; median the third answer, 30.
    std::array<std::int64_t, 101> counts{};
    for (const int v : {10, 20, 30, 40, 100}) {
        ++counts[static_cast<std::size_t>(v)];
    }
    const auto f = hub::slider_figure(counts);
    CHECK(f.mean.n == 5);
    CHECK(f.mean.mean == Approx(40));
    CHECK(f.mean.sd == Approx(35.355).epsilon(0.0001));
    CHECK(f.mean.ci.low == Approx(9.010).epsilon(0.0005));
    CHECK(f.mean.ci.high == Approx(70.990).epsilon(0.0005));
    CHECK(f.median == Approx(30));
    --counts[100];  // 10, 20, 30, 40: the mean of the two middle answers
    CHECK(hub::slider_figure(counts).median == Approx(25));
    counts = {};
    counts[0] = 3;  // every answer at one end: an interval of zero width, still inside 0..100
    CHECK(hub::slider_figure(counts).mean.ci.low == Approx(0));
    CHECK(hub::slider_figure(counts).median == Approx(0));
    CHECK(hub::slider_figure({}).mean.n == 0);
}

TEST_CASE("small groups: below 5 suppressed, 5 to 29 indicative, 30 and more reliable") {
    CHECK(hub::reliability(0) == hub::Reliability::Suppressed);
    CHECK(hub::reliability(4) == hub::Reliability::Suppressed);
    CHECK(hub::reliability(5) == hub::Reliability::Indicative);
    CHECK(hub::reliability(29) == hub::Reliability::Indicative);
    CHECK(hub::reliability(30) == hub::Reliability::Reliable);
    CHECK(hub::to_string(hub::Reliability::Indicative) == "indicative");
}
