// The identity provider's signing keys, read from its JWKS document (RFC 7517) into OpenSSL
// keys. Only what an ID token may be signed with is kept: RSA keys of 2048 bits or more (RS256)
// and P-256 EC keys (ES256). A key marked for encryption ("use": "enc") or of another type is
// skipped, never guessed at.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

typedef struct evp_pkey_st EVP_PKEY;

namespace fbk::sync::hub::signin {

enum class KeyType { Rsa, EcP256 };

struct PublicKey {
    struct Free {
        void operator()(EVP_PKEY* key) const;
    };
    std::string kid;  // may be empty when the provider has one key
    KeyType type = KeyType::Rsa;
    std::string alg;  // the JWK's own "alg" when it names one; then only that algorithm
    std::shared_ptr<EVP_PKEY> key;
};

class KeySet {
  public:
    // The keys of a JWKS document; keys it cannot use are listed in `skipped` (by kid and why).
    static KeySet from_jwks(const nlohmann::json& jwks, std::vector<std::string>& skipped);

    // The key with that kid and type; with an empty kid, the only key of that type (none when
    // there are several: which one signed would be a guess).
    const PublicKey* find(std::string_view kid, KeyType type) const;
    std::size_t size() const { return keys_.size(); }

  private:
    std::vector<PublicKey> keys_;
};

}  // namespace fbk::sync::hub::signin
