#include "sync/hub/analytics/question_figures.h"

#include <array>

#include "sync/hub/analytics/figures.h"

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
    return {{"mean", m.mean}, {"ci95", interval(m.ci)}};
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

const std::array<QuestionFigure, 5> kFigures = {{
    {Nps, "nps", "nps_score", nps, [](const json& f) { return f["score"].get<double>(); }},
    {Smiley, "csat", "csat_top2_percent", csat,
     [](const json& f) { return f["top2"]["percent"].get<double>(); }},
    {Effort, "ces", "ces_mean", ces, [](const json& f) { return f["mean"]["mean"].get<double>(); }},
    {YesPartlyNo, "yes_partly_no", "yes_percent", yes_partly_no,
     [](const json& f) { return f["yes"]["percent"].get<double>(); }},
    {Slider, "slider", "slider_mean", slider,
     [](const json& f) { return f["mean"]["mean"].get<double>(); }},
}};

}  // namespace

std::span<const QuestionFigure> question_figures() {
    return kFigures;
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
