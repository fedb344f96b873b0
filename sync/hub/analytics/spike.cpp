#include "sync/hub/analytics/spike.h"

#include <algorithm>
#include <cmath>

#include "sync/hub/analytics/figures.h"

namespace fbk::sync::hub {

std::string_view to_string(SpikeVerdict v) {
    switch (v) {
        case SpikeVerdict::Spike:
            return "spike";
        case SpikeVerdict::NoSpike:
            return "no_spike";
        case SpikeVerdict::NotEnoughAnswers:
            return "not_enough_answers";
    }
    return "?";
}

double binomial_upper_tail(std::int64_t x, std::int64_t n, double p) {
    if (x <= 0) {
        return 1;
    }
    if (x > n || p <= 0) {
        return 0;
    }
    if (p >= 1) {
        return 1;
    }
    const double nn = static_cast<double>(n);
    const double log_p = std::log(p);
    const double log_q = std::log1p(-p);
    double sum = 0;
    for (std::int64_t k = x; k <= n; ++k) {
        const double kk = static_cast<double>(k);
        const double log_term = std::lgamma(nn + 1) - std::lgamma(kk + 1) -
                                std::lgamma(nn - kk + 1) + kk * log_p + (nn - kk) * log_q;
        const double term = std::exp(log_term);
        sum += term;
        // Past the mode the terms only fall; once they stop mattering, stop.
        if (kk > nn * p && term < sum * 1e-16) {
            break;
        }
    }
    return std::min(1.0, sum);
}

SpikeResult test_negative_spike(const SpikeCounts& c, const SpikeRule& rule) {
    SpikeResult r;
    if (c.recent_n < rule.min_recent || c.baseline_n < rule.min_baseline) {
        return r;
    }
    r.p0 = wilson_share(c.baseline_negative, c.baseline_n).ci.high / 100;
    r.p_value = binomial_upper_tail(c.recent_negative, c.recent_n, r.p0);
    r.verdict = r.p_value < rule.alpha ? SpikeVerdict::Spike : SpikeVerdict::NoSpike;
    return r;
}

}  // namespace fbk::sync::hub
