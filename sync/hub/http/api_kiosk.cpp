// What kiosks send and fetch: batches of responses, heartbeats, their settings and their pack.
// The checks of a batch, in order after the route's (token, role, media type, size): structure
// (400) -> kiosk identity (403) -> packs known (503) -> meaning against the packs (400) -> one
// transaction -> per-id receipts (200).
#include <algorithm>

#include "sync/hub/analytics/comment_analysis.h"
#include "sync/hub/http/api.h"
#include "sync/hub/store/tokens.h"
#include "sync/protocol/kiosk_link.h"
#include "sync/protocol/messages.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxIssuesReported = 20;

json issues_json(const protocol::Issues& issues) {
    json out = json::array();
    for (std::size_t i = 0; i < issues.size() && out.size() < kMaxIssuesReported; ++i) {
        if (issues[i].severity == protocol::Severity::Error) {
            out.push_back({{"path", issues[i].path}, {"message", issues[i].message}});
        }
    }
    return out;
}

std::string first_issue_text(const protocol::Issues& issues) {
    const auto errors = std::count_if(issues.begin(), issues.end(), [](const protocol::Issue& i) {
        return i.severity == protocol::Severity::Error;
    });
    for (const protocol::Issue& issue : issues) {
        if (issue.severity == protocol::Severity::Error) {
            std::string text = issue.path + ": " + issue.message;
            if (errors > 1) {
                text += " (and " + std::to_string(errors - 1) + " more)";
            }
            return text;
        }
    }
    return "invalid";
}

}  // namespace

http::Reply cacheable(const Call& call, const std::string& body, const std::string& etag) {
    http::Reply reply = json_reply(json::object());
    reply.body = body;
    reply.set_header("ETag", etag);
    if (call.request.header("If-None-Match") == etag) {
        reply.status = 304;
        reply.body.clear();
    }
    return reply;
}

http::Reply invalid_document(std::string_view code, const protocol::Issues& issues) {
    return error_reply(400, code, first_issue_text(issues), issues_json(issues));
}

http::Reply post_batch(ApiContext& api, const Call& call) {
    auto parsed = protocol::parse_batch(call.body, api.options.batch_limits);
    if (!parsed.batch) {
        return invalid_document("invalid_batch", parsed.issues);
    }
    if (parsed.batch->header.kiosk_id != call.token->subject) {
        return error_reply(403, "forbidden", "this token may only upload for its own kiosk");
    }
    auto packs = api.packs.catalog();
    for (const protocol::Response& r : parsed.batch->responses) {
        if (packs->find(r.pack_id, r.pack_version) == nullptr) {
            api.packs.refresh();  // another hub may have been given it
            packs = api.packs.catalog();
        }
        if (packs->find(r.pack_id, r.pack_version) == nullptr) {
            // Not the kiosk's fault: the hub has not been given this pack yet. Ask it to come
            // back later instead of making it quarantine good answers.
            http::Reply reply =
                error_reply(503, "unknown_pack",
                            "survey pack '" + r.pack_id + "' version " +
                                std::to_string(r.pack_version) + " is not installed on this hub");
            reply.set_header("Retry-After", std::to_string(api.options.unknown_pack_retry_after_s));
            return reply;
        }
    }
    const auto issues = protocol::validate_batch(*parsed.batch, *packs);
    if (!issues.empty()) {
        return invalid_document("invalid_batch", issues);
    }
    // Comments get their themes here, in this request's thread, so the one writer thread
    // only stores them.
    const auto comments = analyse_batch_comments(api.comments, *parsed.batch);
    // A storage failure throws: the route's failure mapping answers 503 or 507, and the
    // transaction rolled back, so nothing of the batch is stored and a retry is safe.
    const auto receipts = api.ingest.ingest(*parsed.batch, api.options.now_ms(), comments);
    const auto duplicates = std::count_if(
        receipts.begin(), receipts.end(),
        [](const protocol::Receipt& r) { return r.status == protocol::ReceiptStatus::Duplicate; });
    api.metrics.count_ingested(static_cast<std::int64_t>(receipts.size()) - duplicates, duplicates);
    http::Reply reply = json_reply(json::object());
    reply.body = protocol::serialize(protocol::BatchAck{receipts});
    return reply;
}

http::Reply post_heartbeat(ApiContext& api, const Call& call) {
    protocol::Issues issues;
    const auto heartbeat = protocol::parse_heartbeat(call.body, issues);
    if (!heartbeat) {
        return invalid_document("invalid_heartbeat", issues);
    }
    if (heartbeat->kiosk_id != call.token->subject) {
        return error_reply(403, "forbidden", "this token may only report for its own kiosk");
    }
    const std::int64_t now = api.options.now_ms();
    api.store.record_heartbeat(*heartbeat, now);
    return json_reply({{"received_at_ms", now}});
}

http::Reply get_kiosk_settings(ApiContext& api, const Call& call) {
    const protocol::KioskSettings settings{
        static_cast<std::int64_t>(api.options.batch_limits.max_responses),
        static_cast<std::int64_t>(api.options.max_inflated_bytes),
        api.options.heartbeat_interval_ms};
    const std::string body = protocol::serialize(settings);
    return cacheable(call, body, "\"" + hash_token(body).substr(0, 16) + "\"");
}

// The version assigned to this kiosk (by id, site, stage or all), else the newest.
http::Reply get_kiosk_pack(ApiContext& api, const Call& call) {
    const std::string id(call.param("id").value_or(""));
    if (id.empty()) {
        return error_reply(400, "bad_parameter", "id: the pack id is required");
    }
    api.packs.refresh();
    const auto packs = api.packs.catalog();
    const auto assigned = api.store.assigned_version(call.token->subject, id);
    const protocol::SurveyPack* pack = assigned ? packs->find(id, *assigned) : nullptr;
    pack = pack != nullptr ? pack : packs->newest(id);
    if (pack == nullptr) {
        return error_reply(404, "no_such_pack",
                           "survey pack '" + id + "' is not installed on this hub");
    }
    const std::string& body = packs->source_of(*pack);
    // Whether an administrator chose this version: the kiosk installs an assigned version even
    // when it is older than its own (a rollback), but never downgrades to the newest the hub
    // happens to have. Part of the ETag, so a change of assignment reaches a kiosk.
    const bool chosen = assigned && pack->version == *assigned;
    auto reply =
        cacheable(call, body,
                  "\"" + pack->id + "-v" + std::to_string(pack->version) +
                      (chosen ? "-assigned-" : "-") + hash_token(body).substr(0, 16) + "\"");
    reply.set_header("X-Pack-Assignment", chosen ? "assigned" : "newest");
    return reply;
}

}  // namespace fbk::sync::hub
