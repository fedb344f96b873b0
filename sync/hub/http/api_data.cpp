// What administrators read: exports of individual responses, statistics, comments and the
// audit log. Every read of individual data is written to the audit log first.
#include <stdlib.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <limits>
#include <memory>

#include "sync/hub/analytics/stats.h"
#include "sync/hub/analytics/text/taxonomy.h"
#include "sync/hub/analytics/themes.h"
#include "sync/hub/export/formats.h"
#include "sync/hub/export/pump.h"
#include "sync/hub/export/xlsx.h"
#include "sync/hub/http/api.h"
#include "sync/hub/store/utc_time.h"
#include "sync/protocol/join.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

constexpr std::size_t kExportPageRows = 2000;
constexpr std::int64_t kMaxComments = 200;
constexpr std::int64_t kAuditPage = 200;
constexpr std::int64_t kMaxAuditPage = 1000;

std::string theme_names() {
    std::string out;
    for (const text::Theme t : text::all_themes()) {
        out += (out.empty() ? "" : ", ") + std::string(text::to_string(t));
    }
    return out;
}

// UTF-16 code units in the first `bytes` bytes of UTF-8 `text`: how a browser's string counts.
std::int64_t utf16_units(std::string_view text, std::size_t bytes) {
    std::int64_t units = 0;
    for (std::size_t i = 0; i < bytes && i < text.size(); ++i) {
        const auto b = static_cast<unsigned char>(text[i]);
        units += (b & 0xC0) == 0x80 ? 0 : (b >= 0xF0 ? 2 : 1);
    }
    return units;
}

// The stored [[offset, length, theme], ...] (bytes) as the words and their places in the
// text as a browser counts them (UTF-16), for the dashboard's highlighting.
json matches_json(const std::string& text, const std::string& stored) {
    json out = json::array();
    const json parsed = json::parse(stored, nullptr, false);
    if (!parsed.is_array()) {
        return out;
    }
    for (const json& m : parsed) {
        if (!m.is_array() || m.size() != 3 || !m[0].is_number_unsigned() ||
            !m[1].is_number_unsigned() || !m[2].is_string()) {
            continue;
        }
        const auto offset = m[0].get<std::size_t>();
        const auto length = m[1].get<std::size_t>();
        if (offset + length > text.size()) {
            continue;
        }
        out.push_back({{"start", utf16_units(text, offset)},
                       {"end", utf16_units(text, offset + length)},
                       {"word", text.substr(offset, length)},
                       {"theme", m[2]}});
    }
    return out;
}

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

namespace {

// An XLSX export: the workbook is made in a private temporary file (XLSX is a zip finished
// only at the end), which is unlinked at once and streamed from its descriptor.
http::Reply xlsx_reply(ApiContext& api, const Call& call, const StatsFilter& filter,
                       ExportPosition after, ExportPosition up_to) {
    std::string path = (std::filesystem::temp_directory_path() / "fbk-export-XXXXXX").string();
    const int fd = ::mkstemp(path.data());  // 0600
    if (fd < 0) {
        throw std::runtime_error("cannot make a temporary file for the XLSX export");
    }
    ::close(fd);
    XlsxRequest request;
    request.file = path;
    request.temp_dir = std::filesystem::temp_directory_path();
    request.label_language = std::string(call.param("labels").value_or("en"));
    const auto packs = api.packs.catalog();
    request.questions = ordered_question_columns(*packs, api.store);
    try {
        write_xlsx(api.store, *packs, ExportRange{after, up_to, filter}, request);
    } catch (const std::length_error& e) {
        std::filesystem::remove(path);
        return error_reply(400, "too_many_rows", e.what());
    } catch (...) {
        std::filesystem::remove(path);
        throw;
    }
    auto file = std::make_shared<std::ifstream>(path, std::ios::binary);
    std::filesystem::remove(path);  // the open stream keeps it until the reply ends
    http::Reply reply;
    reply.content_type = std::string(kXlsxContentType);
    reply.set_header("Cache-Control", "no-store");
    reply.set_header("X-Content-Type-Options", "nosniff");
    reply.set_header("Content-Disposition", "attachment; filename=\"responses.xlsx\"");
    reply.set_header("X-Next-Cursor", encode_cursor(std::max(after, up_to)));
    reply.stream = [file](std::string& chunk) {
        chunk.resize(64 * 1024);
        file->read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        chunk.resize(static_cast<std::size_t>(file->gcount()));
        return file->eof()    ? http::Chunk::Last
               : file->good() ? http::Chunk::More
                              : http::Chunk::Abort;
    };
    return reply;
}

}  // namespace

http::Reply get_responses(ApiContext& api, const Call& call) {
    const std::string format(call.param("format").value_or("csv"));
    std::shared_ptr<ResponseWriter> writer =
        make_response_writer(format, ordered_question_columns(*api.packs.catalog(), api.store));
    if (!writer && format != "xlsx") {
        return error_reply(400, "bad_parameter",
                           "format: '" + format + "' is not " + std::string(kExportFormats));
    }
    if (call.param("labels") && format != "xlsx") {
        return error_reply(400, "bad_parameter", "labels: only for format=xlsx");
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
    ExportPosition after;
    if (const auto cursor_text = call.param("after")) {
        const auto cursor = decode_cursor(*cursor_text);
        if (!cursor) {
            return error_reply(400, "bad_parameter", "after: not a cursor issued by this hub");
        }
        after = *cursor;
    }
    // Everything up to the horizon, and no further: what comes after it may still be joined
    // by responses placed before it (export_position.h), so the next cursor starts there.
    ExportPosition up_to = api.store.export_horizon();
    if (call.param("limit")) {
        const auto limit =
            integer_param(call, "limit", 1, std::numeric_limits<std::int64_t>::max(), 0, refusal);
        if (!limit) {
            return error_reply(400, "bad_parameter", "limit: must be a positive whole number");
        }
        up_to = api.store.position_after(after, *limit, up_to, *filter);
    }
    // Who pulled which answers is recorded; the detail names filters, never answers.
    api.store.audit(call.token->subject, "export", audit_detail(call), api.options.now_ms());
    if (format == "xlsx") {
        return xlsx_reply(api, call, *filter, after, up_to);
    }
    http::Reply reply = json_reply(json::object());
    reply.body.clear();
    reply.content_type = std::string(writer->content_type());
    reply.set_header("X-Next-Cursor", encode_cursor(std::max(after, up_to)));
    reply.stream = export_stream(
        api, std::make_shared<ExportPump>(api.store, writer, ExportRange{after, up_to, *filter},
                                          bom == "true", kExportPageRows));
    return reply;
}

namespace {

// What /stats and /themes both take: the grouping, the filters, and who asks (viewers see
// whole weeks only, README "Small groups").
struct Aggregate {
    StatsGroup group = StatsGroup::Stage;
    StatsFilter filter;
    Disclosure disclosure = Disclosure::Full;
};

std::optional<Aggregate> parse_aggregate(const Call& call, http::Reply& refusal) {
    const std::string by(call.param("by").value_or("stage"));
    const auto group = stats_group_from_string(by);
    if (!group) {
        refusal = error_reply(
            400, "bad_parameter",
            "by: '" + by + "' is not stage, kiosk, survey, language, site, day, week or month");
        return std::nullopt;
    }
    const auto filter = parse_filter(call, false, refusal);
    if (!filter) {
        return std::nullopt;
    }
    const bool viewer = call.token->role == Role::Viewer;
    if (viewer && *group == StatsGroup::Day) {
        refusal = error_reply(403, "forbidden",
                              "by=day: viewers see whole weeks only (README \"Small groups\"); "
                              "days need the analyst role");
        return std::nullopt;
    }
    return Aggregate{*group, *filter, viewer ? Disclosure::Viewer : Disclosure::Full};
}

}  // namespace

http::Reply get_stats(ApiContext& api, const Call& call) {
    http::Reply refusal;
    const auto q = parse_aggregate(call, refusal);
    if (!q) {
        return refusal;
    }
    return json_reply(compute_stats(api.store, *api.packs.catalog(), q->group, q->filter,
                                    q->disclosure, api.options.now_ms()));
}

// Free text is individual data: analysts and admins read it, viewers see aggregates only
// (get_themes).
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
    CommentQuery query{*filter, {}, {}, {}, static_cast<std::size_t>(*limit)};
    if (const auto theme = call.param("theme")) {
        if (!text::theme_from_string(*theme)) {
            return error_reply(400, "bad_parameter",
                               "theme: '" + std::string(*theme) + "' is not " + theme_names());
        }
        query.theme = std::string(*theme);
    }
    if (const auto sentiment = call.param("sentiment")) {
        if (!text::sentiment_from_string(*sentiment)) {
            return error_reply(400, "bad_parameter",
                               "sentiment: '" + std::string(*sentiment) +
                                   "' is not negative, neutral, positive or mixed");
        }
        query.sentiment = std::string(*sentiment);
    }
    if (const auto state = call.param("state")) {
        if (!is_comment_state(*state)) {
            return error_reply(
                400, "bad_parameter",
                "state: '" + std::string(*state) + "' is not new, seen, in_progress or done");
        }
        query.state = std::string(*state);
    }
    api.store.audit(call.token->subject, "comments", audit_detail(call), api.options.now_ms());
    json comments = json::array();
    for (const Comment& c : api.store.comments(query)) {
        json item = {{"response_id", c.response_id},
                     {"at", format_utc_iso8601(c.at_ms)},
                     {"stage", c.stage},
                     {"language", c.language},
                     {"question", c.question},
                     {"text", c.text},
                     {"themes", json::array()},
                     {"sentiment", nullptr},
                     {"matches", json::array()}};
        if (c.analysis) {
            item["themes"] = protocol::split(c.analysis->themes);
            if (c.analysis->sentiment) {
                item["sentiment"] = *c.analysis->sentiment;
            }
            item["matches"] = matches_json(c.text, c.analysis->matches);
        }
        item["handling"] = comment_state_json(c.handling);
        comments.push_back(std::move(item));
    }
    return json_reply({{"comments", std::move(comments)}});
}

// Counts only, with the small-group rules: every role that reads statistics reads these.
http::Reply get_themes(ApiContext& api, const Call& call) {
    http::Reply refusal;
    const auto q = parse_aggregate(call, refusal);
    if (!q) {
        return refusal;
    }
    return json_reply(
        compute_themes(api.store, q->group, q->filter, q->disclosure, api.options.now_ms()));
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
        if (!cursor || cursor->writer != 0) {  // the audit log has one writer order
            return error_reply(400, "bad_parameter", "before: not a cursor issued by this hub");
        }
        query.before_seq = cursor->seq;
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
    json next = page.more ? json(encode_cursor({0, page.entries.back().seq})) : json(nullptr);
    http::Reply reply = json_reply({{"entries", std::move(entries)}, {"next", next}});
    if (page.more) {
        reply.set_header("X-Next-Cursor", next.get<std::string>());
    }
    return reply;
}

}  // namespace fbk::sync::hub
