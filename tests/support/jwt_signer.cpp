#include "tests/support/jwt_signer.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <array>
#include <stdexcept>
#include <vector>

#include "sync/hub/store/encoding.h"

namespace fbk::test {

namespace {

using fbk::sync::hub::base64url_encode;

std::string b64(const std::string& bytes) {
    return base64url_encode(bytes);
}

std::string bn_param(EVP_PKEY* key, const char* name) {
    BIGNUM* bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1) {
        throw std::runtime_error("cannot read a key parameter");
    }
    std::string out(static_cast<std::size_t>(BN_num_bytes(bn)), '\0');
    BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
    BN_free(bn);
    return out;
}

std::string signing_input(const nlohmann::json& header, const nlohmann::json& payload) {
    return b64(header.dump()) + "." + b64(payload.dump());
}

}  // namespace

void SigningKey::Free::operator()(EVP_PKEY* key) const {
    EVP_PKEY_free(key);
}

SigningKey::SigningKey(Type type, std::string kid)
    : type_(type),
      kid_(std::move(kid)),
      key_(type == Type::Rsa ? EVP_RSA_gen(2048) : EVP_EC_gen("P-256")) {
    if (!key_) {
        throw std::runtime_error("OpenSSL could not make a key");
    }
}

nlohmann::json SigningKey::jwk() const {
    if (type_ == Type::Rsa) {
        return {{"kty", "RSA"},
                {"use", "sig"},
                {"alg", "RS256"},
                {"kid", kid_},
                {"n", b64(bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_N))},
                {"e", b64(bn_param(key_.get(), OSSL_PKEY_PARAM_RSA_E))}};
    }
    std::array<unsigned char, 65> point{};
    std::size_t length = 0;
    EVP_PKEY_get_octet_string_param(key_.get(), OSSL_PKEY_PARAM_PUB_KEY, point.data(), point.size(),
                                    &length);
    const std::string raw(reinterpret_cast<const char*>(point.data()), length);
    return {{"kty", "EC"},
            {"use", "sig"},
            {"alg", "ES256"},
            {"kid", kid_},
            {"crv", "P-256"},
            {"x", b64(raw.substr(1, 32))},
            {"y", b64(raw.substr(33, 32))}};
}

std::string SigningKey::public_pem() const {
    BIO* bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, key_.get());
    char* data = nullptr;
    const long size = BIO_get_mem_data(bio, &data);
    std::string pem(data, static_cast<std::size_t>(size));
    BIO_free(bio);
    return pem;
}

std::string SigningKey::sign(const nlohmann::json& payload, nlohmann::json header) const {
    if (!header.contains("alg")) {
        header["alg"] = type_ == Type::Rsa ? "RS256" : "ES256";
    }
    if (!header.contains("kid")) {
        header["kid"] = kid_;
    }
    const std::string input = signing_input(header, payload);
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    std::size_t length = 0;
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key_.get());
    EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(input.data()),
                   input.size());
    std::vector<unsigned char> sig(length);
    EVP_DigestSign(ctx, sig.data(), &length, reinterpret_cast<const unsigned char*>(input.data()),
                   input.size());
    EVP_MD_CTX_free(ctx);
    std::string signature(reinterpret_cast<const char*>(sig.data()), length);
    if (type_ == Type::EcP256) {  // DER -> r || s, 32 bytes each (RFC 7518 section 3.4)
        const unsigned char* p = sig.data();
        ECDSA_SIG* ec = d2i_ECDSA_SIG(nullptr, &p, static_cast<long>(length));
        std::array<unsigned char, 64> raw{};
        BN_bn2binpad(ECDSA_SIG_get0_r(ec), raw.data(), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(ec), raw.data() + 32, 32);
        ECDSA_SIG_free(ec);
        signature.assign(reinterpret_cast<const char*>(raw.data()), raw.size());
    }
    return input + "." + b64(signature);
}

std::string unsigned_token(const nlohmann::json& header, const nlohmann::json& payload) {
    return signing_input(header, payload) + ".";
}

std::string hs256_token(const nlohmann::json& payload, const std::string& secret) {
    const std::string input = signing_input({{"alg", "HS256"}, {"typ", "JWT"}}, payload);
    std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(input.data()), input.size(), mac.data(), &length);
    return input + "." + b64(std::string(reinterpret_cast<const char*>(mac.data()), length));
}

}  // namespace fbk::test
