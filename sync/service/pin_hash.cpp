#include "sync/service/pin_hash.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <array>
#include <charconv>
#include <optional>
#include <stdexcept>

#include "sync/protocol/base64url.h"

namespace fbk::sync::service {

namespace {

constexpr std::string_view kPrefix = "pbkdf2-sha256$";
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;

std::string_view as_text(const unsigned char* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

std::array<unsigned char, kHashBytes> derive(std::string_view pin, std::string_view salt,
                                             int iterations) {
    std::array<unsigned char, kHashBytes> key{};
    if (PKCS5_PBKDF2_HMAC(pin.data(), static_cast<int>(pin.size()),
                          reinterpret_cast<const unsigned char*>(salt.data()),
                          static_cast<int>(salt.size()), iterations, EVP_sha256(),
                          static_cast<int>(key.size()), key.data()) != 1) {
        throw std::runtime_error("PBKDF2 failed (OpenSSL)");
    }
    return key;
}

}  // namespace

std::string hash_staff_pin(std::string_view pin, int iterations) {
    std::array<unsigned char, kSaltBytes> salt{};
    if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) {
        throw std::runtime_error("no random bytes for the PIN's salt (OpenSSL)");
    }
    const std::string_view salt_text(reinterpret_cast<const char*>(salt.data()), salt.size());
    auto key = derive(pin, salt_text, iterations);
    std::string out = std::string(kPrefix) + std::to_string(iterations) + "$" +
                      protocol::base64url_encode(as_text(salt.data(), salt.size())) + "$" +
                      protocol::base64url_encode(as_text(key.data(), key.size()));
    OPENSSL_cleanse(key.data(), key.size());
    return out;
}

bool staff_pin_matches(std::string_view pin, std::string_view hash) {
    if (!hash.starts_with(kPrefix)) {
        return false;
    }
    hash.remove_prefix(kPrefix.size());
    const auto first = hash.find('$');
    const auto second = first == std::string_view::npos ? first : hash.find('$', first + 1);
    if (second == std::string_view::npos) {
        return false;
    }
    int iterations = 0;
    const auto [end, ec] = std::from_chars(hash.data(), hash.data() + first, iterations);
    const auto salt = protocol::base64url_decode(hash.substr(first + 1, second - first - 1));
    const auto expected = protocol::base64url_decode(hash.substr(second + 1));
    if (ec != std::errc() || end != hash.data() + first || iterations < 1 ||
        iterations > 10'000'000 || !salt || !expected || expected->size() != kHashBytes) {
        return false;
    }
    auto key = derive(pin, *salt, iterations);
    const bool same = CRYPTO_memcmp(key.data(), expected->data(), kHashBytes) == 0;
    OPENSSL_cleanse(key.data(), key.size());
    return same;
}

}  // namespace fbk::sync::service
