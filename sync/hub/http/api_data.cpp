// What administrators read: exports of individual responses, statistics, comments and the
// audit log. Every read of individual data is written to the audit log first.
#include <algorithm>
#include <limits>
#include <memory>

#include "sync/hub/analytics/stats.h"
#include "sync/hub/export/formats.h"
#include "sync/hub/export/pump.h"
#include "sync/hub/http/api.h"
#include "sync/hub/store/utc_time.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

constexpr std::size_t kExportPageRows = 500;
constexpr std::int64_t kMaxComments = 200;
constexpr std::int64_t kAuditPage = 200;
constexpr std::int64_t kMaxAuditPage = 1000;

// The body of an export (export/pump.h), streamed: a failure ends the stream without its
// last chunk, so the client sees that it is cut.
http::ChunkSource export_stream(ApiContext& api, std::shared_ptr<ExportPump> pump) {
    return [&api, pump](std::string& chunk) {
        try {
            return pump->next(chunk) ? http::Chunk::More : http::Chunk::Last;
        } catch (const std::exception& e) {
            api.log("export stopped: " + std::string(e.what()));
            return http::Chunk::Abort;
        }
    };
}

}  // namespace

http::Reply get_responses(ApiContext& api, const Call& call) {
    const std::string format(call.param("format").value_or("csv"));
    std::shared_ptr<ResponseWriter> writer =
        make_response_writer(format, ordered_question_columns(*api.packs.catalog(), api.store));
    if (!writer) {
        return error_reply(400, "bad_parameter",
                           "format: '" + format + "' is not " + std::string(kExportFormats));
    }
    // Exports include flagged responses unless told otherwise: the flags column shows them,
    // and analysts decide.
    http::Reply refusal;
    const auto filter = parse_filter(call, true, refusal);
    if (!filter) {
        return refusal;
    }
    const std::string bom(call.param("bom").value_or("false"));
    if (bom != "true" && bom != "false") {
        return error_reply(400, "bad_parameter", "bom: must be true or false");
    }
    std::int64_t after = 0;
    if (const auto cursor_text = call.param("after")) {
        const auto cursor = decode_cursor(*cursor_text);
        if (!cursor) {
            return error_reply(400, "bad_parameter", "after: not a cursor issued by this hub");
        }
        after = *cursor;
    }
    std::int64_t up_to = api.store.max_seq();
    if (call.param("limit")) {
        const auto limit =
            integer_param(call, "limit", 1, std::numeric_limits<std::int64_t>::max(), 0, refusal);
        if (!limit) {
            return error_reply(400, "bad_parameter", "limit: must be a positive whole number");
        }
        up_to = api.store.seq_after(after, *limit, *filter);
    }
    // Who pulled which answers is recorded; the detail names filters, never answers.
    api.store.audit(call.token->subject, "export", audit_detail(call), api.options.now_ms());
    http::Reply reply = json_reply(json::object());
    reply.body.clear();
    reply.content_type = std::string(writer->content_type());
    reply.set_header("X-Next-Cursor", encode_cursor(std::max(after, up_to)));
    reply.stream = export_stream(
        api, std::make_shared<ExportPump>(api.store, writer, ExportRange{after, up_to, *filter},
                                          bom == "true", kExportPageRows));
    return reply;
}

http::Reply get_stats(ApiContext& api, const Call& call) {
    const std::string by(call.param("by").value_or("stage"));
    const auto group = stats_group_from_string(by);
    if (!group) {
        return error_reply(
            400, "bad_parameter",
            "by: '" + by + "' is not stage, kiosk, survey, language, site, day, week or month");
    }
    http::Reply refusal;
    const auto filter = parse_filter(call, false, refusal);
    if (!filter) {
        return refusal;
    }
    const bool viewer = call.token->role == Role::Viewer;
    if (viewer && *group == StatsGroup::Day) {
        return error_reply(403, "forbidden",
                           "by=day: viewers see whole weeks only (README \"Small groups\"); "
                           "days need the analyst role");
    }
    const Disclosure disclosure = viewer ? Disclosure::Viewer : Disclosure::Full;
    return json_reply(compute_stats(api.store, *api.packs.catalog(), *group, *filter, disclosure,
                                    api.options.now_ms()));
}

// Free text is individual data: analysts and admins read it, viewers see aggregates only.
http::Reply get_comments(ApiContext& api, const Call& call) {
    http::Reply refusal;
    const auto limit = integer_param(call, "limit", 1, kMaxComments, 20, refusal);
    if (!limit) {
        return refusal;
    }
    const auto filter = parse_filter(call, false, refusal);
    if (!filter) {
        return refusal;
    }
    api.store.audit(call.token->subject, "comments", audit_detail(call), api.options.now_ms());
    json comments = json::array();
    for (const Comment& c : api.store.latest_comments(static_cast<std::size_t>(*limit), *filter)) {
        comments.push_back({{"at", format_utc_iso8601(c.at_ms)},
                            {"stage", c.stage},
                            {"language", c.language},
                            {"question", c.question},
                            {"text", c.text}});
    }
    return json_reply({{"comments", std::move(comments)}});
}

// Newest first, a page at a time: `before` is the cursor the previous page gave, so that no
// number of later entries can push an action out of reach.
http::Reply get_audit(ApiContext& api, const Call& call) {
    http::Reply refusal;
    const auto limit = integer_param(call, "limit", 1, kMaxAuditPage, kAuditPage, refusal);
    if (!limit) {
        return refusal;
    }
    AuditQuery query;
    query.limit = static_cast<std::size_t>(*limit);
    if (const auto cursor_text = call.param("before")) {
        const auto cursor = decode_cursor(*cursor_text);
        if (!cursor) {
            return error_reply(400, "bad_parameter", "before: not a cursor issued by this hub");
        }
        query.before_seq = *cursor;
    }
    if (const auto actor = call.param("actor")) {
        query.actor = std::string(*actor);
    }
    if (const auto action = call.param("action")) {
        query.action = std::string(*action);
    }
    for (const auto& [name, target] :
         {std::pair{"from", &query.from_ms}, std::pair{"to", &query.to_ms}}) {
        if (const auto value = call.param(name)) {
            const auto ms = parse_utc_time(*value);
            if (!ms) {
                return error_reply(400, "bad_parameter",
                                   std::string(name) + ": '" + std::string(*value) +
                                       "' is not a UTC date (2026-11-01 or 2026-11-01T08:00:00Z)");
            }
            *target = *ms;
        }
    }
    const AuditPage page = api.store.audit_log(query);
    json entries = json::array();
    for (const AuditEntry& e : page.entries) {
        entries.push_back({{"at", format_utc_iso8601(e.at_ms)},
                           {"actor", e.actor},
                           {"action", e.action},
                           {"detail", e.detail}});
    }
    json next = page.more ? json(encode_cursor(page.entries.back().seq)) : json(nullptr);
    http::Reply reply = json_reply({{"entries", std::move(entries)}, {"next", next}});
    if (page.more) {
        reply.set_header("X-Next-Cursor", next.get<std::string>());
    }
    return reply;
}

}  // namespace fbk::sync::hub
