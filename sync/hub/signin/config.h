// How the hub signs people in with the hospital's OpenID Connect provider: the file given to
// `feedback-hub serve --oidc-config FILE` (README "Signing in"). A JSON object:
//
//   {
//     "issuer": "https://login.example.org/realms/staff",   // exactly as the provider says
//     "client_id": "feedback-hub",
//     "client_secret_file": "/etc/feedback-hub/oidc-secret", // one line; mode 0600
//     "redirect_uri": "https://hub.example.org/auth/callback",
//     "groups_claim": "groups",                  // optional; the claim with the groups
//     "group_roles": {"fbk-viewers": "viewer", "fbk-analysts": "analyst",
//                     "fbk-admins": "admin"},
//     "scopes": "openid profile email",          // optional
//     "ca_file": "/etc/ssl/hospital-ca.pem",     // optional: the provider's private CA
//     "session_idle_minutes": 30,                // optional
//     "session_max_hours": 10                    // optional: even an active session ends
//   }
//
// Plain http is accepted only for a provider and a redirect on the loopback interface (a test
// or a single-machine trial): there the session cookie cannot be Secure. Anywhere else both
// must be https.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/hub/store/tokens.h"

namespace fbk::sync::hub::signin {

struct OidcConfig {
    std::string issuer;
    std::string client_id;
    std::string client_secret;
    std::string redirect_uri;
    std::string groups_claim = "groups";
    std::map<std::string, Role, std::less<>> group_roles;
    std::string scopes = "openid profile email";
    std::filesystem::path ca_file;
    std::int64_t session_idle_ms = 30LL * 60 * 1000;
    std::int64_t session_max_ms = 10LL * 3600 * 1000;
    bool secure_cookie = true;  // false only with an http redirect on loopback

    // The highest role any of the groups maps to; nullopt when none is mapped.
    std::optional<Role> role_for(const std::vector<std::string>& groups) const;
};

// True for http(s)://127.x.x.x, localhost and [::1] URLs.
bool is_loopback_url(std::string_view url);

// The configuration in `path`; nullopt after writing what is wrong to `error`, naming the field.
std::optional<OidcConfig> read_oidc_config(const std::filesystem::path& path, std::string& error);
// The same from the file's text (the secret file is still read from disk).
std::optional<OidcConfig> parse_oidc_config(std::string_view text, std::string& error);

}  // namespace fbk::sync::hub::signin
