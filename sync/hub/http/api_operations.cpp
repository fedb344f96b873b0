// Operations: the fleet view, metrics, health, the API description and the dashboard's files.
#include <algorithm>
#include <map>

#include "sync/hub/analytics/fleet_health.h"
#include "sync/hub/http/api.h"
#include "sync/hub/store/utc_time.h"
#include "sync/hub/web/embedded_files.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

bool silent(const ApiContext& api, const KioskStatus& k) {
    const auto now = api.options.now_ms();
    return is_silent(k.last_seen_ms, now, local_week_time(now), k.heartbeat.site,
                     api.options.silence);
}

std::string_view content_type_of(std::string_view name) {
    if (name.ends_with(".html")) {
        return "text/html; charset=utf-8";
    }
    if (name.ends_with(".js")) {
        return "text/javascript; charset=utf-8";
    }
    if (name.ends_with(".css")) {
        return "text/css; charset=utf-8";
    }
    return "application/json";
}

}  // namespace

namespace {

// What administrators set for this kiosk (the PIN as "(set)") and whether the kiosk runs it:
// "applied" (its heartbeat names the ETag it would be sent now), "refused" (it said why, in
// last_error), "pending" (not yet fetched), or "none" (nothing set and nothing run).
void add_central_settings(json& entry, const std::vector<CentralSettingRow>& rows,
                          const protocol::Heartbeat& heartbeat) {
    const auto effective = effective_central_settings(rows, heartbeat.kiosk_id, heartbeat.site);
    json settings = json::object();
    for (const auto& [key, setting] : effective.values) {
        const bool pin = key == protocol::kStaffPinHashKey;
        settings[key] = {{"value", pin ? std::string("(set)") : setting.value},
                         {"from", setting.from}};
    }
    const auto doc = central_settings_document(effective);
    const auto& alarms = heartbeat.alarms;
    std::string state = "pending";
    if (std::find(alarms.begin(), alarms.end(), protocol::kAlarmSettingsRefused) != alarms.end()) {
        state = "refused";
    } else if (heartbeat.settings_etag == doc.etag) {
        state = "applied";
    } else if (heartbeat.settings_etag.empty() && effective.values.empty()) {
        state = "none";
    }
    entry["central_settings"] = std::move(settings);
    entry["settings_state"] = state;
}

}  // namespace

http::Reply get_kiosks(ApiContext& api, const Call&) {
    json kiosks = json::array();
    const auto rows = api.store.central_settings();
    for (const KioskStatus& k : api.store.fleet()) {
        auto entry = json::parse(protocol::serialize(k.heartbeat));
        entry["last_seen"] = format_utc_iso8601(k.last_seen_ms);
        entry["clock_offset_ms"] = k.clock_offset_ms;
        entry["silent"] = silent(api, k);
        add_central_settings(entry, rows, k.heartbeat);
        kiosks.push_back(std::move(entry));
    }
    return json_reply({{"kiosks", std::move(kiosks)}});
}

// Scraped by Prometheus with a viewer token (authorization: credentials_file).
http::Reply get_metrics(ApiContext& api, const Call&) {
    FleetGauges gauges;
    for (const KioskStatus& k : api.store.fleet()) {
        if (silent(api, k)) {
            ++gauges.silent;
        } else if (!k.heartbeat.alarms.empty()) {
            ++gauges.alarm;
        } else {
            ++gauges.ok;
        }
        gauges.backlog_responses += k.heartbeat.backlog;
    }
    gauges.unhandled_comments = api.store.unhandled_comments_by_stage();
    http::Reply reply;
    reply.content_type = "text/plain; version=0.0.4; charset=utf-8";
    reply.body = api.metrics.render(gauges);
    reply.set_header("Cache-Control", "no-store");
    return reply;
}

// Liveness: the process serves requests.
http::Reply get_healthz(ApiContext&, const Call&) {
    return json_reply({{"status", "ok"}});
}

// Readiness: it can also read its database.
http::Reply get_readyz(ApiContext& api, const Call&) {
    try {
        api.store.export_horizon();
        return json_reply({{"status", "ready"}});
    } catch (const std::exception& e) {
        api.log("readiness check failed: " + std::string(e.what()));
        return error_reply(503, "not_ready", "the hub cannot read its database");
    }
}

http::Reply get_openapi(ApiContext&, const Call&) {
    http::Reply reply = json_reply(json::object());
    reply.body = std::string(*embedded_file("http/openapi.json"));
    return reply;
}

http::Reply get_dashboard_redirect(ApiContext&, const Call&) {
    http::Reply reply;
    reply.status = 302;
    reply.set_header("Location", "/dashboard/");
    return reply;
}

// The dashboard's files. The page talks only to this hub, and nothing can frame it.
http::Reply get_dashboard_file(ApiContext&, const Call& call) {
    constexpr std::string_view kPrefix = "/dashboard/";
    std::string name = call.request.path.substr(kPrefix.size());
    if (name.empty()) {
        name = "index.html";
    }
    const bool plain_name =
        name.find_first_not_of("abcdefghijklmnopqrstuvwxyz.") == std::string::npos &&
        name.find("..") == std::string::npos;
    const auto content = plain_name ? embedded_file("web/" + name) : std::nullopt;
    if (!content) {
        return error_reply(404, "not_found", "no such endpoint: " + call.request.path);
    }
    http::Reply reply;
    reply.content_type = std::string(content_type_of(name));
    reply.body = std::string(*content);
    reply.set_header("Content-Security-Policy",
                     "default-src 'self'; img-src 'self' data:; style-src 'self'; "
                     "script-src 'self'; connect-src 'self'; frame-ancestors 'none'");
    reply.set_header("X-Content-Type-Options", "nosniff");
    reply.set_header("Referrer-Policy", "no-referrer");
    reply.set_header("Cache-Control", "no-cache");
    return reply;
}

}  // namespace fbk::sync::hub
