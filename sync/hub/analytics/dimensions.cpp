#include "sync/hub/analytics/dimensions.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "sync/protocol/join.h"

namespace fbk::sync::hub {

namespace {

constexpr double kZ = 1.959964;

const protocol::Question* question_of(const protocol::PackCatalog& packs, const AnswerTally& a) {
    const protocol::SurveyPack* pack = packs.find(a.pack_id, a.pack_version);
    const protocol::Survey* survey = pack != nullptr ? pack->find_survey(a.survey) : nullptr;
    return survey != nullptr ? survey->find_question(a.question) : nullptr;
}

// Whether the answers of one tally row are positive; nullopt for "can't say" (no value, no
// choice), which is not an answer here.
std::optional<bool> positive(const protocol::Question& q, const AnswerTally& a) {
    if (a.value) {
        return q.positive_value(*a.value);
    }
    if (a.choices.empty()) {
        return std::nullopt;
    }
    const auto chosen = protocol::split(a.choices);
    return std::any_of(chosen.begin(), chosen.end(),
                       [&](const std::string& c) { return q.positive_choice(c); });
}

}  // namespace

Interval conservative_wilson(double p, std::int64_t n) {
    if (n <= 0) {
        return {0, 100};
    }
    const double nn = static_cast<double>(n);
    const double z2 = kZ * kZ;
    const double denominator = 1 + z2 / nn;
    const double centre = (p + z2 / (2 * nn)) / denominator;
    const double half = kZ * std::sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn)) / denominator;
    return {100 * std::max(0.0, centre - half), 100 * std::min(1.0, centre + half)};
}

std::vector<DimensionFigure> dimension_figures(const protocol::PackCatalog& packs,
                                               const std::vector<const AnswerTally*>& tallies) {
    std::vector<DimensionFigure> out;
    std::map<std::string, std::map<std::string, std::int64_t>> per_question;  // dim -> q -> n
    for (const AnswerTally* a : tallies) {
        const protocol::Question* q = question_of(packs, *a);
        const auto is_positive =
            q != nullptr && !q->dimension.empty() ? positive(*q, *a) : std::nullopt;
        if (!is_positive) {
            continue;
        }
        auto it = std::find_if(out.begin(), out.end(), [&](const DimensionFigure& d) {
            return d.dimension == q->dimension;
        });
        if (it == out.end()) {
            out.emplace_back();
            out.back().dimension = q->dimension;
            it = std::prev(out.end());
        }
        if (std::find(it->questions.begin(), it->questions.end(), q->id) == it->questions.end()) {
            it->questions.push_back(q->id);
        }
        it->answers += a->count;
        it->positive += *is_positive ? a->count : 0;
        per_question[q->dimension][q->id] += a->count;
    }
    for (DimensionFigure& d : out) {
        for (const auto& [question, n] : per_question[d.dimension]) {
            d.n_effective = std::max(d.n_effective, n);
        }
        const double p = static_cast<double>(d.positive) / static_cast<double>(d.answers);
        d.percent = 100 * p;
        d.ci = conservative_wilson(p, d.n_effective);
    }
    return out;
}

nlohmann::json dimension_json(const DimensionFigure& d) {
    return {{"dimension", d.dimension},
            {"questions", d.questions},
            {"answers", d.answers},
            {"n_effective", d.n_effective},
            {"positive",
             {{"count", d.positive},
              {"percent", d.percent},
              {"ci95", nlohmann::json::array({d.ci.low, d.ci.high})}}}};
}

}  // namespace fbk::sync::hub
