// Who may call a route: a bearer token looked up in the store (only its hash is kept), or a
// person's session cookie (signin/, only its hash is kept either); its rate; and the route's
// Access. A request with a cookie that changes something must carry the session's CSRF token.
// Replies never say whether a token or session existed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sync/hub/http/message.h"
#include "sync/hub/http/rate_limiter.h"
#include "sync/hub/http/routes.h"
#include "sync/hub/store/hub_store.h"

namespace fbk::sync::hub {

// "Bearer TOKEN" -> TOKEN; the scheme's name is case-insensitive (RFC 7235 section 2.1).
// Empty for anything else.
std::string_view bearer_token(std::string_view authorization_header);

// The role an admin token or session needs for a route of that access.
Role role_needed(Access access);

// How the audit log names a person: "Name <email> (sub SUBJECT)", leaving out what is unknown.
std::string person_label(const SessionRecord& session);

// The live session the request's cookie names, if any (a use: it keeps the session from idling).
std::optional<SessionRecord> session_of(const http::Request& request, HubStore& store,
                                        std::int64_t now_ms);

// The caller when it may use `route` now; else nullopt with `refusal` set: 401 without a live
// token or session, 429 (with Retry-After) over its rate, 403 when its kind or role may not,
// or when a cookie request that changes something lacks the session's CSRF token. A bearer
// token wins over a cookie: machines never depend on a browser's state.
std::optional<TokenInfo> authorize(const Route& route, const http::Request& request,
                                   HubStore& store, RateLimiter& rate, std::int64_t now_ms,
                                   http::Reply& refusal);

}  // namespace fbk::sync::hub
