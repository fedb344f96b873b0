#include "sync/hub/http/auth.h"

#include <string>

#include "sync/hub/http/api.h"
#include "sync/hub/signin/session_cookie.h"

namespace fbk::sync::hub {

namespace {

bool changes_something(const http::Request& r) {
    return r.method != "GET" && r.method != "HEAD";
}

std::optional<TokenInfo> caller(const http::Request& r, HubStore& store, std::int64_t now_ms,
                                bool& by_cookie) {
    const std::string_view token = bearer_token(r.header("Authorization"));
    if (!token.empty()) {
        return store.authenticate(token);
    }
    const auto session = session_of(r, store, now_ms);
    if (!session) {
        return std::nullopt;
    }
    by_cookie = true;
    return TokenInfo{TokenKind::Admin, person_label(*session), session->role, true};
}

}  // namespace

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

std::string person_label(const SessionRecord& s) {
    std::string out = s.name;
    if (!s.email.empty()) {
        out += (out.empty() ? "<" : " <") + s.email + ">";
    }
    return out + (out.empty() ? "(sub " : " (sub ") + s.subject + ")";
}

std::optional<SessionRecord> session_of(const http::Request& r, HubStore& store,
                                        std::int64_t now_ms) {
    const std::string_view id = signin::cookie_value(r.header("Cookie"), signin::kSessionCookie);
    if (id.empty() || id.size() > 128) {
        return std::nullopt;
    }
    return store.live_session(signin::session_id_hash(id), now_ms);
}

std::optional<TokenInfo> authorize(const Route& route, const http::Request& r, HubStore& store,
                                   RateLimiter& rate, std::int64_t now_ms, http::Reply& refusal) {
    bool by_cookie = false;
    auto info = caller(r, store, now_ms, by_cookie);
    if (!info) {
        refusal =
            error_reply(401, "unauthorized", "a valid bearer token or a live session is required");
        refusal.set_header("WWW-Authenticate", "Bearer");
        return std::nullopt;
    }
    const std::string key =
        (by_cookie ? "session:" : std::string(to_string(info->kind)) + ":") + info->subject;
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
                              std::string(route.what) + ": needs an admin token or session with " +
                                  "the role " + std::string(to_string(role_needed(route.access))) +
                                  " or higher");
        return std::nullopt;
    }
    if (by_cookie && changes_something(r) &&
        !signin::same_secret(
            r.header(signin::kCsrfHeader),
            signin::csrf_token(signin::cookie_value(r.header("Cookie"), signin::kSessionCookie)))) {
        refusal = error_reply(403, "csrf",
                              "a request with a session cookie that changes something must carry "
                              "the session's X-CSRF-Token header");
        return std::nullopt;
    }
    return info;
}

}  // namespace fbk::sync::hub
