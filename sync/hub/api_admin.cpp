// Management and operations: survey packs and their assignments, the fleet view, metrics,
// health, the API description and the dashboard's files.
#include <limits>
#include <map>

#include "sync/hub/api.h"
#include "sync/hub/csv.h"
#include "sync/hub/embedded_files.h"
#include "sync/hub/fleet_health.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/json_reader.h"
#include "sync/protocol/stages.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

bool silent(const ApiContext& api, const KioskStatus& k) {
    const auto now = api.options.now_ms();
    return is_silent(k.last_seen_ms, now, local_minute_of_day(now), api.options.silence);
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

const std::string kAssignmentShape =
    "the body must be {\"pack_id\": ID, \"version\": N or null, \"target\": \"kiosk:ID\" | "
    "\"site:ID\" | \"stage:CODE\" | \"all\"}";

// {"pack_id", "version" (null removes), "target"} checked; nullopt after filling `refusal`.
std::optional<PackAssignment> parse_assignment(const std::string& body, http::Reply& refusal) {
    protocol::Issues issues;
    const auto doc = protocol::parse_json_object(body, issues);
    const auto bad = [&](const std::string& message) {
        refusal = error_reply(400, "invalid_assignment", message);
        return std::nullopt;
    };
    if (!doc) {
        return bad(issues.empty() ? kAssignmentShape : issues[0].path + ": " + issues[0].message);
    }
    const auto version_ok = [&] {
        const json& v = (*doc)["version"];
        return v.is_null() || (v.is_number_integer() && v.get<std::int64_t>() >= 1 &&
                               v.get<std::int64_t>() <= std::numeric_limits<int>::max());
    };
    if (doc->size() != 3 || !doc->contains("pack_id") || !(*doc)["pack_id"].is_string() ||
        !protocol::is_plain_id((*doc)["pack_id"].get<std::string>()) || !doc->contains("target") ||
        !(*doc)["target"].is_string() || !doc->contains("version") || !version_ok()) {
        return bad(kAssignmentShape);
    }
    PackAssignment a;
    a.pack_id = (*doc)["pack_id"].get<std::string>();
    a.version = (*doc)["version"].is_null() ? 0 : (*doc)["version"].get<int>();
    const std::string target = (*doc)["target"].get<std::string>();
    const auto colon = target.find(':');
    a.target_kind = target == "all" ? "all" : target.substr(0, colon);
    a.target = colon == std::string::npos ? "" : target.substr(colon + 1);
    const bool target_ok = target == "all" ||
                           (colon != std::string::npos && protocol::is_plain_id(a.target) &&
                            (a.target_kind == "kiosk" || a.target_kind == "site")) ||
                           (colon != std::string::npos && a.target_kind == "stage" &&
                            protocol::is_known_stage(a.target));
    if (!target_ok) {
        return bad("target: '" + target + "' is not kiosk:ID, site:ID, stage:CODE or all");
    }
    return a;
}

}  // namespace

http::Reply get_packs(ApiContext& api, const Call&) {
    api.packs.refresh();
    std::map<std::pair<std::string, int>, const UploadedPack*> uploaded;
    const auto uploads = api.store.uploaded_packs();
    for (const UploadedPack& u : uploads) {
        uploaded[{u.pack_id, u.version}] = &u;
    }
    json packs = json::array();
    api.packs.catalog()->for_each([&](const protocol::SurveyPack& p) {
        json entry = {{"pack_id", p.id}, {"version", p.version}};
        const auto it = uploaded.find({p.id, p.version});
        entry["origin"] = it == uploaded.end() ? "file" : "upload";
        if (it != uploaded.end()) {
            entry["uploaded_at"] = format_utc_iso8601(it->second->uploaded_ms);
            entry["uploaded_by"] = it->second->uploaded_by;
        }
        packs.push_back(std::move(entry));
    });
    json assignments = json::array();
    for (const PackAssignment& a : api.store.pack_assignments()) {
        assignments.push_back({{"target", a.target_kind == "all" ? std::string("all")
                                                                 : a.target_kind + ":" + a.target},
                               {"pack_id", a.pack_id},
                               {"version", a.version},
                               {"assigned_at", format_utc_iso8601(a.assigned_ms)},
                               {"assigned_by", a.assigned_by}});
    }
    return json_reply({{"packs", std::move(packs)}, {"assignments", std::move(assignments)}});
}

// A new pack version, checked exactly as `feedback-kiosk check-pack` checks a file.
http::Reply post_pack(ApiContext& api, const Call& call) {
    auto load = protocol::parse_survey_pack(call.body);
    if (!load.pack) {
        return invalid_document("invalid_pack", load.issues);
    }
    const std::string id = load.pack->id;
    const int version = load.pack->version;
    const std::string& who = call.token->subject;
    const json reply = {{"pack_id", id}, {"version", version}};
    switch (api.packs.upload(std::move(*load.pack), call.body, who, api.options.now_ms())) {
        case PackRegistry::Upload::Added:
            api.store.audit(who, "pack.upload", id + " v" + std::to_string(version),
                            api.options.now_ms());
            return json_reply(reply, 201);
        case PackRegistry::Upload::AlreadyThere:
            return json_reply(reply);
        case PackRegistry::Upload::Conflict:
            break;
    }
    return error_reply(409, "version_exists",
                       "survey pack '" + id + "' version " + std::to_string(version) +
                           " exists with other content; a version never changes, upload it as "
                           "version " +
                           std::to_string(version + 1) + " or higher");
}

http::Reply post_pack_assignment(ApiContext& api, const Call& call) {
    http::Reply refusal;
    auto a = parse_assignment(call.body, refusal);
    if (!a) {
        return refusal;
    }
    if (a->version != 0 && api.packs.catalog()->find(a->pack_id, a->version) == nullptr) {
        api.packs.refresh();
        if (api.packs.catalog()->find(a->pack_id, a->version) == nullptr) {
            return error_reply(404, "no_such_pack",
                               "survey pack '" + a->pack_id + "' version " +
                                   std::to_string(a->version) +
                                   " is not on this hub; upload it "
                                   "first");
        }
    }
    a->assigned_ms = api.options.now_ms();
    a->assigned_by = call.token->subject;
    api.store.assign_pack(*a);
    const std::string target = a->target_kind == "all" ? "all" : a->target_kind + ":" + a->target;
    api.store.audit(a->assigned_by, "pack.assign",
                    a->pack_id + " v" + std::to_string(a->version) + " to " + target,
                    api.options.now_ms());
    return json_reply({{"pack_id", a->pack_id},
                       {"version", a->version == 0 ? json(nullptr) : json(a->version)},
                       {"target", target}});
}

http::Reply get_kiosks(ApiContext& api, const Call&) {
    json kiosks = json::array();
    for (const KioskStatus& k : api.store.fleet()) {
        auto entry = json::parse(protocol::serialize(k.heartbeat));
        entry["last_seen"] = format_utc_iso8601(k.last_seen_ms);
        entry["clock_offset_ms"] = k.clock_offset_ms;
        entry["silent"] = silent(api, k);
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
        api.store.max_seq();
        return json_reply({{"status", "ready"}});
    } catch (const std::exception& e) {
        api.log("readiness check failed: " + std::string(e.what()));
        return error_reply(503, "not_ready", "the hub cannot read its database");
    }
}

http::Reply get_openapi(ApiContext&, const Call&) {
    http::Reply reply = json_reply(json::object());
    reply.body = std::string(*embedded_file("openapi.json"));
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
