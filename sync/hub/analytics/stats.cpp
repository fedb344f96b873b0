#include "sync/hub/analytics/stats.h"

#include <map>

#include "sync/hub/analytics/figures.h"
#include "sync/hub/analytics/question_figures.h"
#include "sync/hub/analytics/viewer_cells.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

json figure(const std::string& question, const Tally& t) {
    json out = {{"question", question}, {"type", protocol::to_string(t.type)}};
    const std::int64_t n = t.n();
    out["n"] = n;
    const Reliability r = reliability(n);
    out["reliability"] = to_string(r);
    if (r == Reliability::Suppressed) {
        return out;  // fewer than 5 answers: no figure at all
    }
    if (const QuestionFigure* kind = question_figure(t.type)) {
        out[std::string(kind->key)] = kind->compute(t);
    }
    return out;
}

// The headline number of a question's figure (NPS score, CSAT top-2 %, ...), if it has one.
std::optional<double> headline(const json& f, protocol::QuestionType type) {
    const QuestionFigure* kind = question_figure(type);
    if (kind == nullptr || !f.contains(kind->key)) {
        return std::nullopt;
    }
    return kind->headline(f[std::string(kind->key)]);
}

// The unweighted mean of each unit's headline number; units whose figure is suppressed are
// left out (and counted as such) rather than pulled in at full weight on a handful of answers.
json equal_unit_figure(const std::string& question, protocol::QuestionType type,
                       const std::map<std::string, std::map<std::string, Tally>>& by_group) {
    double sum = 0;
    std::int64_t units = 0;
    std::int64_t left_out = 0;
    for (const auto& [group, questions] : by_group) {
        const auto it = questions.find(question);
        if (it == questions.end()) {
            continue;
        }
        if (const auto value = headline(figure(question, it->second), type)) {
            sum += *value;
            ++units;
        } else {
            ++left_out;
        }
    }
    const QuestionFigure* kind = question_figure(type);
    json out = {{"question", question},
                {"type", protocol::to_string(type)},
                {"measure", kind != nullptr ? kind->measure : ""},
                {"units", units},
                {"units_left_out", left_out}};
    if (units > 0) {
        out["score"] = sum / static_cast<double>(units);
    }
    return out;
}

}  // namespace

namespace {
constexpr std::pair<StatsGroup, std::string_view> kGroupNames[] = {
    {StatsGroup::Stage, "stage"},   {StatsGroup::Kiosk, "kiosk"},
    {StatsGroup::Survey, "survey"}, {StatsGroup::Language, "language"},
    {StatsGroup::Site, "site"},     {StatsGroup::Day, "day"},
    {StatsGroup::Week, "week"},     {StatsGroup::Month, "month"},
};
}  // namespace

std::optional<StatsGroup> stats_group_from_string(std::string_view name) {
    for (const auto& [group, text] : kGroupNames) {
        if (text == name) {
            return group;
        }
    }
    return std::nullopt;
}

std::string_view to_string(StatsGroup group) {
    for (const auto& [g, text] : kGroupNames) {
        if (g == group) {
            return text;
        }
    }
    return "?";
}

namespace {

// Figures for `group` from counts already made: the same arithmetic whoever asks.
json build_stats(const protocol::PackCatalog& packs, StatsGroup group, const StatsFilter& filter,
                 const std::vector<GroupTotals>& totals, const std::vector<AnswerTally>& tallies) {
    // group -> question -> tally, in the order the packs ask their questions.
    std::map<std::string, std::map<std::string, Tally>> by_group;
    for (const AnswerTally& a : tallies) {
        const protocol::SurveyPack* pack = packs.find(a.pack_id, a.pack_version);
        const protocol::Question* q = nullptr;
        if (pack != nullptr) {
            for (const auto& survey : pack->surveys) {
                if ((q = survey.find_question(a.question)) != nullptr) {
                    break;
                }
            }
        }
        if (q == nullptr || question_figure(q->type) == nullptr) {
            continue;  // free text and choices are read, not scored
        }
        Tally& t = by_group[a.group][a.question];
        t.type = q->type;
        if (a.value) {
            t.values[*a.value] += a.count;
        } else if (!a.choices.empty()) {
            t.choices[a.choices] += a.count;
        }
    }
    json groups = json::array();
    // Pooled: every answer of every group in one tally.
    std::map<std::string, Tally> pooled;
    for (const auto& [unit, questions] : by_group) {
        for (const auto& [question, tally] : questions) {
            Tally& p = pooled[question];
            p.type = tally.type;
            for (const auto& [v, c] : tally.values) {
                p.values[v] += c;
            }
            for (const auto& [choice, c] : tally.choices) {
                p.choices[choice] += c;
            }
        }
    }
    json pooled_figures = json::array();
    json equal_unit_figures = json::array();
    for (const auto& [question, tally] : pooled) {
        pooled_figures.push_back(figure(question, tally));
        equal_unit_figures.push_back(equal_unit_figure(question, tally.type, by_group));
    }
    for (const GroupTotals& g : totals) {
        json questions = json::array();
        for (const auto& [question, tally] : by_group[g.group]) {
            questions.push_back(figure(question, tally));
        }
        groups.push_back({{"group", g.group},
                          {"responses", g.responses},
                          {"completed", g.responses - g.abandoned},
                          {"abandoned", g.abandoned},
                          {"flagged", g.flagged},
                          {"reliability", to_string(reliability(g.responses))},
                          {"questions", std::move(questions)}});
    }
    return {{"group_by", to_string(group)},
            {"flagged_included", filter.include_flagged},
            {"groups", std::move(groups)},
            {"rollups",
             {{"pooled",
               {{"label", "pooled: every answer counts once, so busy " +
                              std::string(to_string(group)) + "s weigh more"},
                {"questions", std::move(pooled_figures)}}},
              {"equal_unit",
               {{"label", "equal-unit: every " + std::string(to_string(group)) +
                              " with 5 or more answers counts once, however busy"},
                {"questions", std::move(equal_unit_figures)}}}}}};
}

}  // namespace

nlohmann::json compute_stats(HubStore& store, const protocol::PackCatalog& packs, StatsGroup group,
                             const StatsFilter& filter, Disclosure disclosure,
                             std::int64_t now_ms) {
    if (disclosure == Disclosure::Viewer) {
        return compute_viewer_stats(
            store, packs, group, filter, now_ms,
            [&](const StatsFilter& snapped, const std::vector<GroupTotals>& totals,
                const std::vector<AnswerTally>& tallies) {
                return build_stats(packs, group, snapped, totals, tallies);
            });
    }
    json out = build_stats(packs, group, filter, store.group_totals(group, filter),
                           store.answer_tallies(group, filter));
    out["disclosure"] = {{"level", "full"}};
    return out;
}

}  // namespace fbk::sync::hub
