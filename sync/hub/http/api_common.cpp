// Replies and parameters shared by every handler (api.h).
#include <algorithm>
#include <charconv>
#include <limits>
#include <regex>

#include "sync/hub/http/api.h"
#include "sync/hub/store/utc_time.h"
#include "sync/protocol/printable.h"

namespace fbk::sync::hub {

using nlohmann::json;

std::optional<std::string_view> Call::param(std::string_view name) const {
    for (const http::Param& p : request.params) {
        if (p.name == name) {
            return p.value;
        }
    }
    return std::nullopt;
}

http::Reply json_reply(const json& body, int status) {
    http::Reply reply;
    reply.status = status;
    reply.content_type = "application/json";
    // Everything we store is valid UTF-8; `replace` keeps a reply possible if that ever broke.
    reply.body = body.dump(-1, ' ', false, json::error_handler_t::replace);
    reply.set_header("Cache-Control", "no-store");
    reply.set_header("X-Content-Type-Options", "nosniff");
    return reply;
}

http::Reply error_reply(int status, std::string_view code, std::string message, json issues) {
    json error = {{"code", code}, {"message", protocol::printable(message)}};
    if (!issues.is_null()) {
        error["issues"] = std::move(issues);
    }
    http::Reply reply = json_reply(json{{"error", std::move(error)}}, status);
    reply.error_code = std::string(code);
    return reply;
}

http::Reply storage_failure_reply(bool disk_full) {
    // The transaction rolled back: nothing was changed, so coming back later is safe.
    http::Reply reply = disk_full
                            ? error_reply(507, "insufficient_storage",
                                          "the hub's disk is full; nothing was stored, retry later")
                            : error_reply(503, "storage_unavailable",
                                          "the hub cannot reach its storage now; retry later");
    reply.set_header("Retry-After", disk_full ? "60" : "30");
    return reply;
}

std::optional<StatsFilter> parse_filter(const Call& call, bool flagged_default,
                                        http::Reply& refusal) {
    StatsFilter filter;
    const auto text = [&](std::string_view name) -> std::optional<std::string> {
        const auto value = call.param(name);
        return value ? std::optional(std::string(*value)) : std::nullopt;
    };
    filter.kiosk = text("kiosk");
    filter.stage = text("stage");
    filter.survey = text("survey");
    filter.language = text("language");
    filter.site = text("site");
    for (const auto& [name, target] :
         {std::pair{"from", &filter.from_ms}, std::pair{"to", &filter.to_ms}}) {
        if (const auto value = text(name)) {
            const auto ms = parse_utc_time(*value);
            if (!ms) {
                refusal = error_reply(400, "bad_parameter",
                                      std::string(name) + ": '" + *value +
                                          "' is not a UTC date (2026-11-01 or "
                                          "2026-11-01T08:00:00Z)");
                return std::nullopt;
            }
            *target = *ms;
        }
    }
    const auto flagged = text("include_flagged").value_or(flagged_default ? "true" : "false");
    if (flagged != "true" && flagged != "false") {
        refusal = error_reply(400, "bad_parameter", "include_flagged: must be true or false");
        return std::nullopt;
    }
    filter.include_flagged = flagged == "true";
    return filter;
}

std::optional<std::int64_t> integer_param(const Call& call, std::string_view name, std::int64_t low,
                                          std::int64_t high, std::int64_t fallback,
                                          http::Reply& refusal) {
    const auto text = call.param(name);
    if (!text) {
        return fallback;
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc() || end != text->data() + text->size() || value < low || value > high) {
        refusal = error_reply(400, "bad_parameter",
                              std::string(name) + ": must be a whole number from " +
                                  std::to_string(low) + " to " + std::to_string(high));
        return std::nullopt;
    }
    return value;
}

std::string audit_detail(const Call& call) {
    // Our tokens have a fixed shape; a value holding one is a credential sent by mistake.
    static const std::regex kToken("fbk_(kiosk|admin)_[A-Za-z0-9_-]{16,}");
    std::vector<http::Param> params = call.request.params;
    std::stable_sort(params.begin(), params.end(),
                     [](const http::Param& a, const http::Param& b) { return a.name < b.name; });
    std::string query;
    for (const http::Param& p : params) {
        query += (query.empty() ? "" : "&") + p.name + "=" +
                 std::regex_replace(p.value, kToken, "[credential]");
    }
    return protocol::printable(call.request.path + (query.empty() ? "" : "?" + query));
}

std::optional<std::int64_t> required_id(const Call& call, std::string_view what,
                                        http::Reply& refusal) {
    const auto id =
        integer_param(call, "id", 1, std::numeric_limits<std::int64_t>::max(), 0, refusal);
    if (id && *id == 0) {
        refusal = error_reply(400, "bad_parameter", "id: " + std::string(what) + " is required");
        return std::nullopt;
    }
    return id;
}

}  // namespace fbk::sync::hub
