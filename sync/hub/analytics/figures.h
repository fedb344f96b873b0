// The standard patient-experience figures with honest uncertainty, computed from answer counts.
// Pure arithmetic: the hub's queries count, these functions judge.
//
//   NPS (0-10): % promoters (9-10) minus % detractors (0-6); SE = 100·sqrt(((p+d) − (p−d)²)/n)
//   CSAT (1-5 smileys): top-2-box share (4-5) with a Wilson interval, and the mean
//   CES (1-7): the mean, and the share who agree it was easy (5-7) with a Wilson interval
//   yes / partly / no: each share with a Wilson interval
//   slider (0-100): the mean ± 1.96·sd/√n (sd the sample standard deviation), and the median
//
// Small groups: below 5 answers a figure is suppressed (it could identify a patient and means
// nothing); 5-29 answers are marked indicative.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace fbk::sync::hub {

inline constexpr std::int64_t kSuppressBelow = 5;
inline constexpr std::int64_t kIndicativeBelow = 30;

enum class Reliability { Suppressed, Indicative, Reliable };
Reliability reliability(std::int64_t n);
std::string_view to_string(Reliability r);

struct Interval {
    double low = 0;
    double high = 0;
};

// A share with its 95% Wilson score interval, in percent.
struct Share {
    std::int64_t count = 0;
    std::int64_t n = 0;
    double percent = 0;
    Interval ci;
};
Share wilson_share(std::int64_t count, std::int64_t n);
// The Wilson score interval of count / n for any z, as fractions (0..1); {0, 1} when n is 0.
Interval wilson_interval(std::int64_t count, std::int64_t n, double z);

struct NpsFigure {
    std::int64_t n = 0;
    std::int64_t promoters = 0;
    std::int64_t passives = 0;
    std::int64_t detractors = 0;
    double nps = 0;  // -100 .. 100
    double se = 0;
    Interval ci;  // nps ± 1.96 se, clipped to -100 .. 100
};
// counts[v] = how many answered v, v = 0..10.
NpsFigure nps_figure(const std::array<std::int64_t, 11>& counts);

struct MeanFigure {
    std::int64_t n = 0;
    double mean = 0;
    double sd = 0;
    Interval ci;  // mean ± 1.96 sd / sqrt(n)
};

struct CsatFigure {
    MeanFigure mean;
    Share top2;  // 4 or 5
};
// counts[v - 1] for v = 1..5.
CsatFigure csat_figure(const std::array<std::int64_t, 5>& counts);

struct CesFigure {
    MeanFigure mean;
    Share agree;  // 5, 6 or 7
};
// counts[v - 1] for v = 1..7.
CesFigure ces_figure(const std::array<std::int64_t, 7>& counts);

struct YesPartlyNoFigure {
    std::int64_t n = 0;
    Share yes;
    Share partly;
    Share no;
};
YesPartlyNoFigure yes_partly_no_figure(std::int64_t yes, std::int64_t partly, std::int64_t no);

struct SliderFigure {
    MeanFigure mean;
    // The middle answer (the mean of the two middle ones for an even n): a visual analogue
    // scale is often skewed, and the median is what its literature reports beside the mean.
    double median = 0;
};
// counts[v] for v = 0..100.
SliderFigure slider_figure(const std::array<std::int64_t, 101>& counts);

}  // namespace fbk::sync::hub
