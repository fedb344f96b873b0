// Signing keys and ID tokens for the sign-in tests: real OpenSSL keys (RSA 2048, P-256), their
// public halves as a JWKS document, and compact JWS signed with them, so the hub's checks
// (sync/hub/signin/id_token.h) meet the real thing, including the forgeries they must refuse.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

typedef struct evp_pkey_st EVP_PKEY;

namespace fbk::test {

class SigningKey {
  public:
    enum class Type { Rsa, EcP256 };
    SigningKey(Type type, std::string kid);

    const std::string& kid() const { return kid_; }
    // The public key as a JWK (with "use": "sig" and "alg").
    nlohmann::json jwk() const;
    // The public key as PEM (SubjectPublicKeyInfo): what an attacker would try as an HS256 secret.
    std::string public_pem() const;
    // header.payload.signature, with "alg" RS256 or ES256 and this kid unless the header says
    // otherwise.
    std::string sign(const nlohmann::json& payload,
                     nlohmann::json header = nlohmann::json::object()) const;

  private:
    struct Free {
        void operator()(EVP_PKEY* key) const;
    };
    Type type_;
    std::string kid_;
    std::unique_ptr<EVP_PKEY, Free> key_;
};

// A token whose header and signature are given as they are: for "alg": "none" and HS256.
std::string unsigned_token(const nlohmann::json& header, const nlohmann::json& payload);
std::string hs256_token(const nlohmann::json& payload, const std::string& secret);

}  // namespace fbk::test
