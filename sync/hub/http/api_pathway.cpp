// The care pathway: the journey view and the targets its figures are judged against.
#include <cmath>
#include <limits>

#include "sync/hub/analytics/journey.h"
#include "sync/hub/analytics/question_figures.h"
#include "sync/hub/http/api.h"
#include "sync/hub/report/monthly_report.h"
#include "sync/hub/store/utc_time.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/json_reader.h"
#include "sync/protocol/stages.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kDefaultDays = 28;
constexpr std::int64_t kLongestDays = 366;

// The range each headline can take, so that a target outside it (a typo) is refused.
struct MetricRange {
    std::string_view measure;
    double low;
    double high;
};
constexpr MetricRange kMetricRanges[] = {
    {"nps_score", -100, 100}, {"csat_top2_percent", 0, 100}, {"ces_mean", 1, 7},
    {"yes_percent", 0, 100},  {"slider_mean", 0, 100},
};

json target_json(const Target& t) {
    const auto all_or = [](const std::string& v) { return v.empty() ? json(nullptr) : json(v); };
    return {{"id", t.id},
            {"site", all_or(t.site)},
            {"stage", all_or(t.stage)},
            {"survey", all_or(t.survey)},
            {"metric", t.metric},
            {"threshold", t.threshold},
            {"created_at", format_utc_iso8601(t.created_ms)},
            {"created_by", t.created_by}};
}

// What the audit log says a target is: "nps_score >= 40 (site north, stage DISCHARGE, survey all)".
std::string describe(const Target& t) {
    const auto or_all = [](const std::string& v) { return v.empty() ? std::string("all") : v; };
    std::string threshold = std::to_string(t.threshold);
    threshold.erase(threshold.find_last_not_of('0') + 1);
    if (threshold.back() == '.') {
        threshold.pop_back();
    }
    return "#" + std::to_string(t.id) + " " + t.metric + " >= " + threshold + " (site " +
           or_all(t.site) + ", stage " + or_all(t.stage) + ", survey " + or_all(t.survey) + ")";
}

// site, stage, survey: a string or null (all); nullopt after filling `refusal`.
std::optional<std::string> scope_field(const json& doc, const char* name, http::Reply& refusal) {
    if (!doc.contains(name) || doc[name].is_null()) {
        return std::string();
    }
    const json& v = doc[name];
    const bool stage = std::string_view(name) == "stage";
    if (v.is_string() && (stage ? protocol::is_known_stage(v.get<std::string>())
                                : protocol::is_plain_id(v.get<std::string>()))) {
        return v.get<std::string>();
    }
    refusal = error_reply(400, "invalid_target",
                          std::string(name) + ": must be null (all) or " +
                              (stage ? "a journey stage code" : "an id (letters, digits, - _ .)"));
    return std::nullopt;
}

std::optional<Target> parse_target(const std::string& body, http::Reply& refusal) {
    protocol::Issues issues;
    const auto doc = protocol::parse_json_object(body, issues);
    const auto bad = [&](const std::string& message) {
        refusal = error_reply(400, "invalid_target", message);
        return std::nullopt;
    };
    if (!doc) {
        return bad(issues.empty() ? "the body must be a JSON object"
                                  : issues[0].path + ": " + issues[0].message);
    }
    for (const auto& [key, value] : doc->items()) {
        if (key != "site" && key != "stage" && key != "survey" && key != "metric" &&
            key != "threshold") {
            return bad(key + ": unknown field (site, stage, survey, metric, threshold)");
        }
    }
    Target t;
    for (auto [name, field] : {std::pair{"site", &t.site}, std::pair{"stage", &t.stage},
                               std::pair{"survey", &t.survey}}) {
        auto value = scope_field(*doc, name, refusal);
        if (!value) {
            return std::nullopt;
        }
        *field = std::move(*value);
    }
    const json& metric = (*doc)["metric"];
    const MetricRange* range = nullptr;
    for (const MetricRange& r : kMetricRanges) {
        if (metric.is_string() && metric.get<std::string>() == r.measure) {
            range = &r;
        }
    }
    if (range == nullptr || question_figure_by_measure(range->measure) == nullptr) {
        return bad(
            "metric: must be nps_score, csat_top2_percent, ces_mean, yes_percent or "
            "slider_mean");
    }
    t.metric = std::string(range->measure);
    const json& threshold = (*doc)["threshold"];
    if (!threshold.is_number() || !std::isfinite(threshold.get<double>()) ||
        threshold.get<double>() < range->low || threshold.get<double>() > range->high) {
        return bad("threshold: must be a number from " + std::to_string(int(range->low)) + " to " +
                   std::to_string(int(range->high)) + " for " + t.metric);
    }
    t.threshold = std::round(threshold.get<double>() * 1000) / 1000;
    return t;
}

}  // namespace

// The period defaults to the last 28 days (to the end of today, UTC).
http::Reply get_journey(ApiContext& api, const Call& call) {
    http::Reply refusal;
    const auto filter = parse_filter(call, false, refusal);
    if (!filter) {
        return refusal;
    }
    const std::int64_t now = api.options.now_ms();
    JourneyQuery query;
    query.site = filter->site;
    query.to_ms = filter->to_ms.value_or((now / kDayMs + 1) * kDayMs);
    query.from_ms = filter->from_ms.value_or(query.to_ms - kDefaultDays * kDayMs);
    if (query.from_ms >= query.to_ms || query.to_ms - query.from_ms > kLongestDays * kDayMs) {
        return error_reply(400, "bad_parameter",
                           "from, to: the period must start before it ends and span at most " +
                               std::to_string(kLongestDays) + " days");
    }
    const Disclosure disclosure =
        call.token->role == Role::Viewer ? Disclosure::Viewer : Disclosure::Full;
    return json_reply(compute_journey(api.store, *api.packs.catalog(), query, api.store.targets(),
                                      disclosure, now));
}

http::Reply get_targets(ApiContext& api, const Call&) {
    json targets = json::array();
    for (const Target& t : api.store.targets()) {
        targets.push_back(target_json(t));
    }
    return json_reply({{"targets", std::move(targets)}});
}

http::Reply post_target(ApiContext& api, const Call& call) {
    http::Reply refusal;
    auto target = parse_target(call.body, refusal);
    if (!target) {
        return refusal;
    }
    target->created_ms = api.options.now_ms();
    target->created_by = call.token->subject;
    target->id = api.store.add_target(*target);
    api.store.audit(call.token->subject, "target.set", describe(*target), target->created_ms);
    return json_reply(target_json(*target), 201);
}

http::Reply delete_target(ApiContext& api, const Call& call) {
    http::Reply refusal;
    const auto id = required_id(call, "the target to delete", refusal);
    if (!id) {
        return refusal;
    }
    const auto existing =
        find_by_id(api.store.targets(), *id, [](const Target& t) { return t.id; });
    if (!existing || !api.store.delete_target(*id)) {
        return error_reply(404, "no_such_target", "id: no target " + std::to_string(*id));
    }
    api.store.audit(call.token->subject, "target.delete", describe(*existing),
                    api.options.now_ms());
    return json_reply({{"deleted", *id}});
}

}  // namespace fbk::sync::hub

namespace fbk::sync::hub {

// The monthly report as a PDF (report/monthly_report.h), for the dashboard's download button;
// a viewer's is made of whole cells, as their journey is.
http::Reply get_report(ApiContext& api, const Call& call) {
    const auto period = call.param("period");
    if (!period) {
        return error_reply(400, "bad_parameter", "period: required, a month such as 2026-11");
    }
    std::optional<std::string> site;
    if (const auto s = call.param("site")) {
        if (!protocol::is_plain_id(std::string(*s))) {
            return error_reply(400, "bad_parameter", "site: not a site id");
        }
        site = std::string(*s);
    }
    std::string error;
    const auto request = report::month_request(*period, site, error);
    if (!request) {
        return error_reply(400, "bad_parameter", error);
    }
    const Disclosure disclosure =
        call.token->role == Role::Viewer ? Disclosure::Viewer : Disclosure::Full;
    http::Reply reply = json_reply(json::object());
    reply.body = report::render_monthly_report(api.store, *api.packs.catalog(), *request,
                                               disclosure, api.options.now_ms());
    reply.content_type = "application/pdf";
    reply.set_header("Content-Disposition", "attachment; filename=\"feedback-report-" +
                                                request->period + (site ? "-" + *site : "") +
                                                ".pdf\"");
    return reply;
}

}  // namespace fbk::sync::hub
