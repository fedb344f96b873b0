#include "sync/hub/signin/id_token.h"

#include <openssl/ecdsa.h>
#include <openssl/evp.h>

#include <memory>
#include <optional>

#include "sync/hub/store/encoding.h"

namespace fbk::sync::hub::signin {

namespace {

struct Compact {
    nlohmann::json header;
    nlohmann::json payload;
    std::string_view signing_input;  // "header.payload" as sent: what was signed
    std::string signature;
};

std::optional<nlohmann::json> json_object_part(std::string_view part) {
    const auto bytes = base64url_decode(part);
    if (!bytes) {
        return std::nullopt;
    }
    auto value = nlohmann::json::parse(*bytes, nullptr, false);
    if (value.is_discarded() || !value.is_object()) {
        return std::nullopt;
    }
    return value;
}

std::optional<Compact> split(std::string_view token) {
    const auto first = token.find('.');
    const auto second = first == std::string_view::npos ? first : token.find('.', first + 1);
    if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
        return std::nullopt;
    }
    auto header = json_object_part(token.substr(0, first));
    auto payload = json_object_part(token.substr(first + 1, second - first - 1));
    auto signature = base64url_decode(token.substr(second + 1));
    if (!header || !payload || !signature) {
        return std::nullopt;
    }
    return Compact{std::move(*header), std::move(*payload), token.substr(0, second),
                   std::move(*signature)};
}

struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct SigFree {
    void operator()(ECDSA_SIG* s) const { ECDSA_SIG_free(s); }
};

// JWS carries an ES256 signature as r || s, 32 bytes each (RFC 7518 section 3.4); OpenSSL
// verifies the DER form.
std::optional<std::string> ecdsa_der(const std::string& raw) {
    if (raw.size() != 64) {
        return std::nullopt;
    }
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
    std::unique_ptr<ECDSA_SIG, SigFree> sig(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(bytes, 32, nullptr);
    BIGNUM* s = BN_bin2bn(bytes + 32, 32, nullptr);
    if (!sig || !r || !s || ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return std::nullopt;
    }
    unsigned char* der = nullptr;
    const int length = i2d_ECDSA_SIG(sig.get(), &der);
    if (length <= 0) {
        return std::nullopt;
    }
    std::string out(reinterpret_cast<const char*>(der), static_cast<std::size_t>(length));
    OPENSSL_free(der);
    return out;
}

bool signature_valid(const Compact& jws, const PublicKey& key) {
    std::string signature = jws.signature;
    if (key.type == KeyType::EcP256) {
        auto der = ecdsa_der(jws.signature);
        if (!der) {
            return false;
        }
        signature = std::move(*der);
    }
    std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    return ctx &&
           EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key.key.get()) == 1 &&
           EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                            signature.size(),
                            reinterpret_cast<const unsigned char*>(jws.signing_input.data()),
                            jws.signing_input.size()) == 1;
}

bool audience_ok(const nlohmann::json& claims, const std::string& client_id) {
    const auto aud = claims.find("aud");
    if (aud == claims.end()) {
        return false;
    }
    if (aud->is_string()) {
        return *aud == client_id;
    }
    if (!aud->is_array()) {
        return false;
    }
    bool ours = false;
    for (const auto& a : *aud) {
        ours = ours || (a.is_string() && a == client_id);
    }
    // With several audiences, "azp" must name us (OpenID Connect Core 3.1.3.7 items 4 and 5).
    const bool azp_ok = aud->size() == 1 || claims.value("azp", "") == client_id;
    return ours && azp_ok;
}

TokenCheck check_claims(const nlohmann::json& c, const TokenExpectations& expect) {
    const auto sub = c.find("sub");
    const auto exp = c.find("exp");
    const auto iat = c.find("iat");
    if (sub == c.end() || !sub->is_string() || sub->get_ref<const std::string&>().empty() ||
        exp == c.end() || !exp->is_number() || iat == c.end() || !iat->is_number()) {
        return TokenCheck::MissingClaim;
    }
    if (!c.contains("iss") || c["iss"] != expect.issuer) {
        return TokenCheck::WrongIssuer;
    }
    if (!audience_ok(c, expect.client_id)) {
        return TokenCheck::WrongAudience;
    }
    const auto now = static_cast<double>(expect.now_s);
    if (now >= exp->get<double>() + static_cast<double>(expect.skew_s)) {
        return TokenCheck::Expired;
    }
    const double issued = iat->get<double>();
    if (issued > now + static_cast<double>(expect.skew_s) ||
        issued < now - static_cast<double>(expect.max_age_s + expect.skew_s)) {
        return TokenCheck::IssueTime;
    }
    const auto nonce = c.find("nonce");
    if (nonce == c.end() || !nonce->is_string() || *nonce != expect.nonce) {
        return TokenCheck::WrongNonce;
    }
    return TokenCheck::Ok;
}

std::string string_claim(const nlohmann::json& c, const char* name) {
    const auto it = c.find(name);
    return it != c.end() && it->is_string() ? it->get<std::string>() : std::string();
}

IdClaims claims_of(const nlohmann::json& c, const std::string& groups_claim) {
    IdClaims out;
    out.subject = c["sub"].get<std::string>();
    out.name = string_claim(c, "name");
    if (out.name.empty()) {
        out.name = string_claim(c, "preferred_username");
    }
    out.email = string_claim(c, "email");
    const auto groups = c.find(groups_claim);
    if (groups != c.end() && groups->is_string()) {
        out.groups.push_back(groups->get<std::string>());
    } else if (groups != c.end() && groups->is_array()) {
        for (const auto& g : *groups) {
            if (g.is_string()) {
                out.groups.push_back(g.get<std::string>());
            }
        }
    }
    return out;
}

}  // namespace

std::string_view describe(TokenCheck check) {
    switch (check) {
        case TokenCheck::Ok:
            return "valid";
        case TokenCheck::Malformed:
            return "not a well-formed JWS";
        case TokenCheck::AlgorithmNotAllowed:
            return "signed with an algorithm the hub does not accept (only RS256 and ES256)";
        case TokenCheck::UnknownKey:
            return "signed with a key the provider does not publish";
        case TokenCheck::BadSignature:
            return "the signature does not verify";
        case TokenCheck::WrongIssuer:
            return "issued by another issuer";
        case TokenCheck::WrongAudience:
            return "issued for another client";
        case TokenCheck::Expired:
            return "expired";
        case TokenCheck::IssueTime:
            return "issued at a time too far from the hub's clock";
        case TokenCheck::WrongNonce:
            return "its nonce is not the one this sign-in sent";
        case TokenCheck::MissingClaim:
            return "a required claim (sub, exp, iat) is missing or of the wrong type";
    }
    return "?";
}

TokenCheck check_id_token(std::string_view token, const KeySet& keys,
                          const TokenExpectations& expect, IdClaims& claims) {
    const auto jws = split(token);
    if (!jws) {
        return TokenCheck::Malformed;
    }
    const std::string alg = jws->header.value("alg", "");
    if (alg != "RS256" && alg != "ES256") {
        return TokenCheck::AlgorithmNotAllowed;
    }
    const KeyType type = alg == "RS256" ? KeyType::Rsa : KeyType::EcP256;
    const auto kid = jws->header.find("kid");
    if (kid != jws->header.end() && !kid->is_string()) {
        return TokenCheck::Malformed;
    }
    const PublicKey* key = keys.find(
        kid == jws->header.end() ? std::string_view() : kid->get_ref<const std::string&>(), type);
    if (key == nullptr) {
        return TokenCheck::UnknownKey;
    }
    if ((!key->alg.empty() && key->alg != alg) || !signature_valid(*jws, *key)) {
        return TokenCheck::BadSignature;
    }
    const TokenCheck verdict = check_claims(jws->payload, expect);
    if (verdict == TokenCheck::Ok) {
        claims = claims_of(jws->payload, expect.groups_claim);
    }
    return verdict;
}

}  // namespace fbk::sync::hub::signin
