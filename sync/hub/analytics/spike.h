// A negative spike: is the share of negative ratings in the last hours significantly above its
// own baseline of the weeks before? A negative rating is a smiley (CSAT) answer of 1 or 2.
//
// Test: one-sided exact binomial. The recent window has x negatives of n ratings; under "no
// change" X ~ Binomial(n, p0), and the spike is real when P(X >= x) < alpha (0.01 by default).
// p0 is not the baseline's point share but the upper end of its 95% Wilson interval, so a
// baseline that is itself uncertain (few weeks, few answers) makes the alert harder to fire,
// never easier. No verdict on small n: fewer than `min_recent` recent ratings or
// `min_baseline` baseline ratings give "not enough answers", however extreme the share.
#pragma once

#include <cstdint>
#include <string_view>

namespace fbk::sync::hub {

struct SpikeRule {
    double alpha = 0.01;
    std::int64_t min_recent = 10;
    std::int64_t min_baseline = 30;
};

struct SpikeCounts {
    std::int64_t recent_negative = 0;
    std::int64_t recent_n = 0;
    std::int64_t baseline_negative = 0;
    std::int64_t baseline_n = 0;
};

enum class SpikeVerdict { Spike, NoSpike, NotEnoughAnswers };
std::string_view to_string(SpikeVerdict v);

struct SpikeResult {
    SpikeVerdict verdict = SpikeVerdict::NotEnoughAnswers;
    double p0 = 0;       // the baseline share tested against (Wilson upper 95%)
    double p_value = 1;  // P(X >= x | n, p0)
};

SpikeResult test_negative_spike(const SpikeCounts& counts, const SpikeRule& rule = {});

// P(X >= x) for X ~ Binomial(n, p), summed exactly in logs (n up to a few hundred thousand).
double binomial_upper_tail(std::int64_t x, std::int64_t n, double p);

}  // namespace fbk::sync::hub
