// What the store keeps for people signed in with OpenID Connect (schema 13): sessions by the
// hash of their id, and sign-ins waiting for the provider's callback by the hash of their state.
// What a session means (cookies, CSRF, roles from groups) lives in sync/hub/signin/ and auth.cpp.
#pragma once

#include <cstdint>
#include <string>

#include "sync/hub/store/tokens.h"

namespace fbk::sync::hub {

struct SessionRecord {
    std::string id_hash;  // SHA-256 of the session id; the id itself is only in the cookie
    std::string subject;  // the provider's "sub"
    std::string issuer;
    std::string name;
    std::string email;
    Role role = Role::Viewer;
    std::int64_t created_ms = 0;
    std::int64_t last_seen_ms = 0;
    std::int64_t idle_ms = 0;     // ends when unused this long
    std::int64_t expires_ms = 0;  // ends then however busy
};

struct SigninAttempt {
    std::string nonce;
    std::string code_verifier;
    std::int64_t created_ms = 0;
};

}  // namespace fbk::sync::hub
