#include "sync/hub/signin/session_cookie.h"

#include <openssl/crypto.h>

#include "sync/hub/store/encoding.h"
#include "sync/hub/store/tokens.h"

namespace fbk::sync::hub::signin {

std::string new_session_id() {
    return random_base64url(32);
}

std::string session_id_hash(std::string_view session_id) {
    return hash_token(session_id);
}

std::string csrf_token(std::string_view session_id) {
    return hash_token("fbk-csrf:" + std::string(session_id));
}

bool same_secret(std::string_view a, std::string_view b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string_view cookie_value(std::string_view header, std::string_view name) {
    while (!header.empty()) {
        const auto end = header.find(';');
        std::string_view pair = header.substr(0, end);
        header = end == std::string_view::npos ? std::string_view() : header.substr(end + 1);
        while (pair.starts_with(' ')) {
            pair.remove_prefix(1);
        }
        const auto eq = pair.find('=');
        if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
            std::string_view value = pair.substr(eq + 1);
            while (value.ends_with(' ')) {
                value.remove_suffix(1);
            }
            return value;
        }
    }
    return {};
}

std::string set_cookie(std::string_view name, std::string_view value, std::string_view path,
                       std::int64_t max_age_s, bool secure) {
    std::string out = std::string(name) + "=" + std::string(value) + "; Path=" + std::string(path) +
                      "; Max-Age=" + std::to_string(max_age_s) + "; HttpOnly; SameSite=Lax";
    if (secure) {
        out += "; Secure";
    }
    return out;
}

}  // namespace fbk::sync::hub::signin
