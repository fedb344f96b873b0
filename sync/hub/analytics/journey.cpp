#include "sync/hub/analytics/journey.h"

#include <algorithm>
#include <chrono>
#include <functional>
#include <map>

#include "sync/hub/analytics/comparison.h"
#include "sync/hub/analytics/question_figures.h"
#include "sync/hub/store/utc_time.h"
#include "sync/protocol/stages.h"

namespace fbk::sync::hub {

using nlohmann::json;

std::int64_t one_year_earlier(std::int64_t unix_ms) {
    using namespace std::chrono;
    const sys_time<milliseconds> t{milliseconds{unix_ms}};
    const sys_days midnight = floor<days>(t);
    const year_month_day date{midnight};
    year_month_day earlier{date.year() - years{1}, date.month(), date.day()};
    if (!earlier.ok()) {
        earlier = year_month_day{earlier.year(), earlier.month(), std::chrono::day{28}};
    }
    return (sys_days{earlier} + (t - midnight)).time_since_epoch().count();
}

namespace {

constexpr std::string_view kWholeVisit = "OVERALL";  // not a step: it is the visit as a whole

struct Span {
    std::int64_t from_ms = 0;
    std::int64_t to_ms = 0;
};

json span_json(const Span& s) {
    return {{"from", format_utc_iso8601(s.from_ms)}, {"to", format_utc_iso8601(s.to_ms)}};
}

json interval_json(const Interval& i) {
    return json::array({i.low, i.high});
}

const json* group_named(const json& stats, std::string_view name) {
    for (const json& g : stats.at("groups")) {
        if (g.at("group") == name) {
            return &g;
        }
    }
    return nullptr;
}

std::optional<Headline> headline_in(const json& stats, std::string_view stage,
                                    const json& question) {
    const json* group = group_named(stats, stage);
    if (group == nullptr) {
        return std::nullopt;
    }
    for (const json& q : group->at("questions")) {
        if (q.at("question") == question) {
            return headline_of(q);
        }
    }
    return std::nullopt;
}

// The stages with answers, in pathway order; a code the protocol does not know follows by name.
std::vector<std::string> pathway_stages(const json& stats) {
    std::vector<std::string> out;
    for (const std::string_view code : protocol::known_stages()) {
        if (group_named(stats, code) != nullptr) {
            out.emplace_back(code);
        }
    }
    std::vector<std::string> others;
    for (const json& g : stats.at("groups")) {
        const auto name = g.at("group").get<std::string>();
        if (!protocol::is_known_stage(name)) {
            others.push_back(name);
        }
    }
    std::sort(others.begin(), others.end());
    out.insert(out.end(), others.begin(), others.end());
    return out;
}

json change_json(const Headline& now, const std::optional<Headline>& before, const Span& span) {
    if (!before) {
        return nullptr;  // no figure then (no answers, or too few to show)
    }
    const auto d = difference(now.estimate, before->estimate);
    if (!d) {
        return nullptr;
    }
    json out = span_json(span);
    out["value"] = before->value;
    out["n"] = before->estimate.n;
    out["difference"] = d->value;
    out["ci95"] = interval_json(d->ci);
    out["significant"] = d->significant;
    return out;
}

// Everything a journey is computed from: the /stats figures by stage of the three periods, and
// of the current one per survey when a target names one.
struct Sources {
    const JourneyQuery& query;
    Span previous;
    Span last_year;
    json current;
    json before;
    json year_before;
    std::function<const json&(const std::string& survey)> current_of_survey;
};

json targets_json(const Sources& src, const std::string& stage, const json& question,
                  std::string_view measure, const std::vector<Target>& targets) {
    json out = json::array();
    for (const Target& t : targets) {
        if (t.metric != measure || (!t.stage.empty() && t.stage != stage) ||
            (!t.site.empty() && src.query.site != t.site)) {
            continue;
        }
        const json& stats = t.survey.empty() ? src.current : src.current_of_survey(t.survey);
        const auto h = headline_in(stats, stage, question);
        const TargetVerdict verdict =
            judge_target(h ? std::optional<Interval>(h->ci) : std::nullopt, t.threshold);
        out.push_back({{"id", t.id},
                       {"site", t.site.empty() ? json(nullptr) : json(t.site)},
                       {"stage", t.stage.empty() ? json(nullptr) : json(t.stage)},
                       {"survey", t.survey.empty() ? json(nullptr) : json(t.survey)},
                       {"threshold", t.threshold},
                       {"verdict", to_string(verdict)}});
    }
    return out;
}

json figure_json(const Sources& src, const std::string& stage, const json& q,
                 const std::vector<Target>& targets) {
    json out = {{"question", q.at("question")},
                {"type", q.at("type")},
                {"n", q.at("n")},
                {"reliability", q.at("reliability")}};
    const auto type = protocol::question_type_from_string(q.at("type").get<std::string>());
    const QuestionFigure* kind = type ? question_figure(*type) : nullptr;
    out["measure"] = kind != nullptr ? json(kind->measure) : json(nullptr);
    const auto h = headline_of(q);
    out["targets"] = kind != nullptr
                         ? targets_json(src, stage, q.at("question"), kind->measure, targets)
                         : json::array();
    if (!h) {
        return out;  // suppressed: no value, no margin, no change
    }
    const double margin = margin_of_error(h->estimate);
    const auto needed = answers_needed(h->estimate);
    out["value"] = h->value;
    out["ci95"] = interval_json(h->ci);
    out["margin95"] = margin;
    out["answers_for_margin5"] = needed ? json(*needed) : json(nullptr);
    out["more_answers_needed"] =
        needed ? json(std::max<std::int64_t>(0, *needed - h->estimate.n)) : json(nullptr);
    // Means are on scales of their own (1-7, 0-100): ±5 means nothing for a 1-7 mean.
    out["enough_data"] = needed ? json(margin <= kEnoughMargin) : json(nullptr);
    out["change"] = {
        {"previous",
         change_json(*h, headline_in(src.before, stage, q.at("question")), src.previous)},
        {"last_year",
         change_json(*h, headline_in(src.year_before, stage, q.at("question")), src.last_year)}};
    out["weakest_step"] = false;
    return out;
}

json* figure_in(json& stage, std::string_view question) {
    for (json& f : stage.at("figures")) {
        if (f.at("question") == question) {
            return &f;
        }
    }
    return nullptr;
}

// Per question asked at two or more steps (the whole visit is not a step): the weakest step,
// marked in `stages` only when the test says it is below every other step.
json weakest_steps(const json& current, json& stages) {
    struct Unit {
        std::size_t stage = 0;
        Estimate estimate;
    };
    std::map<std::string, std::vector<Unit>> by_question;
    for (std::size_t i = 0; i < stages.size(); ++i) {
        const std::string stage = stages[i].at("stage").get<std::string>();
        const json* group = group_named(current, stage);
        if (stage == kWholeVisit || group == nullptr) {
            continue;
        }
        for (const json& q : group->at("questions")) {
            if (const auto h = headline_of(q)) {
                by_question[q.at("question").get<std::string>()].push_back({i, h->estimate});
            }
        }
    }
    json out = json::array();
    for (const auto& [question, units] : by_question) {
        std::vector<Estimate> estimates;
        for (const Unit& u : units) {
            estimates.push_back(u.estimate);
        }
        const auto w = weakest_step(estimates);
        if (!w) {
            continue;
        }
        json& weakest_stage = stages[units[w->index].stage];
        json compared = json::array();
        for (const Unit& u : units) {
            compared.push_back(stages[u.stage].at("stage"));
        }
        out.push_back({{"question", question},
                       {"stage", weakest_stage.at("stage")},
                       {"significant", w->significant},
                       {"stages_compared", std::move(compared)},
                       {"z", w->z},
                       {"closest",
                        {{"stage", stages[units[w->closest_index].stage].at("stage")},
                         {"difference", w->closest.value},
                         {"ci_adjusted", interval_json(w->closest.ci)}}}});
        if (json* f = figure_in(weakest_stage, question); f != nullptr && w->significant) {
            (*f)["weakest_step"] = true;
        }
    }
    return out;
}

json stage_json(const Sources& src, const std::string& stage, const std::vector<Target>& targets) {
    const json& g = *group_named(src.current, stage);
    json figures = json::array();
    for (const json& q : g.at("questions")) {
        const auto type = protocol::question_type_from_string(q.at("type").get<std::string>());
        if (type && question_figure(*type) != nullptr) {
            figures.push_back(figure_json(src, stage, q, targets));
        }
    }
    return {{"stage", stage},
            {"responses", g.at("responses")},
            {"completed", g.at("completed")},
            {"reliability", g.at("reliability")},
            {"figures", std::move(figures)}};
}

const json kMethod = {
    {"weakest_step",
     "the step with the lowest figure is marked when, with Bonferroni-adjusted intervals "
     "(z for 0.05 / (k - 1), k steps compared), its difference from every other step lies "
     "wholly below 0; shares: Newcombe's hybrid score interval, NPS: the normal interval of a "
     "difference of two NPS, means: Welch's normal interval"},
    {"change",
     "this period minus the previous period of the same length, and minus the same period a "
     "year before: the difference with its 95% interval (the same methods); significant when "
     "the interval leaves 0 out"},
    {"margin",
     "the 95% margin of error: Agresti-Coull for shares, the adjusted Wald interval for NPS "
     "(3/4 promoter, 3/2 passive and 3/4 detractor added), z·sd/√n for means; enough data when "
     "it is at most 5 points"},
    {"targets",
     "met when the whole 95% interval is at or above the target, not met when it is wholly "
     "below, otherwise not yet known"},
};

}  // namespace

json compute_journey(HubStore& store, const protocol::PackCatalog& packs, const JourneyQuery& query,
                     const std::vector<Target>& targets, Disclosure disclosure,
                     std::int64_t now_ms) {
    const std::int64_t length = query.to_ms - query.from_ms;
    const auto stats_of = [&](const Span& span, const std::optional<std::string>& survey) {
        StatsFilter filter;
        filter.site = query.site;
        filter.survey = survey;
        filter.from_ms = span.from_ms;
        filter.to_ms = span.to_ms;
        return compute_stats(store, packs, StatsGroup::Stage, filter, disclosure, now_ms);
    };
    const Span current{query.from_ms, query.to_ms};
    std::map<std::string, json> of_survey;
    Sources src{query,
                {query.previous_from_ms.value_or(query.from_ms - length), query.from_ms},
                {one_year_earlier(query.from_ms), one_year_earlier(query.to_ms)},
                stats_of(current, std::nullopt),
                {},
                {},
                {}};
    src.before = stats_of(src.previous, std::nullopt);
    src.year_before = stats_of(src.last_year, std::nullopt);
    src.current_of_survey = [&](const std::string& survey) -> const json& {
        auto it = of_survey.find(survey);
        if (it == of_survey.end()) {
            it = of_survey.emplace(survey, stats_of(current, survey)).first;
        }
        return it->second;
    };
    json stages = json::array();
    for (const std::string& stage : pathway_stages(src.current)) {
        stages.push_back(stage_json(src, stage, targets));
    }
    json weakest = weakest_steps(src.current, stages);
    json pathway = json::array();
    for (const std::string_view code : protocol::known_stages()) {
        pathway.push_back(code);
    }
    json out = span_json(current);
    out["site"] = query.site ? json(*query.site) : json(nullptr);
    out["previous"] = span_json(src.previous);
    out["last_year"] = span_json(src.last_year);
    out["pathway"] = std::move(pathway);
    out["stages"] = std::move(stages);
    out["weakest"] = std::move(weakest);
    out["method"] = kMethod;
    out["disclosure"] = src.current.value("disclosure", json::object());
    return out;
}

}  // namespace fbk::sync::hub
