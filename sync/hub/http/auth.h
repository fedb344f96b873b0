// Who may call a route: a bearer token looked up in the store (only its hash is kept), its
// rate, and the route's Access. Replies never say whether a token existed.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "sync/hub/http/message.h"
#include "sync/hub/http/rate_limiter.h"
#include "sync/hub/http/routes.h"
#include "sync/hub/store/hub_store.h"

namespace fbk::sync::hub {

// "Bearer TOKEN" -> TOKEN; the scheme's name is case-insensitive (RFC 7235 section 2.1).
// Empty for anything else.
std::string_view bearer_token(std::string_view authorization_header);

// The role an admin token needs for a route of that access (Viewer, Analyst or Admin).
Role role_needed(Access access);

// The token's owner when it may use `route` now; else nullopt with `refusal` set: 401 without
// a live token, 429 (with Retry-After) over its rate, 403 when its kind or role may not.
std::optional<TokenInfo> authorize(const Route& route, const http::Request& request,
                                   HubStore& store, RateLimiter& rate, std::int64_t now_ms,
                                   http::Reply& refusal);

}  // namespace fbk::sync::hub
