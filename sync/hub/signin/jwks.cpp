#include "sync/hub/signin/jwks.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <optional>

#include "sync/hub/store/encoding.h"

namespace fbk::sync::hub::signin {

namespace {

constexpr int kMinRsaBits = 2048;

struct BnFree {
    void operator()(BIGNUM* b) const { BN_free(b); }
};
struct ParamBuildFree {
    void operator()(OSSL_PARAM_BLD* b) const { OSSL_PARAM_BLD_free(b); }
};
struct ParamFree {
    void operator()(OSSL_PARAM* p) const { OSSL_PARAM_free(p); }
};
struct CtxFree {
    void operator()(EVP_PKEY_CTX* c) const { EVP_PKEY_CTX_free(c); }
};

std::optional<std::string> member_bytes(const nlohmann::json& jwk, const char* name) {
    const auto it = jwk.find(name);
    if (it == jwk.end() || !it->is_string()) {
        return std::nullopt;
    }
    return base64url_decode(it->get_ref<const std::string&>());
}

std::unique_ptr<BIGNUM, BnFree> big_number(const std::string& bytes) {
    return std::unique_ptr<BIGNUM, BnFree>(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                  static_cast<int>(bytes.size()), nullptr));
}

// A public key of `type_name` ("RSA", "EC") from OpenSSL parameters.
std::shared_ptr<EVP_PKEY> key_from(const char* type_name, OSSL_PARAM_BLD* build) {
    std::unique_ptr<OSSL_PARAM, ParamFree> params(OSSL_PARAM_BLD_to_param(build));
    std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, type_name, nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
        EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
        return nullptr;
    }
    return std::shared_ptr<EVP_PKEY>(key, PublicKey::Free{});
}

std::shared_ptr<EVP_PKEY> rsa_key(const nlohmann::json& jwk, std::string& why) {
    const auto n = member_bytes(jwk, "n");
    const auto e = member_bytes(jwk, "e");
    if (!n || !e || n->empty() || e->empty()) {
        why = "an RSA key needs base64url \"n\" and \"e\"";
        return nullptr;
    }
    auto bn_n = big_number(*n);
    auto bn_e = big_number(*e);
    std::unique_ptr<OSSL_PARAM_BLD, ParamBuildFree> build(OSSL_PARAM_BLD_new());
    if (!bn_n || !bn_e || !build ||
        OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_N, bn_n.get()) != 1 ||
        OSSL_PARAM_BLD_push_BN(build.get(), OSSL_PKEY_PARAM_RSA_E, bn_e.get()) != 1) {
        why = "OpenSSL could not hold the key";
        return nullptr;
    }
    auto key = key_from("RSA", build.get());
    if (!key) {
        why = "not a valid RSA public key";
    } else if (EVP_PKEY_get_bits(key.get()) < kMinRsaBits) {
        why = "an RSA key shorter than 2048 bits";
        key.reset();
    }
    return key;
}

std::shared_ptr<EVP_PKEY> ec_key(const nlohmann::json& jwk, std::string& why) {
    const auto x = member_bytes(jwk, "x");
    const auto y = member_bytes(jwk, "y");
    if (jwk.value("crv", "") != "P-256" || !x || !y || x->size() != 32 || y->size() != 32) {
        why = "only P-256 EC keys with 32-byte \"x\" and \"y\" are used";
        return nullptr;
    }
    std::string point = "\x04" + *x + *y;  // an uncompressed point (SEC 1 section 2.3.3)
    std::unique_ptr<OSSL_PARAM_BLD, ParamBuildFree> build(OSSL_PARAM_BLD_new());
    if (!build ||
        OSSL_PARAM_BLD_push_utf8_string(build.get(), OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0) !=
            1 ||
        OSSL_PARAM_BLD_push_octet_string(build.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                         point.size()) != 1) {
        why = "OpenSSL could not hold the key";
        return nullptr;
    }
    auto key = key_from("EC", build.get());
    if (!key) {
        why = "not a point on P-256";
    }
    return key;
}

}  // namespace

void PublicKey::Free::operator()(EVP_PKEY* key) const {
    EVP_PKEY_free(key);
}

KeySet KeySet::from_jwks(const nlohmann::json& jwks, std::vector<std::string>& skipped) {
    KeySet set;
    const auto keys = jwks.is_object() ? jwks.find("keys") : jwks.end();
    if (keys == jwks.end() || !keys->is_array()) {
        skipped.push_back("the document has no \"keys\" array");
        return set;
    }
    for (const nlohmann::json& jwk : *keys) {
        if (!jwk.is_object()) {
            skipped.push_back("an entry of \"keys\" is not an object");
            continue;
        }
        PublicKey key;
        key.kid = jwk.value("kid", "");
        key.alg = jwk.value("alg", "");
        const std::string kty = jwk.value("kty", "");
        std::string why;
        if (jwk.value("use", "sig") != "sig") {
            why = "not a signing key";
        } else if (kty == "RSA") {
            key.type = KeyType::Rsa;
            key.key = rsa_key(jwk, why);
        } else if (kty == "EC") {
            key.type = KeyType::EcP256;
            key.key = ec_key(jwk, why);
        } else {
            why = "key type '" + kty + "' is not used";
        }
        if (key.key) {
            set.keys_.push_back(std::move(key));
        } else {
            skipped.push_back("key '" + key.kid + "': " + why);
        }
    }
    return set;
}

const PublicKey* KeySet::find(std::string_view kid, KeyType type) const {
    const PublicKey* only = nullptr;
    int of_type = 0;
    for (const PublicKey& key : keys_) {
        if (key.type != type) {
            continue;
        }
        if (!kid.empty() && key.kid == kid) {
            return &key;
        }
        ++of_type;
        only = &key;
    }
    return kid.empty() && of_type == 1 ? only : nullptr;
}

}  // namespace fbk::sync::hub::signin
