// The negative-spike test of analytics/spike.h: the binomial tail against a hand computation,
// and with fixed seeds that it fires on a real spike, stays quiet on noise, and gives no verdict
// on small numbers.
#include <doctest/doctest.h>

#include <random>

#include "sync/hub/analytics/spike.h"

namespace hub = fbk::sync::hub;

using doctest::Approx;

TEST_CASE("binomial upper tail, by hand") {
    // P(X >= 3), X ~ Bin(10, 0.1) = 1 − (0.9¹⁰ + 10·0.1·0.9⁹ + 45·0.01·0.9⁸)
    //   = 1 − (0.3486784401 + 0.3874204890 + 0.1937102445) = 0.0701908264
    CHECK(hub::binomial_upper_tail(3, 10, 0.1) == Approx(0.0701908264).epsilon(1e-9));
    CHECK(hub::binomial_upper_tail(0, 10, 0.1) == 1.0);
    CHECK(hub::binomial_upper_tail(11, 10, 0.1) == 0.0);
    CHECK(hub::binomial_upper_tail(10, 10, 0.5) == Approx(1.0 / 1024));
}

TEST_CASE("a spike is tested against the upper end of its baseline's interval") {
    // Baseline 20 of 200 (10%): Wilson upper 95% = 0.149406. 12 of the last 40 (30%) would be
    // significant against 10% (P = 0.00038) but is not against 14.9% (P = 0.0116 > 0.01).
    const auto borderline = hub::test_negative_spike({12, 40, 20, 200});
    CHECK(borderline.p0 == Approx(0.149406).epsilon(1e-5));
    CHECK(borderline.p_value == Approx(0.011610).epsilon(1e-4));
    CHECK(borderline.verdict == hub::SpikeVerdict::NoSpike);
    // 16 of 40 (40%) is.
    CHECK(hub::test_negative_spike({16, 40, 20, 200}).verdict == hub::SpikeVerdict::Spike);
}

TEST_CASE("small numbers give no verdict, however extreme") {
    CHECK(hub::test_negative_spike({4, 4, 20, 200}).verdict ==
          hub::SpikeVerdict::NotEnoughAnswers);  // 4 of 4 negative, but only 4 answers
    CHECK(hub::test_negative_spike({30, 40, 2, 20}).verdict ==
          hub::SpikeVerdict::NotEnoughAnswers);  // a baseline of 20 answers
}

namespace {

// How often the test fires over `trials` windows of `recent` answers with a true negative share
// of `now`, against 4 weeks of 600 answers with a true share of 10%. Fixed seed.
int fires(double now, std::int64_t recent, int trials, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::binomial_distribution<std::int64_t> baseline(600, 0.10);
    std::binomial_distribution<std::int64_t> window(recent, now);
    int fired = 0;
    for (int i = 0; i < trials; ++i) {
        const hub::SpikeCounts c{window(rng), recent, baseline(rng), 600};
        fired += hub::test_negative_spike(c).verdict == hub::SpikeVerdict::Spike ? 1 : 0;
    }
    return fired;
}

}  // namespace

TEST_CASE("fixed seeds: fires on a real spike, quiet on noise") {
    // Noise: the same 10% now as before. At most alpha (1%) of 2000 windows may fire.
    const int false_alarms = fires(0.10, 40, 2000, 7);
    MESSAGE("false alarms on noise: " << false_alarms << " of 2000");
    CHECK(false_alarms <= 20);
    // A real spike: 10% -> 40% negative over 40 answers fires in about 9 of 10 windows (187 of
    // 200 with this seed; the conservative baseline costs some power on so few answers).
    const int caught = fires(0.40, 40, 200, 11);
    MESSAGE("spikes caught: " << caught << " of 200");
    CHECK(caught >= 180);
}
