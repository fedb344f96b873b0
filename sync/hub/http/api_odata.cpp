// The OData v4 feed (odata/): a service document, $metadata, and the Responses and Answers
// entity sets with $filter, $select, $top, $count and server-driven paging, so that Excel's
// and Power BI's "OData feed" connectors read the hub with an analyst's token or session.
#include "sync/hub/export/formats.h"
#include "sync/hub/http/api.h"
#include "sync/hub/odata/entities.h"
#include "sync/hub/odata/query.h"
#include "sync/hub/store/encoding.h"

namespace fbk::sync::hub {

namespace {

using nlohmann::json;
namespace od = odata;

constexpr std::size_t kPageResponses = 1'000;
constexpr std::size_t kPageAnswerResponses = 200;

// The feed's root as the client reached it: its links must work from where it stands.
std::string service_root(const ApiContext& api, const Call& call) {
    const std::string_view forwarded = call.request.header("X-Forwarded-Proto");
    const bool https = !api.options.tls_cert.empty() || forwarded == "https";
    std::string host(call.request.header("Host"));
    if (host.empty() || host.find_first_of("/ \"<>\\") != std::string::npos) {
        host = "localhost";
    }
    return (https ? "https://" : "http://") + host + "/odata/v1/";
}

http::Reply odata_reply(json body) {
    http::Reply reply = json_reply(body);
    reply.content_type = "application/json;odata.metadata=minimal;odata.streaming=true";
    reply.set_header("OData-Version", "4.0");
    return reply;
}

// The next page's link: the request's own options, $top lowered by what was sent, and where to
// go on from.
std::string next_link(const ApiContext& api, const Call& call, od::EntitySet set,
                      ExportPosition after, std::optional<std::int64_t> top_left) {
    std::string query;
    for (const http::Param& p : call.request.params) {
        if (p.name != "$skiptoken" && p.name != "$top" && p.name != "$count") {
            query += (query.empty() ? "" : "&") + p.name + "=" + percent_encode(p.value, "$,:");
        }
    }
    if (top_left) {
        query += (query.empty() ? "" : "&") + std::string("$top=") + std::to_string(*top_left);
    }
    query += (query.empty() ? "" : "&") + std::string("$skiptoken=") + encode_cursor(after);
    return service_root(api, call) + std::string(od::set_name(set)) + "?" + query;
}

std::optional<od::Query> query_of(const Call& call, od::EntitySet set, http::Reply& refusal) {
    std::vector<od::QueryParam> params;
    for (const http::Param& p : call.request.params) {
        params.push_back({p.name, p.value});
    }
    std::string problem;
    auto query = od::parse_query(set, params, problem);
    if (!query) {
        refusal = error_reply(400, "bad_parameter", problem);
    } else if (set == od::EntitySet::Answers && query->count) {
        refusal = error_reply(400, "bad_parameter", "$count: only for Responses");
        query.reset();
    }
    return query;
}

json page_of_responses(ApiContext& api, const od::Query& q, ExportPosition up_to,
                       ExportPosition& last, bool& full) {
    const std::size_t limit =
        q.top ? std::min<std::size_t>(kPageResponses, static_cast<std::size_t>(*q.top))
              : kPageResponses;
    const auto rows = api.store.responses_page(q.after, up_to, limit, q.filter);
    const auto sites = api.store.kiosk_sites();
    json value = json::array();
    for (const StoredResponse& row : rows) {
        const auto it = sites.find(row.response.kiosk_id);
        static const std::string kNoSite;
        value.push_back(od::entity_json(od::EntitySet::Responses,
                                        {row, it == sites.end() ? kNoSite : it->second}, q.select));
        last = row.position();
    }
    full = limit > 0 && rows.size() == limit;
    return value;
}

// Answers page by whole responses, so that a page never ends inside one.
json page_of_answers(ApiContext& api, const od::Query& q, ExportPosition up_to,
                     ExportPosition& last, bool& full, std::int64_t& sent) {
    const auto rows = api.store.responses_page(q.after, up_to, kPageAnswerResponses, q.filter);
    const auto sites = api.store.kiosk_sites();
    json value = json::array();
    full = rows.size() == kPageAnswerResponses;
    for (const StoredResponse& row : rows) {
        const auto it = sites.find(row.response.kiosk_id);
        static const std::string kNoSite;
        std::vector<const protocol::Answer*> answers;
        for (const protocol::Answer& a : row.response.answers) {
            if (!q.question || a.question == *q.question) {
                answers.push_back(&a);
            }
        }
        if (q.top && sent + static_cast<std::int64_t>(answers.size()) > *q.top) {
            answers.resize(static_cast<std::size_t>(*q.top - sent));
            full = false;  // $top reached: no next page
        }
        for (const protocol::Answer* a : answers) {
            value.push_back(od::entity_json(od::EntitySet::Answers,
                                            {row, it == sites.end() ? kNoSite : it->second, a},
                                            q.select));
        }
        sent += static_cast<std::int64_t>(answers.size());
        last = row.position();
        if (!full && q.top && sent >= *q.top) {
            break;
        }
    }
    return value;
}

http::Reply entity_set(ApiContext& api, const Call& call, od::EntitySet set) {
    http::Reply refusal;
    const auto q = query_of(call, set, refusal);
    if (!q) {
        return refusal;
    }
    if (!call.param("$skiptoken")) {  // the first page: who pulled which answers
        api.store.audit(call.token->subject, "export", audit_detail(call), api.options.now_ms());
    }
    const ExportPosition up_to = api.store.export_horizon();
    ExportPosition last = q->after;
    bool full = false;
    std::int64_t sent = 0;
    json value = set == od::EntitySet::Responses
                     ? page_of_responses(api, *q, up_to, last, full)
                     : page_of_answers(api, *q, up_to, last, full, sent);
    if (set == od::EntitySet::Responses) {
        sent = static_cast<std::int64_t>(value.size());
    }
    json body = {{"@odata.context",
                  service_root(api, call) + "$metadata#" + std::string(od::set_name(set))}};
    if (q->count) {
        body["@odata.count"] = api.store.count_responses(q->filter, up_to);
    }
    body["value"] = std::move(value);
    const bool top_left = !q->top || *q->top > sent;
    if (full && top_left) {
        body["@odata.nextLink"] =
            next_link(api, call, set, last,
                      q->top ? std::optional<std::int64_t>(*q->top - sent) : std::nullopt);
    }
    return odata_reply(std::move(body));
}

bool format_ok(const Call& call, http::Reply& refusal) {
    const auto format = call.param("$format");
    if (format && *format != "json" && !format->starts_with("application/json") &&
        *format != "xml" && !format->starts_with("application/xml")) {
        refusal = error_reply(400, "bad_parameter", "$format: json (or xml for $metadata)");
        return false;
    }
    return true;
}

}  // namespace

http::Reply get_odata_service(ApiContext& api, const Call& call) {
    http::Reply refusal;
    if (!format_ok(call, refusal)) {
        return refusal;
    }
    json sets = json::array();
    for (const od::EntitySet set : {od::EntitySet::Responses, od::EntitySet::Answers}) {
        sets.push_back(
            {{"name", od::set_name(set)}, {"kind", "EntitySet"}, {"url", od::set_name(set)}});
    }
    return odata_reply(
        {{"@odata.context", service_root(api, call) + "$metadata"}, {"value", sets}});
}

http::Reply get_odata_metadata(ApiContext&, const Call& call) {
    http::Reply refusal;
    if (!format_ok(call, refusal)) {
        return refusal;
    }
    http::Reply reply;
    reply.content_type = "application/xml";
    reply.body = od::metadata_document();
    reply.set_header("OData-Version", "4.0");
    reply.set_header("Cache-Control", "no-store");
    reply.set_header("X-Content-Type-Options", "nosniff");
    return reply;
}

http::Reply get_odata_responses(ApiContext& api, const Call& call) {
    return entity_set(api, call, od::EntitySet::Responses);
}

http::Reply get_odata_answers(ApiContext& api, const Call& call) {
    return entity_set(api, call, od::EntitySet::Answers);
}

}  // namespace fbk::sync::hub
