// Checking an OpenID Connect ID token (OpenID Connect Core 1.0 section 3.1.3.7): a compact JWS
// whose signature is checked with OpenSSL against the provider's keys, then its claims. Only
// RS256 and ES256 are accepted, and only with a key of the matching type: "none", HS256 (whose
// "secret" could be the provider's public key, RFC 8725 section 2.1) and anything else are
// refused before any key is looked at.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sync/hub/signin/jwks.h"

namespace fbk::sync::hub::signin {

// Every way a token can fail, each with a name, like curl's codes: the caller decides (an
// UnknownKey makes the provider fetch its keys again once).
enum class TokenCheck {
    Ok,
    Malformed,            // not three base64url parts of JSON objects
    AlgorithmNotAllowed,  // "alg" other than RS256 / ES256
    UnknownKey,           // no key with the token's "kid" (and type)
    BadSignature,
    WrongIssuer,
    WrongAudience,  // our client id not in "aud", or "azp" names another client
    Expired,        // "exp" passed, beyond the clock skew
    IssueTime,      // "iat" ahead of our clock beyond the skew, or too long ago
    WrongNonce,
    MissingClaim,  // no "sub", "exp" or "iat", or a claim of the wrong JSON type
};

std::string_view describe(TokenCheck check);

struct TokenExpectations {
    std::string issuer;     // exactly as the provider's discovery document gives it
    std::string client_id;  // must be in "aud"
    std::string nonce;      // sent in the authorization request
    std::int64_t now_s = 0;
    std::int64_t skew_s = 120;     // clocks of the hub and the provider may differ this much
    std::int64_t max_age_s = 600;  // a token issued longer ago than this is refused
    std::string groups_claim = "groups";
};

// What the hub keeps of a valid token.
struct IdClaims {
    std::string subject;              // "sub": the person's stable id at the provider
    std::string name;                 // "name", else "preferred_username"; may be empty
    std::string email;                // may be empty
    std::vector<std::string> groups;  // the groups claim: an array of strings, or one string
};

TokenCheck check_id_token(std::string_view token, const KeySet& keys,
                          const TokenExpectations& expect, IdClaims& claims);

}  // namespace fbk::sync::hub::signin
