#include "sync/hub/store/tokens.h"

#include <array>
#include <stdexcept>

#include <openssl/evp.h>

#include "sync/hub/store/encoding.h"

namespace fbk::sync::hub {

std::string_view to_string(TokenKind kind) {
    return kind == TokenKind::Kiosk ? "kiosk" : "admin";
}

std::string_view to_string(Role role) {
    switch (role) {
        case Role::Viewer:
            return "viewer";
        case Role::Analyst:
            return "analyst";
        case Role::Admin:
            return "admin";
    }
    return "?";
}

std::optional<Role> role_from_string(std::string_view name) {
    for (const Role r : {Role::Viewer, Role::Analyst, Role::Admin}) {
        if (to_string(r) == name) {
            return r;
        }
    }
    return std::nullopt;
}

std::string generate_token(TokenKind kind) {
    return "fbk_" + std::string(to_string(kind)) + "_" + random_base64url(32);
}

std::string hash_token(std::string_view token) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(token.data(), token.size(), digest.data(), &length, EVP_sha256(), nullptr) !=
        1) {
        throw std::runtime_error("SHA-256 failed");
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(length * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0x0F];
    }
    return out;
}

}  // namespace fbk::sync::hub
