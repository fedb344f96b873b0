#include "sync/protocol/uuid.h"

namespace fbk::sync::protocol {

std::string make_uuid_v7(std::int64_t unix_ms, const UuidRandomBits& random) {
    std::array<std::uint8_t, 16> b{};
    const auto ms = static_cast<std::uint64_t>(unix_ms);
    for (int i = 0; i < 6; ++i) {
        b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(ms >> (8 * (5 - i)));
    }
    b[6] = static_cast<std::uint8_t>(0x70 | (random[0] & 0x0F));  // version 7
    b[7] = random[1];
    b[8] = static_cast<std::uint8_t>(0x80 | (random[2] & 0x3F));  // RFC variant
    for (std::size_t i = 9; i < 16; ++i) {
        b[i] = random[i - 6];
    }
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (std::size_t i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) {
            out += '-';
        }
        out += kHex[b[i] >> 4];
        out += kHex[b[i] & 0x0F];
    }
    return out;
}

bool is_canonical_uuid(std::string_view text) {
    if (text.size() != 36) {
        return false;
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') {
                return false;
            }
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

}  // namespace fbk::sync::protocol
