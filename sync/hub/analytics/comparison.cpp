#include "sync/hub/analytics/comparison.h"

#include <algorithm>
#include <cmath>

namespace fbk::sync::hub {

Estimate share_estimate(std::int64_t count, std::int64_t n) {
    Estimate e;
    e.kind = Estimate::Kind::Share;
    e.n = n;
    e.count = count;
    e.value = n > 0 ? 100 * static_cast<double>(count) / static_cast<double>(n) : 0;
    return e;
}

Estimate nps_estimate(std::int64_t promoters, std::int64_t detractors, std::int64_t n) {
    Estimate e;
    e.kind = Estimate::Kind::Nps;
    e.n = n;
    e.promoters = promoters;
    e.detractors = detractors;
    e.value =
        n > 0 ? 100 * static_cast<double>(promoters - detractors) / static_cast<double>(n) : 0;
    return e;
}

Estimate mean_estimate(double mean, double sd, std::int64_t n) {
    Estimate e;
    e.kind = Estimate::Kind::Mean;
    e.n = n;
    e.value = mean;
    e.sd = sd;
    return e;
}

double z_for_two_sided(double alpha) {
    // erfc(z/√2) is the two-sided tail beyond ±z and falls with z: bisect.
    double low = 0;
    double high = 40;
    for (int i = 0; i < 200; ++i) {
        const double mid = (low + high) / 2;
        (std::erfc(mid / std::sqrt(2.0)) > alpha ? low : high) = mid;
    }
    return (low + high) / 2;
}

namespace {

double nps_se(const Estimate& e) {
    const double n = static_cast<double>(e.n);
    const double p = static_cast<double>(e.promoters) / n;
    const double d = static_cast<double>(e.detractors) / n;
    return 100 * std::sqrt(((p + d) - (p - d) * (p - d)) / n);
}

Interval share_difference(const Estimate& a, const Estimate& b, double z) {
    const double p1 = static_cast<double>(a.count) / static_cast<double>(a.n);
    const double p2 = static_cast<double>(b.count) / static_cast<double>(b.n);
    const Interval w1 = wilson_interval(a.count, a.n, z);
    const Interval w2 = wilson_interval(b.count, b.n, z);
    const double d = p1 - p2;
    const double low =
        d - std::sqrt((p1 - w1.low) * (p1 - w1.low) + (w2.high - p2) * (w2.high - p2));
    const double high =
        d + std::sqrt((w1.high - p1) * (w1.high - p1) + (p2 - w2.low) * (p2 - w2.low));
    return {100 * low, 100 * high};
}

}  // namespace

std::optional<Difference> difference(const Estimate& a, const Estimate& b, double z) {
    if (a.kind != b.kind || a.n == 0 || b.n == 0) {
        return std::nullopt;
    }
    Difference out;
    out.value = a.value - b.value;
    switch (a.kind) {
        case Estimate::Kind::Share:
            out.ci = share_difference(a, b, z);
            break;
        case Estimate::Kind::Nps: {
            // sqrt of the sum, not std::hypot: hypot's symbol needs glibc 2.35 (the packages
            // promise 2.34) and its overflow care is of no use for values of at most 100.
            const double half = z * std::sqrt(nps_se(a) * nps_se(a) + nps_se(b) * nps_se(b));
            out.ci = {out.value - half, out.value + half};
            break;
        }
        case Estimate::Kind::Mean: {
            const double half = z * std::sqrt(a.sd * a.sd / static_cast<double>(a.n) +
                                              b.sd * b.sd / static_cast<double>(b.n));
            out.ci = {out.value - half, out.value + half};
            break;
        }
    }
    out.significant = out.ci.low > 0 || out.ci.high < 0;
    return out;
}

namespace {

// p̃(1 − p̃) and ñ of the Agresti–Coull interval.
std::pair<double, double> agresti_coull(const Estimate& e) {
    const double z2 = kZ95 * kZ95;
    const double n = static_cast<double>(e.n) + z2;
    const double p = (static_cast<double>(e.count) + z2 / 2) / n;
    return {p * (1 - p), n};
}

// v and n' of the adjusted Wald interval for NPS (Rocks 2016).
std::pair<double, double> adjusted_nps(const Estimate& e) {
    const double n = static_cast<double>(e.n) + 3;
    const double p = (static_cast<double>(e.promoters) + 0.75) / n;
    const double d = (static_cast<double>(e.detractors) + 0.75) / n;
    return {(p + d) - (p - d) * (p - d), n};
}

}  // namespace

double margin_of_error(const Estimate& e) {
    switch (e.kind) {
        case Estimate::Kind::Share: {
            const auto [variance, n] = agresti_coull(e);
            return 100 * kZ95 * std::sqrt(variance / n);
        }
        case Estimate::Kind::Nps: {
            const auto [variance, n] = adjusted_nps(e);
            return 100 * kZ95 * std::sqrt(variance / n);
        }
        case Estimate::Kind::Mean:
            return e.n > 0 ? kZ95 * e.sd / std::sqrt(static_cast<double>(e.n)) : 0;
    }
    return 0;
}

std::optional<std::int64_t> answers_needed(const Estimate& e, double margin) {
    const double z2 = kZ95 * kZ95;
    const double m = margin / 100;
    double total = 0;
    switch (e.kind) {
        case Estimate::Kind::Share:
            total = z2 * agresti_coull(e).first / (m * m) - z2;
            break;
        case Estimate::Kind::Nps:
            total = z2 * adjusted_nps(e).first / (m * m) - 3;
            break;
        case Estimate::Kind::Mean:
            return std::nullopt;
    }
    return std::max<std::int64_t>(0, static_cast<std::int64_t>(std::ceil(total)));
}

std::string_view to_string(TargetVerdict v) {
    switch (v) {
        case TargetVerdict::Met:
            return "met";
        case TargetVerdict::NotMet:
            return "not_met";
        case TargetVerdict::NotYetKnown:
            return "not_yet_known";
    }
    return "?";
}

TargetVerdict judge_target(std::optional<Interval> ci, double threshold) {
    if (!ci) {
        return TargetVerdict::NotYetKnown;
    }
    if (ci->low >= threshold) {
        return TargetVerdict::Met;
    }
    return ci->high < threshold ? TargetVerdict::NotMet : TargetVerdict::NotYetKnown;
}

std::optional<WeakestStep> weakest_step(std::span<const Estimate> units) {
    if (units.size() < 2) {
        return std::nullopt;
    }
    WeakestStep out;
    for (std::size_t i = 1; i < units.size(); ++i) {
        if (units[i].value < units[out.index].value) {
            out.index = i;
        }
    }
    out.z = z_for_two_sided(0.05 / static_cast<double>(units.size() - 1));
    out.significant = true;
    bool first = true;
    for (std::size_t i = 0; i < units.size(); ++i) {
        if (i == out.index) {
            continue;
        }
        const auto d = difference(units[out.index], units[i], out.z);
        if (!d) {
            return std::nullopt;
        }
        // Below every other unit: each interval of weakest − other lies wholly under 0.
        out.significant = out.significant && d->ci.high < 0;
        if (first || d->ci.high > out.closest.ci.high) {
            out.closest = *d;
            out.closest_index = i;
            first = false;
        }
    }
    return out;
}

}  // namespace fbk::sync::hub
