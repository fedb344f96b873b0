#include "sync/hub/analytics/stats.h"

#include <map>

#include "sync/hub/analytics/comparison.h"
#include "sync/hub/analytics/dimensions.h"
#include "sync/hub/analytics/figures.h"
#include "sync/hub/analytics/question_figures.h"
#include "sync/hub/analytics/reasons.h"
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

// The answers of each group, by question: scored ones as tallies, choice ones with who saw them.
struct Collected {
    std::map<std::string, std::map<std::string, Tally>> scored;
    std::map<std::string, std::map<std::string, ChoiceTally>> choices;
};

const protocol::Question* find_question(const protocol::PackCatalog& packs, const AnswerTally& a) {
    const protocol::SurveyPack* pack = packs.find(a.pack_id, a.pack_version);
    const protocol::Survey* survey = pack != nullptr ? pack->find_survey(a.survey) : nullptr;
    return survey != nullptr ? survey->find_question(a.question) : nullptr;
}

Collected collect(const protocol::PackCatalog& packs, const std::vector<AnswerTally>& tallies,
                  const SeenCounts& seen) {
    Collected c;
    for (const AnswerTally& a : tallies) {
        const protocol::Question* q = find_question(packs, a);
        if (q == nullptr) {
            continue;
        }
        if (is_choice_question(q->type)) {
            ChoiceTally& t = c.choices[a.group][a.question];
            t.type = q->type;
            t.add_answers(a.choices, a.count);
            continue;
        }
        if (question_figure(q->type) == nullptr) {
            continue;  // free text is read, not scored
        }
        Tally& t = c.scored[a.group][a.question];
        t.type = q->type;
        if (a.value) {
            t.values[*a.value] += a.count;
        } else if (!a.choices.empty()) {
            t.choices[a.choices] += a.count;
        }
    }
    for (const auto& [key, s] : seen) {
        c.choices[key.first][key.second].add_seen(s);
    }
    return c;
}

// Pooled: every answer of every group in one tally.
json pooled_figures(const Collected& c, json& equal_unit_figures) {
    std::map<std::string, Tally> pooled;
    for (const auto& [unit, questions] : c.scored) {
        for (const auto& [question, tally] : questions) {
            Tally& p = pooled[question];
            p.type = tally.type;
            for (const auto& [v, n] : tally.values) {
                p.values[v] += n;
            }
            for (const auto& [choice, n] : tally.choices) {
                p.choices[choice] += n;
            }
        }
    }
    json figures = json::array();
    for (const auto& [question, tally] : pooled) {
        figures.push_back(figure(question, tally));
        equal_unit_figures.push_back(equal_unit_figure(question, tally.type, c.scored));
    }
    std::map<std::string, ChoiceTally> pooled_choices;
    for (const auto& [unit, questions] : c.choices) {
        for (const auto& [question, tally] : questions) {
            pooled_choices[question].merge(tally);
        }
    }
    for (const auto& [question, tally] : pooled_choices) {
        figures.push_back(choice_figure(question, tally));
    }
    return figures;
}

bool is_period(StatsGroup group) {
    return group == StatsGroup::Day || group == StatsGroup::Week || group == StatsGroup::Month;
}

// For periods (day, week, month): each figure's change from the period before it that has
// answers, with the difference's 95% interval (comparison.h), so a trend chart can mark the
// changes that are real.
void mark_period_changes(json& groups) {
    for (std::size_t i = 1; i < groups.size(); ++i) {
        for (json& q : groups[i]["questions"]) {
            const auto now = headline_of(q);
            if (!now) {
                continue;
            }
            for (const json& p : groups[i - 1]["questions"]) {
                const auto before = p["question"] == q["question"] ? headline_of(p) : std::nullopt;
                const auto d = before ? difference(now->estimate, before->estimate) : std::nullopt;
                if (d) {
                    q["change"] = {{"from_group", groups[i - 1]["group"]},
                                   {"difference", d->value},
                                   {"ci95", json::array({d->ci.low, d->ci.high})},
                                   {"significant", d->significant}};
                }
            }
        }
    }
}

// "% positive" per national instrument dimension (dimensions.h), per group and over all; empty
// when no answered question is in a dimension.
json dimensions_of(const protocol::PackCatalog& packs, const std::vector<AnswerTally>& tallies,
                   const std::string* group) {
    std::vector<const AnswerTally*> rows;
    for (const AnswerTally& a : tallies) {
        if (group == nullptr || a.group == *group) {
            rows.push_back(&a);
        }
    }
    json out = json::array();
    for (const DimensionFigure& d : dimension_figures(packs, rows)) {
        out.push_back(dimension_json(d));
    }
    return out;
}

// Figures for `group` from counts already made: the same arithmetic whoever asks.
json build_stats(const protocol::PackCatalog& packs, StatsGroup group, const StatsFilter& filter,
                 const std::vector<GroupTotals>& totals, const std::vector<AnswerTally>& tallies,
                 const SeenCounts& seen) {
    Collected c = collect(packs, tallies, seen);
    json equal_unit_figures = json::array();
    json pooled = pooled_figures(c, equal_unit_figures);
    json groups = json::array();
    for (const GroupTotals& g : totals) {
        json questions = json::array();
        for (const auto& [question, tally] : c.scored[g.group]) {
            questions.push_back(figure(question, tally));
        }
        for (const auto& [question, tally] : c.choices[g.group]) {
            questions.push_back(choice_figure(question, tally));
        }
        groups.push_back({{"group", g.group},
                          {"responses", g.responses},
                          {"completed", g.responses - g.abandoned},
                          {"abandoned", g.abandoned},
                          {"flagged", g.flagged},
                          {"reliability", to_string(reliability(g.responses))},
                          {"questions", std::move(questions)}});
        if (json dims = dimensions_of(packs, tallies, &g.group); !dims.empty()) {
            groups.back()["dimensions"] = std::move(dims);
        }
    }
    if (is_period(group)) {
        mark_period_changes(groups);
    }
    return {{"group_by", to_string(group)},
            {"flagged_included", filter.include_flagged},
            {"groups", std::move(groups)},
            {"dimensions", dimensions_of(packs, tallies, nullptr)},
            {"rollups",
             {{"pooled",
               {{"label", "pooled: every answer counts once, so busy " +
                              std::string(to_string(group)) + "s weigh more"},
                {"questions", std::move(pooled)}}},
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
                const std::vector<AnswerTally>& tallies, const SeenCounts& seen) {
                return build_stats(packs, group, snapped, totals, tallies, seen);
            });
    }
    const std::vector<AnswerTally> tallies = store.answer_tallies(group, filter);
    // Who saw a question is counted over the same responses as the answers (the same filter,
    // flagged ones included only when asked), so a share never divides by others.
    const SeenCounts seen = count_seen(packs, tallies, store.reach_totals(group, filter));
    json out = build_stats(packs, group, filter, store.group_totals(group, filter), tallies, seen);
    out["disclosure"] = {{"level", "full"}};
    return out;
}

}  // namespace fbk::sync::hub
