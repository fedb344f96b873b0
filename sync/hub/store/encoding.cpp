#include "sync/hub/store/encoding.h"

#include <openssl/rand.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace fbk::sync::hub {

std::string random_base64url(std::size_t bytes) {
    std::vector<unsigned char> raw(bytes);
    if (RAND_bytes(raw.data(), static_cast<int>(raw.size())) != 1) {
        throw std::runtime_error("the system's random number generator failed");
    }
    return base64url_encode(std::string_view(reinterpret_cast<const char*>(raw.data()), bytes));
}

std::string percent_encode(std::string_view value, std::string_view also_kept) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : value) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '.' || c == '_' || c == '~' ||
            also_kept.find(ch) != std::string_view::npos) {
            out += ch;
        } else {
            out += '%';
            out += kHex[c >> 4];
            out += kHex[c & 0xF];
        }
    }
    return out;
}

}  // namespace fbk::sync::hub
