#include "sync/hub/signin/provider.h"

#include <openssl/evp.h>

#include <array>

#include "sync/hub/signin/http_fetch.h"
#include "sync/hub/store/encoding.h"

namespace fbk::sync::hub::signin {

namespace {

constexpr std::int64_t kKeyRefetchMs = 60'000;

SignInResult failed(SignInStatus status, std::string detail) {
    SignInResult r;
    r.status = status;
    r.detail = std::move(detail);
    return r;
}

// A fetched JSON object, or a failure naming what was asked for.
std::optional<nlohmann::json> fetch_json(const std::string& what, const std::string& url,
                                         const FetchOptions& options, SignInResult& failure) {
    const FetchResult answer = fetch_get(url, options);
    if (answer.status == 0) {
        failure =
            failed(SignInStatus::ProviderUnreachable, what + " (" + url + "): " + answer.error);
        return std::nullopt;
    }
    auto doc = nlohmann::json::parse(answer.body, nullptr, false);
    if (answer.status != 200 || doc.is_discarded() || !doc.is_object()) {
        failure = failed(SignInStatus::ProviderInvalid,
                         what + " (" + url + "): HTTP " + std::to_string(answer.status) +
                             (answer.status == 200 ? ", not a JSON object" : ""));
        return std::nullopt;
    }
    return doc;
}

bool usable_endpoint(const nlohmann::json& doc, const char* name, std::string& out) {
    const auto it = doc.find(name);
    if (it == doc.end() || !it->is_string()) {
        return false;
    }
    out = it->get<std::string>();
    return out.starts_with("https://") || (out.starts_with("http://") && is_loopback_url(out));
}

bool supports(const nlohmann::json& doc, const char* list, const char* value) {
    const auto it = doc.find(list);
    if (it == doc.end() || !it->is_array()) {
        return false;
    }
    for (const auto& v : *it) {
        if (v == value) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::string pkce_challenge(const std::string& verifier) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    EVP_Digest(verifier.data(), verifier.size(), digest.data(), &length, EVP_sha256(), nullptr);
    return base64url_encode(std::string_view(reinterpret_cast<const char*>(digest.data()), length));
}

OidcProvider::OidcProvider(OidcConfig config, std::function<std::int64_t()> now_ms)
    : config_(std::move(config)), now_ms_(std::move(now_ms)) {}

// OpenID Connect Discovery 1.0 section 4: the document's issuer must be ours exactly.
SignInResult OidcProvider::discover(Endpoints& out) {
    {
        std::lock_guard lock(mutex_);
        if (endpoints_) {
            out = *endpoints_;
            return {};
        }
    }
    std::string base = config_.issuer;
    while (base.ends_with('/')) {
        base.pop_back();
    }
    SignInResult failure;
    const auto doc =
        fetch_json("the discovery document", base + "/.well-known/openid-configuration",
                   FetchOptions{config_.ca_file, {}, {}}, failure);
    if (!doc) {
        return failure;
    }
    if (doc->value("issuer", "") != config_.issuer) {
        return failed(SignInStatus::ProviderInvalid, "the discovery document names the issuer '" +
                                                         doc->value("issuer", "") + "', not '" +
                                                         config_.issuer + "'");
    }
    Endpoints e;
    if (!usable_endpoint(*doc, "authorization_endpoint", e.authorization) ||
        !usable_endpoint(*doc, "token_endpoint", e.token) ||
        !usable_endpoint(*doc, "jwks_uri", e.jwks)) {
        return failed(SignInStatus::ProviderInvalid,
                      "the discovery document lacks an https authorization_endpoint, "
                      "token_endpoint or jwks_uri");
    }
    e.basic_auth = !doc->contains("token_endpoint_auth_methods_supported") ||
                   supports(*doc, "token_endpoint_auth_methods_supported", "client_secret_basic");
    std::lock_guard lock(mutex_);
    endpoints_ = e;
    out = e;
    return {};
}

SignInResult OidcProvider::begin(SignInRequest& request) {
    Endpoints e;
    if (auto r = discover(e); r.status != SignInStatus::Ok) {
        return r;
    }
    request.state = random_base64url(32);
    request.nonce = random_base64url(32);
    request.verifier = random_base64url(32);
    request.url = e.authorization + (e.authorization.find('?') == std::string::npos ? "?" : "&") +
                  "response_type=code&client_id=" + percent_encode(config_.client_id) +
                  "&redirect_uri=" + percent_encode(config_.redirect_uri) +
                  "&scope=" + percent_encode(config_.scopes) + "&state=" + request.state +
                  "&nonce=" + request.nonce +
                  "&code_challenge=" + pkce_challenge(request.verifier) +
                  "&code_challenge_method=S256";
    return {};
}

SignInResult OidcProvider::refresh_keys(const std::string& jwks_url) {
    SignInResult failure;
    const auto doc =
        fetch_json("the provider's keys", jwks_url, FetchOptions{config_.ca_file, {}, {}}, failure);
    if (!doc) {
        return failure;
    }
    std::vector<std::string> skipped;
    KeySet keys = KeySet::from_jwks(*doc, skipped);
    if (keys.size() == 0) {
        return failed(SignInStatus::ProviderInvalid,
                      "the provider's keys (" + jwks_url + ") hold no RS256 or ES256 key");
    }
    std::lock_guard lock(mutex_);
    keys_ = std::move(keys);
    keys_fetched_ms_ = now_ms_();
    return {};
}

SignInResult OidcProvider::check_token(const std::string& id_token, const std::string& nonce,
                                       const std::string& jwks_url) {
    TokenExpectations expect;
    expect.issuer = config_.issuer;
    expect.client_id = config_.client_id;
    expect.nonce = nonce;
    expect.now_s = now_ms_() / 1000;
    expect.groups_claim = config_.groups_claim;
    SignInResult result;
    for (int round = 0; round < 2; ++round) {
        bool stale = false;
        {
            std::lock_guard lock(mutex_);
            stale = keys_fetched_ms_ < 0 ||
                    (round == 1 && now_ms_() - keys_fetched_ms_ >= kKeyRefetchMs);
            if (!stale) {
                result.check = check_id_token(id_token, keys_, expect, result.claims);
            }
        }
        if (stale) {  // never fetched, or an unknown key in round 0: fetch, then check
            if (auto r = refresh_keys(jwks_url); r.status != SignInStatus::Ok) {
                return r;
            }
            std::lock_guard lock(mutex_);
            result.check = check_id_token(id_token, keys_, expect, result.claims);
        }
        if (result.check != TokenCheck::UnknownKey || stale) {
            break;
        }
    }
    if (result.check != TokenCheck::Ok) {
        result.status = SignInStatus::TokenInvalid;
        result.detail = "the ID token was refused: " + std::string(describe(result.check));
    }
    return result;
}

SignInResult OidcProvider::finish(const std::string& code, const std::string& nonce,
                                  const std::string& verifier) {
    Endpoints e;
    if (auto r = discover(e); r.status != SignInStatus::Ok) {
        return r;
    }
    std::string form = "grant_type=authorization_code&code=" + percent_encode(code) +
                       "&redirect_uri=" + percent_encode(config_.redirect_uri) +
                       "&code_verifier=" + percent_encode(verifier);
    FetchOptions options{config_.ca_file, {}, {}};
    if (e.basic_auth) {  // RFC 6749 section 2.3.1: both form-encoded, then Basic
        options.basic_user = percent_encode(config_.client_id);
        options.basic_password = percent_encode(config_.client_secret);
    } else {
        form += "&client_id=" + percent_encode(config_.client_id) +
                "&client_secret=" + percent_encode(config_.client_secret);
    }
    const FetchResult answer = fetch_post_form(e.token, form, options);
    if (answer.status == 0) {
        return failed(SignInStatus::ProviderUnreachable,
                      "the token endpoint (" + e.token + "): " + answer.error);
    }
    const auto doc = nlohmann::json::parse(answer.body, nullptr, false);
    if (answer.status != 200) {
        const std::string error = doc.is_object() ? doc.value("error", "") : std::string();
        return failed(SignInStatus::CodeRefused, "the token endpoint answered HTTP " +
                                                     std::to_string(answer.status) +
                                                     (error.empty() ? "" : " (" + error + ")"));
    }
    if (!doc.is_object() || !doc.contains("id_token") || !doc["id_token"].is_string()) {
        return failed(SignInStatus::ProviderInvalid, "the token endpoint sent no id_token");
    }
    return check_token(doc["id_token"].get<std::string>(), nonce, e.jwks);
}

}  // namespace fbk::sync::hub::signin
