// The hub's side of OpenID Connect's authorization code flow with PKCE (RFC 7636): discovery
// of the provider's endpoints, the request a browser is sent with, the exchange of the code for
// an ID token, and the check of that token against the provider's keys (id_token.h). The
// discovery document and keys are fetched when first needed and kept; the keys again when a
// token names a key the hub has not seen (the provider rotated them), at most once a minute.
// Thread-safe: every worker may sign someone in at once.
#pragma once

#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "sync/hub/signin/config.h"
#include "sync/hub/signin/id_token.h"
#include "sync/hub/signin/jwks.h"

namespace fbk::sync::hub::signin {

enum class SignInStatus {
    Ok,
    ProviderUnreachable,  // no answer from discovery, JWKS or the token endpoint
    ProviderInvalid,      // an answer the hub cannot use (wrong issuer, no endpoints, bad JSON)
    CodeRefused,          // the token endpoint refused the code (used, expired, wrong verifier)
    TokenInvalid,         // the ID token failed its checks; `check` says which
};

struct SignInResult {
    SignInStatus status = SignInStatus::Ok;
    TokenCheck check = TokenCheck::Ok;
    std::string detail;  // for the log and the person's error page; never a token or code
    IdClaims claims;
};

// What one sign-in sends and must later recognise: kept by the hub until the callback.
struct SignInRequest {
    std::string state;     // 32 random bytes: ties the callback to this browser
    std::string nonce;     // 32 random bytes: ties the ID token to this request
    std::string verifier;  // PKCE code verifier, 32 random bytes (43 characters)
    std::string url;       // the provider's authorization endpoint with every parameter
};

// PKCE S256: base64url(SHA-256(verifier)) (RFC 7636 section 4.2).
std::string pkce_challenge(const std::string& verifier);

class OidcProvider {
  public:
    OidcProvider(OidcConfig config, std::function<std::int64_t()> now_ms);

    const OidcConfig& config() const { return config_; }

    // A new sign-in, or a status saying why none can start (the provider is unreachable).
    SignInResult begin(SignInRequest& request);
    // The callback's code exchanged and its ID token checked.
    SignInResult finish(const std::string& code, const std::string& nonce,
                        const std::string& verifier);

  private:
    struct Endpoints {
        std::string authorization;
        std::string token;
        std::string jwks;
        bool basic_auth = true;  // client_secret_basic, else client_secret_post
    };
    SignInResult discover(Endpoints& out);
    SignInResult refresh_keys(const std::string& jwks_url);
    SignInResult check_token(const std::string& id_token, const std::string& nonce,
                             const std::string& jwks_url);

    OidcConfig config_;
    std::function<std::int64_t()> now_ms_;
    std::mutex mutex_;
    std::optional<Endpoints> endpoints_;
    KeySet keys_;
    std::int64_t keys_fetched_ms_ = -1;
};

}  // namespace fbk::sync::hub::signin
