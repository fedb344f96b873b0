// The hub's API handlers, by resource: kiosk traffic (api_kiosk.cpp), data for administrators
// (api_data.cpp), comment handling (api_comment_states.cpp), the care pathway
// (api_pathway.cpp), alerts (api_alerts.cpp), survey packs (api_packs.cpp), managed kiosk
// settings (api_central_settings.cpp) and operations
// (api_operations.cpp). Routing, authorisation, query parameter names, body limits and body
// decoding happen before a handler runs (routes.h, hub_server.cpp); a handler checks what its
// parameters and body mean and builds the reply. Replies and parameter parsing shared by
// handlers: api_common.cpp.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/hub/analytics/prometheus.h"
#include "sync/hub/http/hub_server.h"
#include "sync/hub/http/message.h"
#include "sync/hub/http/rate_limiter.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/ingest_queue.h"
#include "sync/hub/store/pack_registry.h"
#include "sync/hub/store/stats_query.h"
#include "sync/protocol/issue.h"

namespace fbk::sync::hub::signin {
class OidcProvider;
}

namespace fbk::sync::hub {

// What every handler works with; owned by HubServer.
struct ApiContext {
    HubStore& store;
    PackRegistry& packs;
    const HubServerOptions& options;
    IngestQueue& ingest;
    HubMetrics& metrics;
    const text::CommentAnalyser& comments;
    signin::OidcProvider* signin = nullptr;  // set when people sign in with a provider
    RateLimiter signin_rate{5, 30};          // sign-ins started, per client address
    void log(const std::string& line) const {
        if (options.log_line) {
            options.log_line(line);
        }
    }
};

// One request as a handler sees it: routed, authorised, every query parameter known to the
// route and given at most once, the body inflated.
struct Call {
    const http::Request& request;
    const TokenInfo* token = nullptr;  // nullptr on routes anyone may use
    std::string body;
    std::optional<std::string_view> param(std::string_view name) const;
};

using Handler = http::Reply (*)(ApiContext&, const Call&);

// A JSON reply; every API reply is private and not to be guessed at by a browser.
http::Reply json_reply(const nlohmann::json& body, int status = 200);
// {"error": {"code", "message"[, "issues"]}}. The message is escaped: no raw bytes of a
// request ever reach a reply.
http::Reply error_reply(int status, std::string_view code, std::string message,
                        nlohmann::json issues = nullptr);
// Replies `body` (JSON) unless the client already holds it (If-None-Match), then 304 without.
http::Reply cacheable(const Call& call, const std::string& body, const std::string& etag);

// 400 with every error of a document (batch, heartbeat, pack) by its JSON path.
http::Reply invalid_document(std::string_view code, const protocol::Issues& issues);
// The reply to a storage failure: 507 when the disk is full, else 503; both with Retry-After.
http::Reply storage_failure_reply(bool disk_full);

// Query parameters every filtered route takes (see README "HTTP API").
inline constexpr std::string_view kFilterParams[] = {"kiosk", "stage", "survey", "language",
                                                     "site",  "from",  "to",     "include_flagged"};
// kiosk, stage, survey, language, site, from, to, include_flagged; a 400 names a bad one.
std::optional<StatsFilter> parse_filter(const Call& call, bool flagged_default,
                                        http::Reply& refusal);
// A whole number in [low, high] from parameter `name`, else `fallback`; a 400 when malformed.
std::optional<std::int64_t> integer_param(const Call& call, std::string_view name, std::int64_t low,
                                          std::int64_t high, std::int64_t fallback,
                                          http::Reply& refusal);
// The `id` a DELETE names (`what`: "the target to delete"): a positive whole number; nullopt
// after filling `refusal` with a 400 that says what is missing or wrong.
std::optional<std::int64_t> required_id(const Call& call, std::string_view what,
                                        http::Reply& refusal);
// The item with that id, found by `id_of` (for the audit line of a deletion).
template <typename T, typename IdOf>
std::optional<T> find_by_id(const std::vector<T>& items, std::int64_t id, IdOf id_of) {
    for (const T& item : items) {
        if (id_of(item) == id) {
            return item;
        }
    }
    return std::nullopt;
}
// The request as the audit log records it: the path and the route's parameters, with anything
// that looks like a credential replaced by "[credential]".
std::string audit_detail(const Call& call);

// Kiosk traffic (api_kiosk.cpp).
http::Reply post_batch(ApiContext& api, const Call& call);
http::Reply post_heartbeat(ApiContext& api, const Call& call);
http::Reply get_kiosk_settings(ApiContext& api, const Call& call);
http::Reply get_kiosk_pack(ApiContext& api, const Call& call);
// Data for administrators (api_data.cpp).
http::Reply get_responses(ApiContext& api, const Call& call);
http::Reply get_stats(ApiContext& api, const Call& call);
http::Reply get_comments(ApiContext& api, const Call& call);
http::Reply get_themes(ApiContext& api, const Call& call);
http::Reply post_comment_state(ApiContext& api, const Call& call);
// new, seen, in_progress or done.
bool is_comment_state(std::string_view state);
// {"state", "owner_unit", "note", "changed_at", "changed_by"} (the last two null while new).
nlohmann::json comment_state_json(const CommentState& state);
http::Reply get_audit(ApiContext& api, const Call& call);
// The care pathway (api_pathway.cpp).
http::Reply get_journey(ApiContext& api, const Call& call);
http::Reply get_targets(ApiContext& api, const Call& call);
http::Reply post_target(ApiContext& api, const Call& call);
http::Reply delete_target(ApiContext& api, const Call& call);
http::Reply get_report(ApiContext& api, const Call& call);
// Alerts (api_alerts.cpp).
http::Reply get_alert_rules(ApiContext& api, const Call& call);
http::Reply post_alert_rule(ApiContext& api, const Call& call);
http::Reply delete_alert_rule(ApiContext& api, const Call& call);
http::Reply get_alert_deliveries(ApiContext& api, const Call& call);
// Settings administrators manage for kiosks (api_central_settings.cpp).
http::Reply get_central_settings(ApiContext& api, const Call& call);
http::Reply post_central_settings(ApiContext& api, const Call& call);
http::Reply get_kiosk_central_settings(ApiContext& api, const Call& call);
// The document a kiosk is sent for its effective settings (effective_central_settings) and its
// ETag, as the kiosk route serves it (the fleet view compares the ETag with the one a kiosk
// says it runs).
struct CentralSettingsDocument {
    std::string body;
    std::string etag;
};
CentralSettingsDocument central_settings_document(const protocol::CentralSettings& effective);
// Packs (api_packs.cpp).
http::Reply get_packs(ApiContext& api, const Call& call);
http::Reply post_pack(ApiContext& api, const Call& call);
http::Reply post_pack_assignment(ApiContext& api, const Call& call);
// The OData v4 feed (api_odata.cpp): service document, $metadata, Responses, Answers.
http::Reply get_odata_service(ApiContext& api, const Call& call);
http::Reply get_odata_metadata(ApiContext& api, const Call& call);
http::Reply get_odata_responses(ApiContext& api, const Call& call);
http::Reply get_odata_answers(ApiContext& api, const Call& call);
// Signing in (api_signin.cpp): to the provider, its callback, the session, signing out.
http::Reply get_signin(ApiContext& api, const Call& call);
http::Reply get_signin_callback(ApiContext& api, const Call& call);
http::Reply get_session(ApiContext& api, const Call& call);
http::Reply post_signout(ApiContext& api, const Call& call);
// Operations (api_operations.cpp).
http::Reply get_kiosks(ApiContext& api, const Call& call);
http::Reply get_metrics(ApiContext& api, const Call& call);
http::Reply get_healthz(ApiContext& api, const Call& call);
http::Reply get_readyz(ApiContext& api, const Call& call);
http::Reply get_openapi(ApiContext& api, const Call& call);
http::Reply get_dashboard_redirect(ApiContext& api, const Call& call);
http::Reply get_dashboard_file(ApiContext& api, const Call& call);

}  // namespace fbk::sync::hub
