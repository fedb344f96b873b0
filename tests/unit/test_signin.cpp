// Long because the token checks, the provider over real HTTP and the configuration file are
// one subject, read best side by side.
// Signing in (sync/hub/signin/): the ID token checks against real OpenSSL keys and forgeries,
// the provider's keys fetched again for an unknown kid over real HTTP on loopback, PKCE against
// RFC 7636's own example, the configuration file, and the cookie helpers.
#include <doctest/doctest.h>

#include <httplib.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "sync/hub/signin/config.h"
#include "sync/hub/signin/id_token.h"
#include "sync/hub/signin/provider.h"
#include "sync/hub/signin/session_cookie.h"
#include "sync/hub/store/encoding.h"
#include "tests/support/jwt_signer.h"
#include "tests/support/temp_dir.h"

namespace si = fbk::sync::hub::signin;
using fbk::test::SigningKey;
using nlohmann::json;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;  // seconds

const SigningKey& rsa_key() {
    static const SigningKey key(SigningKey::Type::Rsa, "rsa-1");
    return key;
}

const SigningKey& ec_key() {
    static const SigningKey key(SigningKey::Type::EcP256, "ec-1");
    return key;
}

si::KeySet keys_of(std::initializer_list<const SigningKey*> keys) {
    json jwks = {{"keys", json::array()}};
    for (const SigningKey* k : keys) {
        jwks["keys"].push_back(k->jwk());
    }
    std::vector<std::string> skipped;
    auto set = si::KeySet::from_jwks(jwks, skipped);
    REQUIRE(skipped.empty());
    return set;
}

si::TokenExpectations expectations() {
    si::TokenExpectations e;
    e.issuer = "https://login.example.test/realms/staff";
    e.client_id = "feedback-hub";
    e.nonce = "n-0S6_WzA2Mj";
    e.now_s = kNow;
    return e;
}

json claims() {
    return {{"iss", "https://login.example.test/realms/staff"},
            {"aud", "feedback-hub"},
            {"sub", "248289761001"},
            {"name", "Alice Analyst"},
            {"email", "alice@example.test"},
            {"groups", {"fbk-analysts", "staff"}},
            {"nonce", "n-0S6_WzA2Mj"},
            {"iat", kNow - 5},
            {"exp", kNow + 300}};
}

si::TokenCheck check(const std::string& token) {
    si::IdClaims out;
    return si::check_id_token(token, keys_of({&rsa_key(), &ec_key()}), expectations(), out);
}

json with(json c, const std::string& key, json value) {
    c[key] = std::move(value);
    return c;
}

}  // namespace

TEST_CASE("a token signed with the provider's RS256 or ES256 key passes, with its claims") {
    for (const SigningKey* key : {&rsa_key(), &ec_key()}) {
        si::IdClaims out;
        CHECK(si::check_id_token(key->sign(claims()), keys_of({&rsa_key(), &ec_key()}),
                                 expectations(), out) == si::TokenCheck::Ok);
        CHECK(out.subject == "248289761001");
        CHECK(out.name == "Alice Analyst");
        CHECK(out.email == "alice@example.test");
        CHECK(out.groups == std::vector<std::string>{"fbk-analysts", "staff"});
    }
}

TEST_CASE("tokens for someone else, from someone else, or out of time are refused") {
    const SigningKey& k = rsa_key();
    CHECK(check(k.sign(with(claims(), "iss", "https://evil.example.test"))) ==
          si::TokenCheck::WrongIssuer);
    CHECK(check(k.sign(with(claims(), "aud", "another-app"))) == si::TokenCheck::WrongAudience);
    // Several audiences: ours among them is not enough unless azp names us (OIDC Core 3.1.3.7).
    CHECK(check(k.sign(with(claims(), "aud", {"feedback-hub", "another-app"}))) ==
          si::TokenCheck::WrongAudience);
    CHECK(check(k.sign(with(with(claims(), "aud", {"feedback-hub", "another-app"}), "azp",
                            "feedback-hub"))) == si::TokenCheck::Ok);
    // exp: 2 minutes of skew are forgiven, not more.
    CHECK(check(k.sign(with(claims(), "exp", kNow - 60))) == si::TokenCheck::Ok);
    CHECK(check(k.sign(with(claims(), "exp", kNow - 121))) == si::TokenCheck::Expired);
    CHECK(check(k.sign(with(claims(), "iat", kNow + 600))) == si::TokenCheck::IssueTime);
    CHECK(check(k.sign(with(claims(), "iat", kNow - 3600))) == si::TokenCheck::IssueTime);
    CHECK(check(k.sign(with(claims(), "nonce", "replayed"))) == si::TokenCheck::WrongNonce);
    json no_sub = claims();
    no_sub.erase("sub");
    CHECK(check(k.sign(no_sub)) == si::TokenCheck::MissingClaim);
    CHECK(check(k.sign(with(claims(), "exp", "tomorrow"))) == si::TokenCheck::MissingClaim);
}

TEST_CASE("forged signatures and algorithms are refused") {
    const std::string good = rsa_key().sign(claims());
    SUBCASE("a payload changed after signing") {
        const auto dot = good.find('.');
        const auto dot2 = good.find('.', dot + 1);
        const std::string forged =
            good.substr(0, dot + 1) +
            fbk::sync::hub::base64url_encode(with(claims(), "groups", {"fbk-admins"}).dump()) +
            good.substr(dot2);
        CHECK(check(forged) == si::TokenCheck::BadSignature);
    }
    SUBCASE("signed by another key under the provider's kid") {
        const SigningKey attacker(SigningKey::Type::Rsa, "rsa-1");
        CHECK(check(attacker.sign(claims())) == si::TokenCheck::BadSignature);
    }
    SUBCASE("alg none, with and without a signature") {
        CHECK(check(fbk::test::unsigned_token({{"alg", "none"}}, claims())) ==
              si::TokenCheck::AlgorithmNotAllowed);
        CHECK(check(fbk::test::unsigned_token({{"alg", "None"}, {"kid", "rsa-1"}}, claims())) ==
              si::TokenCheck::AlgorithmNotAllowed);
    }
    SUBCASE("HS256 with the provider's public key as the secret") {
        CHECK(check(fbk::test::hs256_token(claims(), rsa_key().public_pem())) ==
              si::TokenCheck::AlgorithmNotAllowed);
    }
    SUBCASE("RS256 named for an EC key, and an ES256 signature of the wrong length") {
        CHECK(check(ec_key().sign(claims(), {{"alg", "RS256"}, {"kid", "ec-1"}})) ==
              si::TokenCheck::UnknownKey);
        std::string truncated = ec_key().sign(claims());
        truncated.resize(truncated.size() - 4);
        CHECK(check(truncated) == si::TokenCheck::BadSignature);
    }
    SUBCASE("not a JWS") {
        CHECK(check("") == si::TokenCheck::Malformed);
        CHECK(check("a.b") == si::TokenCheck::Malformed);
        CHECK(check(good + ".extra") == si::TokenCheck::Malformed);
        CHECK(check("e30.e30.!!") == si::TokenCheck::Malformed);
    }
    SUBCASE("a kid nobody published") {
        const SigningKey stranger(SigningKey::Type::Rsa, "rsa-9");
        CHECK(check(stranger.sign(claims())) == si::TokenCheck::UnknownKey);
    }
}

TEST_CASE("keys the hub cannot trust are skipped, never guessed at") {
    json small = rsa_key().jwk();
    small["n"] = fbk::sync::hub::base64url_encode(std::string(128, '\xC5'));  // 1024 bits
    json enc = ec_key().jwk();
    enc["use"] = "enc";
    json oct = {{"kty", "oct"}, {"k", "c2VjcmV0"}, {"kid", "hmac"}};
    std::vector<std::string> skipped;
    const auto set = si::KeySet::from_jwks({{"keys", {small, enc, oct}}}, skipped);
    CHECK(set.size() == 0);
    REQUIRE(skipped.size() == 3);
    CHECK(skipped[0].find("2048") != std::string::npos);
    CHECK(skipped[1].find("not a signing key") != std::string::npos);
    CHECK(skipped[2].find("'oct'") != std::string::npos);
}

namespace {

// A provider on loopback with discovery, keys that can be rotated, and a token endpoint that
// hands out whatever token the test sets; counts the key fetches.
class TestProvider {
  public:
    TestProvider() {
        port_ = server_.bind_to_any_port("127.0.0.1");
        issuer_ = "http://127.0.0.1:" + std::to_string(port_);
        server_.Get("/.well-known/openid-configuration", [this](const auto&, auto& res) {
            res.set_content(json{{"issuer", issuer_},
                                 {"authorization_endpoint", issuer_ + "/auth"},
                                 {"token_endpoint", issuer_ + "/token"},
                                 {"jwks_uri", issuer_ + "/jwks"}}
                                .dump(),
                            "application/json");
        });
        server_.Get("/jwks", [this](const auto&, auto& res) {
            std::lock_guard lock(mutex_);
            ++jwks_fetches_;
            res.set_content(jwks_.dump(), "application/json");
        });
        server_.Post("/token", [this](const httplib::Request& req, auto& res) {
            std::lock_guard lock(mutex_);
            last_token_request_ = req.body;
            last_authorization_ = req.get_header_value("Authorization");
            res.set_content(json{{"id_token", id_token_}, {"token_type", "Bearer"}}.dump(),
                            "application/json");
        });
        thread_ = std::thread([this] { server_.listen_after_bind(); });
    }
    ~TestProvider() {
        server_.stop();
        thread_.join();
    }
    const std::string& issuer() const { return issuer_; }
    void publish(std::initializer_list<const SigningKey*> keys) {
        std::lock_guard lock(mutex_);
        jwks_ = {{"keys", json::array()}};
        for (const SigningKey* k : keys) {
            jwks_["keys"].push_back(k->jwk());
        }
    }
    void hand_out(std::string token) {
        std::lock_guard lock(mutex_);
        id_token_ = std::move(token);
    }
    int jwks_fetches() {
        std::lock_guard lock(mutex_);
        return jwks_fetches_;
    }
    std::string last_token_request() {
        std::lock_guard lock(mutex_);
        return last_token_request_;
    }
    std::string last_authorization() {
        std::lock_guard lock(mutex_);
        return last_authorization_;
    }

  private:
    httplib::Server server_;
    int port_ = 0;
    std::string issuer_;
    std::thread thread_;
    std::mutex mutex_;
    json jwks_ = {{"keys", json::array()}};
    std::string id_token_;
    int jwks_fetches_ = 0;
    std::string last_token_request_;
    std::string last_authorization_;
};

}  // namespace

TEST_CASE("an unknown kid makes the hub fetch the provider's keys again, at most once a minute") {
    TestProvider provider;
    const SigningKey old_key(SigningKey::Type::Rsa, "2026-11");
    const SigningKey new_key(SigningKey::Type::Rsa, "2026-12");
    provider.publish({&old_key});
    std::atomic<std::int64_t> now_ms{kNow * 1000};
    si::OidcConfig config;
    config.issuer = provider.issuer();
    config.client_id = "feedback-hub";
    config.client_secret = "s3cret&=";
    config.redirect_uri = "http://127.0.0.1:8080/auth/callback";
    si::OidcProvider hub(config, [&] { return now_ms.load(); });

    si::SignInRequest request;
    REQUIRE(hub.begin(request).status == si::SignInStatus::Ok);
    CHECK(request.url.starts_with(provider.issuer() + "/auth?response_type=code"));
    CHECK(request.url.find("&code_challenge=" + si::pkce_challenge(request.verifier) +
                           "&code_challenge_method=S256") != std::string::npos);
    auto token_for = [&](const SigningKey& key) {
        json c = claims();
        c["iss"] = provider.issuer();
        c["nonce"] = request.nonce;
        return key.sign(c);
    };

    provider.hand_out(token_for(old_key));
    auto result = hub.finish("the-code", request.nonce, request.verifier);
    CHECK(result.status == si::SignInStatus::Ok);
    CHECK(result.claims.subject == "248289761001");
    CHECK(provider.jwks_fetches() == 1);
    // The code and the verifier went to the token endpoint, the secret form-encoded in Basic.
    CHECK(provider.last_token_request().find("code=the-code") != std::string::npos);
    CHECK(provider.last_token_request().find("code_verifier=" + request.verifier) !=
          std::string::npos);
    // RFC 6749 section 2.3.1: "feedback-hub:s3cret%26%3D" in Basic (base64 by hand: python3).
    CHECK(provider.last_authorization() == "Basic ZmVlZGJhY2staHViOnMzY3JldCUyNiUzRA==");

    // The provider rotates its key a minute later: one fetch, and the new key is trusted.
    provider.publish({&old_key, &new_key});
    now_ms += 61'000;
    provider.hand_out(token_for(new_key));
    result = hub.finish("code-2", request.nonce, request.verifier);
    CHECK(result.status == si::SignInStatus::Ok);
    CHECK(provider.jwks_fetches() == 2);

    // A kid nobody publishes: fetched once more at most a minute on, then refused without
    // asking again.
    const SigningKey stranger(SigningKey::Type::Rsa, "nobody-has-it");
    provider.hand_out(token_for(stranger));
    now_ms += 61'000;
    result = hub.finish("code-3", request.nonce, request.verifier);
    CHECK(result.status == si::SignInStatus::TokenInvalid);
    CHECK(result.check == si::TokenCheck::UnknownKey);
    CHECK(provider.jwks_fetches() == 3);
    result = hub.finish("code-4", request.nonce, request.verifier);
    CHECK(result.check == si::TokenCheck::UnknownKey);
    CHECK(provider.jwks_fetches() == 3);
}

TEST_CASE("a provider whose discovery names another issuer, or that does not answer, is refused") {
    TestProvider provider;
    si::OidcConfig config;
    config.issuer = provider.issuer() + "/realms/other";
    config.client_id = "feedback-hub";
    config.redirect_uri = "http://127.0.0.1:8080/auth/callback";
    si::OidcProvider wrong(config, [] { return kNow * 1000; });
    si::SignInRequest request;
    auto r = wrong.begin(request);
    // /realms/other/.well-known/... is not served: an HTTP 404, not a usable document.
    CHECK(r.status == si::SignInStatus::ProviderInvalid);
    config.issuer = "http://127.0.0.1:1";
    si::OidcProvider gone(config, [] { return kNow * 1000; });
    r = gone.begin(request);
    CHECK(r.status == si::SignInStatus::ProviderUnreachable);
    CHECK(r.detail.find("127.0.0.1:1") != std::string::npos);
}

TEST_CASE("PKCE S256 matches RFC 7636 appendix B, and base64url round-trips") {
    CHECK(si::pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk") ==
          "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    for (const std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
        CHECK(fbk::sync::hub::base64url_decode(fbk::sync::hub::base64url_encode(s)) == s);
    }
    CHECK(fbk::sync::hub::base64url_encode("\xfb\xff") == "-_8");
    CHECK_FALSE(fbk::sync::hub::base64url_decode("ab=="));
    CHECK_FALSE(fbk::sync::hub::base64url_decode("a"));
    CHECK_FALSE(fbk::sync::hub::base64url_decode("a+b/"));
    CHECK(fbk::sync::hub::random_base64url(32).size() == 43);
}

TEST_CASE("the sign-in configuration names what is wrong, and maps groups to the highest role") {
    fbk::test::TempDir dir;
    { std::ofstream(dir / "secret") << "s3cret\n"; }
    const std::string secret = (dir / "secret").string();
    const auto config_with = [&](const std::string& extra, const std::string& issuer,
                                 const std::string& redirect) {
        return R"({"issuer": ")" + issuer + R"(", "client_id": "feedback-hub",
                   "client_secret_file": ")" +
               secret + R"(", "redirect_uri": ")" + redirect +
               R"(", "group_roles": {"v": "viewer", "a": "analyst", "x": "admin"})" + extra + "}";
    };
    std::string error;
    auto ok = si::parse_oidc_config(
        config_with("", "https://login.example.test", "https://hub.example.test/auth/callback"),
        error);
    REQUIRE_MESSAGE(ok, error);
    CHECK(ok->client_secret == "s3cret");
    CHECK(ok->secure_cookie);
    CHECK(ok->role_for({"v", "a"}) == fbk::sync::hub::Role::Analyst);
    CHECK(ok->role_for({"x", "v"}) == fbk::sync::hub::Role::Admin);
    CHECK_FALSE(ok->role_for({"cafeteria"}));
    auto local = si::parse_oidc_config(
        config_with("", "http://127.0.0.1:9000/oidc", "http://127.0.0.1:8080/auth/callback"),
        error);
    REQUIRE_MESSAGE(local, error);
    CHECK_FALSE(local->secure_cookie);

    const std::pair<std::string, std::string> refused[] = {
        {config_with("", "http://login.example.test", "https://hub.example.test/auth/callback"),
         "\"issuer\" must be an https:// URL"},
        {config_with("", "http://127.0.0.1:9000", "https://hub.example.test/auth/callback"),
         "\"issuer\" must be an https:// URL"},
        {config_with("", "https://login.example.test", "http://hub.example.test/auth/callback"),
         "\"redirect_uri\" must be an https:// URL"},
        {config_with("", "https://login.example.test", "https://hub.example.test/callback"),
         "must end with /auth/callback"},
        {config_with(R"(, "session_idle_minutes": 0)", "https://l.test",
                     "https://h.test/auth/callback"),
         "\"session_idle_minutes\" must be a whole number from 1 to 1440"},
        {config_with(R"(, "scopes": "profile")", "https://l.test", "https://h.test/auth/callback"),
         "\"scopes\" must include openid"},
        {config_with(R"(, "client_secret": "inline")", "https://l.test",
                     "https://h.test/auth/callback"),
         "unknown field \"client_secret\""},
        {R"({"issuer": "https://l.test"})", "\"client_id\" is required"},
    };
    for (const auto& [text, message] : refused) {
        CAPTURE(text);
        CHECK_FALSE(si::parse_oidc_config(text, error));
        CHECK(error.find(message) != std::string::npos);
    }
    CHECK_FALSE(si::parse_oidc_config(
        R"({"issuer": "https://l.test", "client_id": "c", "client_secret_file": "/nonexistent",
            "redirect_uri": "https://h.test/auth/callback", "group_roles": {"g": "chief"}})",
        error));
    CHECK(error == "\"group_roles\".\"g\" must be \"viewer\", \"analyst\" or \"admin\"");
}

TEST_CASE("cookies: the session's value found among others, Secure except on loopback http") {
    CHECK(si::cookie_value("a=1; fbk_session=abc; b=2", "fbk_session") == "abc");
    CHECK(si::cookie_value("fbk_session_old=x;fbk_session=y", "fbk_session") == "y");
    CHECK(si::cookie_value("a=1", "fbk_session").empty());
    CHECK(si::set_cookie("fbk_session", "v", "/", 36000, true) ==
          "fbk_session=v; Path=/; Max-Age=36000; HttpOnly; SameSite=Lax; Secure");
    CHECK(si::set_cookie("fbk_signin", "", "/auth/", 0, false) ==
          "fbk_signin=; Path=/auth/; Max-Age=0; HttpOnly; SameSite=Lax");
    // The CSRF token is derived from the session id, and is not the id's stored hash.
    const std::string id = si::new_session_id();
    CHECK(si::csrf_token(id) != si::session_id_hash(id));
    CHECK(si::csrf_token(id) == si::csrf_token(id));
    CHECK(si::same_secret("abc", "abc"));
    CHECK_FALSE(si::same_secret("abc", "abd"));
    CHECK_FALSE(si::same_secret("abc", "ab"));
}
