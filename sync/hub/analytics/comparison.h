// Judging figures against each other and against targets, with their intervals: the difference
// of two figures (between stages, or between periods), the margin of error of one, how many more
// answers would make it precise enough, and whether a target is met. Pure arithmetic on the
// headline number of a figure (question_figures.h says which number that is).
//
// Difference of two independent figures a − b, with a two-sided interval at normal quantile z:
//   shares: Newcombe's hybrid score interval (method 10), from each share's Wilson interval
//           (l, u) at the same z:  d − sqrt((p1 − l1)² + (u2 − p2)²) .. d + sqrt((u1 − p1)² + (p2 −
//           l2)²)
//   NPS:    d ± z·sqrt(se1² + se2²), se = 100·sqrt(((p + d) − (p − d)²)/n) per figure
//   means:  d ± z·sqrt(sd1²/n1 + sd2²/n2)
// A difference is significant when its interval leaves 0 out.
//
// Margin of error (95%, the half-width a reader adds to ±) and answers needed for a margin m:
//   shares: Agresti–Coull, so that 0 of 5 or 5 of 5 is not "±0":
//           ñ = n + z², p̃ = (x + z²/2)/ñ, margin = 100·z·sqrt(p̃(1 − p̃)/ñ);
//           needed n = ⌈z²·p̃(1 − p̃)/m² − z²⌉ (m as a fraction)
//   NPS:    the adjusted Wald of Rocks (2016): add 3/4 promoter, 3/2 passive and 3/4 detractor;
//           n' = n + 3, p' = (P + 3/4)/n', d' = (D + 3/4)/n', v = (p' + d') − (p' − d')²,
//           margin = 100·z·sqrt(v/n'); needed n = ⌈z²·v·100²/m² − 3⌉ (m in points)
//   means:  margin = z·sd/√n; no "needed" (the scale's spread decides, not a share's)
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "sync/hub/analytics/figures.h"

namespace fbk::sync::hub {

inline constexpr double kZ95 = 1.959963984540054;
// The precision at which a figure counts as "enough data": ±5 points or percentage points.
inline constexpr double kEnoughMargin = 5.0;

// The headline number of a figure with what its uncertainty is made of.
struct Estimate {
    enum class Kind { Share, Nps, Mean };
    Kind kind = Kind::Share;
    std::int64_t n = 0;
    double value = 0;             // percent, NPS points or mean
    std::int64_t count = 0;       // Share: the answers counted
    std::int64_t promoters = 0;   // Nps
    std::int64_t detractors = 0;  // Nps
    double sd = 0;                // Mean: the sample standard deviation
};
Estimate share_estimate(std::int64_t count, std::int64_t n);
Estimate nps_estimate(std::int64_t promoters, std::int64_t detractors, std::int64_t n);
Estimate mean_estimate(double mean, double sd, std::int64_t n);

// The z of a two-sided interval that leaves out `alpha` (0.05 -> 1.96).
double z_for_two_sided(double alpha);

struct Difference {
    double value = 0;  // a − b
    Interval ci;
    bool significant = false;  // the interval leaves 0 out
};
// a − b for two figures of the same kind (nullopt when the kinds differ or either has no answers).
std::optional<Difference> difference(const Estimate& a, const Estimate& b, double z = kZ95);

// The 95% margin of error as defined above.
double margin_of_error(const Estimate& e);
// The total answers that would bring the margin to `margin` (points); nullopt for means.
std::optional<std::int64_t> answers_needed(const Estimate& e, double margin = kEnoughMargin);

// A target is a lowest acceptable value (every headline is better when higher). Met when the
// whole interval is at or above it, missed when the whole interval is below it, otherwise (or
// without a figure) not yet known: a straddling interval is never "met".
enum class TargetVerdict { Met, NotMet, NotYetKnown };
std::string_view to_string(TargetVerdict v);
TargetVerdict judge_target(std::optional<Interval> ci, double threshold);

// The weakest of several units (stages) on one measure, and whether it is really the weakest:
// it is when its difference from every other unit is significant with Bonferroni-adjusted
// intervals (z for 0.05 / (k − 1), k the units compared), so that the claim "this step is the
// worst" is wrong in at most 5% of periods where no step differs.
struct WeakestStep {
    std::size_t index = 0;  // into the estimates given
    bool significant = false;
    double z = 0;  // of the adjusted intervals
    // The smallest gap to another unit (the difference closest to 0), its interval and unit.
    Difference closest;
    std::size_t closest_index = 0;
};
std::optional<WeakestStep> weakest_step(std::span<const Estimate> units);

}  // namespace fbk::sync::hub
