#include "sync/hub/analytics/stats.h"

#include <map>

#include "sync/hub/analytics/figures.h"
#include "sync/hub/analytics/viewer_cells.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

json interval(const Interval& i) {
    return json::array({i.low, i.high});
}

json share(const Share& s) {
    return {{"count", s.count}, {"percent", s.percent}, {"ci95", interval(s.ci)}};
}

json mean(const MeanFigure& m) {
    return {{"mean", m.mean}, {"ci95", interval(m.ci)}};
}

// Value counts of one rated question within one group.
struct Tally {
    protocol::QuestionType type = protocol::QuestionType::Smiley;
    std::map<std::int64_t, std::int64_t> values;
    std::map<std::string, std::int64_t> choices;
};

json figure(const std::string& question, const Tally& t) {
    json out = {{"question", question}, {"type", protocol::to_string(t.type)}};
    std::int64_t n = 0;
    for (const auto& [v, c] : t.values) {
        n += c;
    }
    for (const auto& [choice, c] : t.choices) {
        n += c;
    }
    out["n"] = n;
    const Reliability r = reliability(n);
    out["reliability"] = to_string(r);
    if (r == Reliability::Suppressed) {
        return out;  // fewer than 5 answers: no figure at all
    }
    const auto count = [&](std::int64_t v) {
        const auto it = t.values.find(v);
        return it == t.values.end() ? 0 : it->second;
    };
    switch (t.type) {
        case protocol::QuestionType::Nps: {
            std::array<std::int64_t, 11> counts{};
            for (std::int64_t v = 0; v <= 10; ++v) {
                counts[static_cast<std::size_t>(v)] = count(v);
            }
            const auto f = nps_figure(counts);
            out["nps"] = {{"score", f.nps},         {"se", f.se},
                          {"ci95", interval(f.ci)}, {"promoters", f.promoters},
                          {"passives", f.passives}, {"detractors", f.detractors}};
            break;
        }
        case protocol::QuestionType::Smiley: {
            std::array<std::int64_t, 5> counts{};
            for (std::int64_t v = 1; v <= 5; ++v) {
                counts[static_cast<std::size_t>(v - 1)] = count(v);
            }
            const auto f = csat_figure(counts);
            out["csat"] = {{"top2", share(f.top2)}, {"mean", mean(f.mean)}};
            break;
        }
        case protocol::QuestionType::Effort: {
            std::array<std::int64_t, 7> counts{};
            for (std::int64_t v = 1; v <= 7; ++v) {
                counts[static_cast<std::size_t>(v - 1)] = count(v);
            }
            const auto f = ces_figure(counts);
            out["ces"] = {{"agree", share(f.agree)}, {"mean", mean(f.mean)}};
            break;
        }
        case protocol::QuestionType::YesPartlyNo: {
            const auto of = [&](const char* id) {
                const auto it = t.choices.find(id);
                return it == t.choices.end() ? 0 : it->second;
            };
            const auto f = yes_partly_no_figure(of("yes"), of("partly"), of("no"));
            out["yes_partly_no"] = {
                {"yes", share(f.yes)}, {"partly", share(f.partly)}, {"no", share(f.no)}};
            break;
        }
        default:
            break;
    }
    return out;
}

// The headline number of a figure: NPS score, CSAT top-2 %, CES mean, or share of "yes".
std::optional<double> headline(const json& f) {
    if (f.contains("nps")) {
        return f["nps"]["score"].get<double>();
    }
    if (f.contains("csat")) {
        return f["csat"]["top2"]["percent"].get<double>();
    }
    if (f.contains("ces")) {
        return f["ces"]["mean"]["mean"].get<double>();
    }
    if (f.contains("yes_partly_no")) {
        return f["yes_partly_no"]["yes"]["percent"].get<double>();
    }
    return std::nullopt;
}

constexpr std::string_view headline_name(protocol::QuestionType type) {
    switch (type) {
        case protocol::QuestionType::Nps:
            return "nps_score";
        case protocol::QuestionType::Smiley:
            return "csat_top2_percent";
        case protocol::QuestionType::Effort:
            return "ces_mean";
        case protocol::QuestionType::YesPartlyNo:
            return "yes_percent";
        default:
            return "";
    }
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
        if (const auto value = headline(figure(question, it->second))) {
            sum += *value;
            ++units;
        } else {
            ++left_out;
        }
    }
    json out = {{"question", question},
                {"type", protocol::to_string(type)},
                {"measure", headline_name(type)},
                {"units", units},
                {"units_left_out", left_out}};
    if (units > 0) {
        out["score"] = sum / static_cast<double>(units);
    }
    return out;
}

bool rated(protocol::QuestionType type) {
    return type == protocol::QuestionType::Nps || type == protocol::QuestionType::Smiley ||
           type == protocol::QuestionType::Effort || type == protocol::QuestionType::YesPartlyNo;
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
        if (q == nullptr || !rated(q->type)) {
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
