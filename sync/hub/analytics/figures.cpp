#include "sync/hub/analytics/figures.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace fbk::sync::hub {

namespace {

constexpr double kZ = 1.959963984540054;  // two-sided 95%

template <std::size_t N>
MeanFigure mean_figure(const std::array<std::int64_t, N>& counts, int first_value) {
    MeanFigure f;
    double sum = 0;
    for (std::size_t i = 0; i < N; ++i) {
        f.n += counts[i];
        sum += static_cast<double>(counts[i]) * (first_value + static_cast<double>(i));
    }
    if (f.n == 0) {
        return f;
    }
    f.mean = sum / static_cast<double>(f.n);
    double squares = 0;
    for (std::size_t i = 0; i < N; ++i) {
        const double d = first_value + static_cast<double>(i) - f.mean;
        squares += static_cast<double>(counts[i]) * d * d;
    }
    // The sample standard deviation; one answer has none.
    f.sd = f.n > 1 ? std::sqrt(squares / static_cast<double>(f.n - 1)) : 0;
    const double half = kZ * f.sd / std::sqrt(static_cast<double>(f.n));
    f.ci = {f.mean - half, f.mean + half};
    return f;
}

}  // namespace

Reliability reliability(std::int64_t n) {
    if (n < kSuppressBelow) {
        return Reliability::Suppressed;
    }
    return n < kIndicativeBelow ? Reliability::Indicative : Reliability::Reliable;
}

std::string_view to_string(Reliability r) {
    switch (r) {
        case Reliability::Suppressed:
            return "suppressed";
        case Reliability::Indicative:
            return "indicative";
        case Reliability::Reliable:
            return "reliable";
    }
    return "?";
}

Interval wilson_interval(std::int64_t count, std::int64_t n, double z) {
    if (n == 0) {
        return {0, 1};
    }
    const double nn = static_cast<double>(n);
    const double p = static_cast<double>(count) / nn;
    const double z2 = z * z;
    const double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
    const double half = z * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / (1 + z2 / nn);
    return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Share wilson_share(std::int64_t count, std::int64_t n) {
    Share s{count, n, 0, {}};
    if (n == 0) {
        return s;
    }
    const Interval ci = wilson_interval(count, n, kZ);
    s.percent = 100 * static_cast<double>(count) / static_cast<double>(n);
    s.ci = {100 * ci.low, 100 * ci.high};
    return s;
}

NpsFigure nps_figure(const std::array<std::int64_t, 11>& counts) {
    NpsFigure f;
    for (std::size_t v = 0; v <= 10; ++v) {
        (v >= 9 ? f.promoters : v >= 7 ? f.passives : f.detractors) += counts[v];
    }
    f.n = f.promoters + f.passives + f.detractors;
    if (f.n == 0) {
        return f;
    }
    const double n = static_cast<double>(f.n);
    const double p = static_cast<double>(f.promoters) / n;
    const double d = static_cast<double>(f.detractors) / n;
    f.nps = 100 * (p - d);
    f.se = 100 * std::sqrt(((p + d) - (p - d) * (p - d)) / n);
    f.ci = {std::max(-100.0, f.nps - kZ * f.se), std::min(100.0, f.nps + kZ * f.se)};
    return f;
}

CsatFigure csat_figure(const std::array<std::int64_t, 5>& counts) {
    CsatFigure f;
    f.mean = mean_figure(counts, 1);
    f.top2 = wilson_share(counts[3] + counts[4], f.mean.n);
    return f;
}

CesFigure ces_figure(const std::array<std::int64_t, 7>& counts) {
    CesFigure f;
    f.mean = mean_figure(counts, 1);
    f.agree = wilson_share(counts[4] + counts[5] + counts[6], f.mean.n);
    return f;
}

YesPartlyNoFigure yes_partly_no_figure(std::int64_t yes, std::int64_t partly, std::int64_t no) {
    YesPartlyNoFigure f;
    f.n = yes + partly + no;
    f.yes = wilson_share(yes, f.n);
    f.partly = wilson_share(partly, f.n);
    f.no = wilson_share(no, f.n);
    return f;
}

SliderFigure slider_figure(const std::array<std::int64_t, 101>& counts) {
    SliderFigure f;
    f.mean = mean_figure(counts, 0);
    if (f.mean.n == 0) {
        return f;
    }
    // The value at 0-based rank k of the sorted answers.
    const auto at_rank = [&](std::int64_t k) {
        std::int64_t seen = 0;
        for (std::size_t v = 0; v < counts.size(); ++v) {
            seen += counts[v];
            if (seen > k) {
                return static_cast<double>(v);
            }
        }
        return 100.0;
    };
    const std::int64_t n = f.mean.n;
    f.median = n % 2 == 1 ? at_rank(n / 2) : (at_rank(n / 2 - 1) + at_rank(n / 2)) / 2;
    return f;
}

}  // namespace fbk::sync::hub
