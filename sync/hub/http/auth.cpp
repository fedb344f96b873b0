#include "sync/hub/http/auth.h"

#include <string>

namespace fbk::sync::hub {

std::string_view bearer_token(std::string_view header) {
    constexpr std::string_view kScheme = "bearer";
    if (header.size() <= kScheme.size() + 1 ||
        !http::iequals(header.substr(0, kScheme.size()), kScheme) ||
        header[kScheme.size()] != ' ') {
        return {};
    }
    std::string_view token = header.substr(kScheme.size() + 1);
    while (token.starts_with(' ')) {
        token.remove_prefix(1);
    }
    while (token.ends_with(' ')) {
        token.remove_suffix(1);
    }
    return token;
}

Role role_needed(Access a) {
    return a == Access::Viewer ? Role::Viewer : a == Access::Analyst ? Role::Analyst : Role::Admin;
}

std::optional<TokenInfo> authorize(const Route& route, const http::Request& r, HubStore& store,
                                   RateLimiter& rate, std::int64_t now_ms, http::Reply& refusal) {
    const std::string_view token = bearer_token(r.header("Authorization"));
    auto info = token.empty() ? std::nullopt : store.authenticate(token);
    if (!info) {
        refusal = error_reply(401, "unauthorized", "a valid bearer token is required");
        refusal.set_header("WWW-Authenticate", "Bearer");
        return std::nullopt;
    }
    const std::string key = std::string(to_string(info->kind)) + ":" + info->subject;
    if (const auto wait_s = rate.retry_after_s(key, now_ms); wait_s > 0) {
        refusal = error_reply(
            429, "rate_limited",
            "too many requests with this token; retry after " + std::to_string(wait_s) + " s");
        refusal.set_header("Retry-After", std::to_string(wait_s));
        return std::nullopt;
    }
    if (route.access == Access::Kiosk && info->kind != TokenKind::Kiosk) {
        refusal = error_reply(
            403, "forbidden",
            route.what.empty() ? "this endpoint is for kiosk tokens" : std::string(route.what));
        return std::nullopt;
    }
    if (route.access != Access::Kiosk &&
        (info->kind != TokenKind::Admin || info->role < role_needed(route.access))) {
        refusal = error_reply(403, "forbidden",
                              std::string(route.what) + ": needs an admin token with the role " +
                                  std::string(to_string(role_needed(route.access))) + " or higher");
        return std::nullopt;
    }
    return info;
}

}  // namespace fbk::sync::hub
