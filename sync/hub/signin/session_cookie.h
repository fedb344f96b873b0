// The session cookie and what is derived from it. A session id is 32 random bytes; the
// database keeps only its SHA-256 (like tokens), and the CSRF token is a second, differently
// prefixed SHA-256 of it: the dashboard gets it from /auth/session and sends it back in
// X-CSRF-Token with every request that changes something. Another site can make the browser
// send the cookie but can neither read the CSRF token nor compute it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace fbk::sync::hub::signin {

inline constexpr std::string_view kSessionCookie = "fbk_session";
inline constexpr std::string_view kSigninCookie = "fbk_signin";  // the state of a sign-in
inline constexpr std::string_view kCsrfHeader = "X-CSRF-Token";

std::string new_session_id();
std::string session_id_hash(std::string_view session_id);
std::string csrf_token(std::string_view session_id);
// Compares in time independent of where they differ.
bool same_secret(std::string_view a, std::string_view b);

// The value of cookie `name` in a Cookie header (RFC 6265 section 4.2.1); empty if absent.
std::string_view cookie_value(std::string_view cookie_header, std::string_view name);
// A Set-Cookie value: HttpOnly and SameSite=Lax always, Secure unless `secure` is false (http
// on loopback only); max_age_s 0 removes the cookie.
std::string set_cookie(std::string_view name, std::string_view value, std::string_view path,
                       std::int64_t max_age_s, bool secure);

}  // namespace fbk::sync::hub::signin
