#include "sync/hub/http/routes.h"

#include <iterator>

#include "sync/protocol/survey_pack.h"

namespace fbk::sync::hub {

namespace {

std::vector<std::string_view> with_filters(std::initializer_list<std::string_view> own) {
    std::vector<std::string_view> out(own);
    out.insert(out.end(), std::begin(kFilterParams), std::end(kFilterParams));
    return out;
}

constexpr std::size_t kHeartbeatBytes = 16 * 1024;
constexpr std::size_t kAssignmentBytes = 4 * 1024;
constexpr std::size_t kTargetBytes = 4 * 1024;
constexpr std::size_t kCommentStateBytes = 8 * 1024;
constexpr std::size_t kAlertRuleBytes = 16 * 1024;
constexpr std::size_t kSettingsBytes = 32 * 1024;
// The OData system query options an entity set takes (odata/query.h says what each may hold).
const std::vector<std::string_view> kODataParams = {"$filter",    "$select", "$top",
                                                    "$skiptoken", "$count",  "$format"};
// Signing out takes "{}": a JSON body needs a CORS preflight, which no other site gets.
constexpr std::size_t kSignoutBytes = 4 * 1024;

}  // namespace

// Long because it is the table: one entry per endpoint, read top to bottom.
std::vector<Route> make_routes(const HubServerOptions& o) {
    const std::size_t pack = protocol::kMaxPackBytes;
    // clang-format off
    return {
        // Kiosk traffic (api_kiosk.cpp).
        {.method = "POST", .path = "/api/v1/batches", .access = Access::Kiosk,
         .what = "only kiosk tokens may upload batches",
         .max_body = o.max_request_bytes, .max_inflated = o.max_inflated_bytes,
         .handler = post_batch},
        {.method = "POST", .path = "/api/v1/heartbeat", .access = Access::Kiosk,
         .max_body = kHeartbeatBytes, .max_inflated = kHeartbeatBytes, .handler = post_heartbeat},
        {.method = "GET", .path = "/api/v1/kiosk/settings", .access = Access::Kiosk,
         .handler = get_kiosk_settings},
        {.method = "GET", .path = "/api/v1/kiosk/pack", .access = Access::Kiosk,
         .params = {"id"}, .handler = get_kiosk_pack},
        {.method = "GET", .path = "/api/v1/kiosk/central-settings", .access = Access::Kiosk,
         .params = {"site"}, .handler = get_kiosk_central_settings},
        // Data for administrators (api_data.cpp).
        {.method = "GET", .path = "/api/v1/responses", .access = Access::Analyst,
         .what = "exports of individual responses",
         .params = with_filters({"format", "after", "limit", "bom", "labels"}),
         .handler = get_responses},
        {.method = "GET", .path = "/api/v1/stats", .access = Access::Viewer, .what = "statistics",
         .params = with_filters({"by"}), .handler = get_stats},
        {.method = "GET", .path = "/api/v1/comments", .access = Access::Analyst,
         .what = "free-text comments",
         .params = with_filters({"limit", "theme", "sentiment", "state"}),
         .handler = get_comments},
        {.method = "POST", .path = "/api/v1/comments/state", .access = Access::Analyst,
         .what = "handling comments", .max_body = kCommentStateBytes,
         .max_inflated = kCommentStateBytes, .handler = post_comment_state},
        {.method = "GET", .path = "/api/v1/themes", .access = Access::Viewer,
         .what = "comment themes", .params = with_filters({"by"}), .handler = get_themes},
        {.method = "GET", .path = "/api/v1/audit", .access = Access::Admin,
         .what = "the audit log", .params = {"limit", "before", "actor", "action", "from", "to"},
         .handler = get_audit},
        // The care pathway (api_pathway.cpp).
        {.method = "GET", .path = "/api/v1/journey", .access = Access::Viewer,
         .what = "the journey view", .params = {"site", "from", "to"}, .handler = get_journey},
        {.method = "GET", .path = "/api/v1/report", .access = Access::Viewer,
         .what = "the monthly report", .params = {"period", "site"}, .handler = get_report},
        {.method = "GET", .path = "/api/v1/targets", .access = Access::Viewer,
         .what = "targets", .handler = get_targets},
        {.method = "POST", .path = "/api/v1/targets", .access = Access::Admin,
         .what = "setting targets", .max_body = kTargetBytes, .max_inflated = kTargetBytes,
         .handler = post_target},
        {.method = "DELETE", .path = "/api/v1/targets", .access = Access::Admin,
         .what = "deleting targets", .params = {"id"}, .handler = delete_target},
        // Alerts (api_alerts.cpp).
        {.method = "GET", .path = "/api/v1/alert-rules", .access = Access::Admin,
         .what = "alert rules", .handler = get_alert_rules},
        {.method = "POST", .path = "/api/v1/alert-rules", .access = Access::Admin,
         .what = "setting alert rules", .max_body = kAlertRuleBytes,
         .max_inflated = kAlertRuleBytes, .handler = post_alert_rule},
        {.method = "DELETE", .path = "/api/v1/alert-rules", .access = Access::Admin,
         .what = "deleting alert rules", .params = {"id"}, .handler = delete_alert_rule},
        {.method = "GET", .path = "/api/v1/alert-deliveries", .access = Access::Admin,
         .what = "the alert delivery log", .params = {"limit"}, .handler = get_alert_deliveries},
        // Packs (api_packs.cpp).
        {.method = "GET", .path = "/api/v1/packs", .access = Access::Viewer,
         .what = "the pack list", .handler = get_packs},
        {.method = "POST", .path = "/api/v1/packs", .access = Access::Admin,
         .what = "uploading survey packs", .max_body = pack, .max_inflated = pack,
         .handler = post_pack},
        {.method = "POST", .path = "/api/v1/packs/assignments", .access = Access::Admin,
         .what = "assigning survey packs",
         .max_body = kAssignmentBytes, .max_inflated = kAssignmentBytes,
         .handler = post_pack_assignment},
        // Settings managed for kiosks (api_central_settings.cpp).
        {.method = "GET", .path = "/api/v1/central-settings", .access = Access::Admin,
         .what = "kiosk settings", .handler = get_central_settings},
        {.method = "POST", .path = "/api/v1/central-settings", .access = Access::Admin,
         .what = "changing kiosk settings", .max_body = kSettingsBytes,
         .max_inflated = kSettingsBytes, .handler = post_central_settings},
        // The OData v4 feed for Excel and Power BI (api_odata.cpp): its description for any
        // role, the entity sets (individual responses) for analysts, as exports are.
        {.method = "GET", .path = "/odata/v1/", .access = Access::Viewer,
         .what = "the OData service document", .params = {"$format"},
         .handler = get_odata_service},
        {.method = "GET", .path = "/odata/v1", .access = Access::Viewer,
         .what = "the OData service document", .params = {"$format"},
         .handler = get_odata_service, .described = false},  // the root without its slash
        {.method = "GET", .path = "/odata/v1/$metadata", .access = Access::Viewer,
         .what = "the OData metadata", .params = {"$format"}, .handler = get_odata_metadata},
        {.method = "GET", .path = "/odata/v1/Responses", .access = Access::Analyst,
         .what = "individual responses (OData)", .params = kODataParams,
         .handler = get_odata_responses},
        {.method = "GET", .path = "/odata/v1/Answers", .access = Access::Analyst,
         .what = "individual answers (OData)", .params = kODataParams,
         .handler = get_odata_answers},
        // Signing in with the hospital's identity provider (api_signin.cpp): anyone may start;
        // the handlers check the sign-in's state, the session and its CSRF token themselves.
        {.method = "GET", .path = "/auth/login", .handler = get_signin},
        {.method = "GET", .path = "/auth/callback",
         .params = {"code", "state", "error", "error_description", "error_uri", "iss",
                    "session_state"},
         .handler = get_signin_callback},
        {.method = "GET", .path = "/auth/session", .handler = get_session},
        {.method = "POST", .path = "/auth/logout", .max_body = kSignoutBytes,
         .max_inflated = kSignoutBytes, .handler = post_signout},
        // Operations (api_operations.cpp).
        {.method = "GET", .path = "/api/v1/kiosks", .access = Access::Viewer,
         .what = "the fleet view", .handler = get_kiosks},
        {.method = "GET", .path = "/metrics", .access = Access::Viewer, .what = "metrics",
         .handler = get_metrics},
        {.method = "GET", .path = "/healthz", .handler = get_healthz},
        {.method = "GET", .path = "/readyz", .handler = get_readyz},
        {.method = "GET", .path = "/api/v1/openapi.json", .handler = get_openapi},
        {.method = "GET", .path = "/dashboard", .handler = get_dashboard_redirect,
         .described = false},  // to /dashboard/
        {.method = "GET", .path = "/dashboard/", .prefix = true, .handler = get_dashboard_file},
    };
    // clang-format on
}

}  // namespace fbk::sync::hub
