#include "sync/hub/analytics/question_figures.h"

#include <array>

#include "sync/hub/analytics/figures.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::sync::hub {

using nlohmann::json;

std::int64_t Tally::n() const {
    std::int64_t total = 0;
    for (const auto& [value, count] : values) {
        total += count;
    }
    for (const auto& [choice, count] : choices) {
        total += count;
    }
    return total;
}

std::int64_t Tally::value_count(std::int64_t value) const {
    const auto it = values.find(value);
    return it == values.end() ? 0 : it->second;
}

std::int64_t Tally::choice_count(const std::string& option) const {
    const auto it = choices.find(option);
    return it == choices.end() ? 0 : it->second;
}

namespace {

json interval(const Interval& i) {
    return json::array({i.low, i.high});
}

}  // namespace

json share_json(const Share& s) {
    return {{"count", s.count}, {"percent", s.percent}, {"ci95", interval(s.ci)}};
}

namespace {

json share(const Share& s) {
    return share_json(s);
}

json mean(const MeanFigure& m) {
    return {{"mean", m.mean}, {"sd", m.sd}, {"ci95", interval(m.ci)}};
}

// counts[i] = answers of value first + i.
template <std::size_t N>
std::array<std::int64_t, N> counts_from(const Tally& t, std::int64_t first) {
    std::array<std::int64_t, N> counts{};
    for (std::size_t i = 0; i < N; ++i) {
        counts[i] = t.value_count(first + static_cast<std::int64_t>(i));
    }
    return counts;
}

json nps(const Tally& t) {
    const auto f = nps_figure(counts_from<11>(t, 0));
    return {{"score", f.nps},         {"se", f.se},
            {"ci95", interval(f.ci)}, {"promoters", f.promoters},
            {"passives", f.passives}, {"detractors", f.detractors}};
}

json csat(const Tally& t) {
    const auto f = csat_figure(counts_from<5>(t, 1));
    return {{"top2", share(f.top2)}, {"mean", mean(f.mean)}};
}

json ces(const Tally& t) {
    const auto f = ces_figure(counts_from<7>(t, 1));
    return {{"agree", share(f.agree)}, {"mean", mean(f.mean)}};
}

json yes_partly_no(const Tally& t) {
    const auto f =
        yes_partly_no_figure(t.choice_count("yes"), t.choice_count("partly"), t.choice_count("no"));
    return {{"yes", share(f.yes)}, {"partly", share(f.partly)}, {"no", share(f.no)}};
}

json slider(const Tally& t) {
    const auto f = slider_figure(counts_from<101>(t, 0));
    return {{"mean", mean(f.mean)}, {"median", f.median}};
}

using enum protocol::QuestionType;

Interval ci_of(const json& j) {
    return {j["ci95"][0].get<double>(), j["ci95"][1].get<double>()};
}

Estimate share_of(const json& share, std::int64_t n) {
    return share_estimate(share["count"].get<std::int64_t>(), n);
}

Estimate mean_of(const json& mean, std::int64_t n) {
    return mean_estimate(mean["mean"].get<double>(), mean["sd"].get<double>(), n);
}

// clang-format off
const std::array<QuestionFigure, 5> kFigures = {{
    {.type = Nps, .key = "nps", .measure = "nps_score", .compute = nps,
     .headline = [](const json& f) { return f["score"].get<double>(); },
     .headline_ci = [](const json& f) { return ci_of(f); },
     .estimate = [](const json& f, std::int64_t n) {
         return nps_estimate(f["promoters"].get<std::int64_t>(),
                             f["detractors"].get<std::int64_t>(), n); }},
    {.type = Smiley, .key = "csat", .measure = "csat_top2_percent", .compute = csat,
     .headline = [](const json& f) { return f["top2"]["percent"].get<double>(); },
     .headline_ci = [](const json& f) { return ci_of(f["top2"]); },
     .estimate = [](const json& f, std::int64_t n) { return share_of(f["top2"], n); }},
    {.type = Effort, .key = "ces", .measure = "ces_mean", .compute = ces,
     .headline = [](const json& f) { return f["mean"]["mean"].get<double>(); },
     .headline_ci = [](const json& f) { return ci_of(f["mean"]); },
     .estimate = [](const json& f, std::int64_t n) { return mean_of(f["mean"], n); }},
    {.type = YesPartlyNo, .key = "yes_partly_no", .measure = "yes_percent",
     .compute = yes_partly_no,
     .headline = [](const json& f) { return f["yes"]["percent"].get<double>(); },
     .headline_ci = [](const json& f) { return ci_of(f["yes"]); },
     .estimate = [](const json& f, std::int64_t n) { return share_of(f["yes"], n); }},
    {.type = Slider, .key = "slider", .measure = "slider_mean", .compute = slider,
     .headline = [](const json& f) { return f["mean"]["mean"].get<double>(); },
     .headline_ci = [](const json& f) { return ci_of(f["mean"]); },
     .estimate = [](const json& f, std::int64_t n) { return mean_of(f["mean"], n); }},
}};
// clang-format on

}  // namespace

std::span<const QuestionFigure> question_figures() {
    return kFigures;
}

std::optional<Headline> headline_of(const json& q) {
    const auto type = protocol::question_type_from_string(q.value("type", ""));
    const QuestionFigure* kind = type ? question_figure(*type) : nullptr;
    if (kind == nullptr || !q.contains(kind->key)) {
        return std::nullopt;
    }
    const json& f = q[std::string(kind->key)];
    return Headline{kind, kind->headline(f), kind->headline_ci(f),
                    kind->estimate(f, q.at("n").get<std::int64_t>())};
}

const QuestionFigure* question_figure_by_measure(std::string_view measure) {
    for (const auto& f : kFigures) {
        if (f.measure == measure) {
            return &f;
        }
    }
    return nullptr;
}

const QuestionFigure* question_figure(protocol::QuestionType type) {
    for (const auto& f : kFigures) {
        if (f.type == type) {
            return &f;
        }
    }
    return nullptr;
}

}  // namespace fbk::sync::hub
