// Response ids are UUIDv7 (RFC 9562): 48 bits of Unix milliseconds first, so ids made close in
// time sort close together and B-tree inserts stay local (random v4 keys cut SQLite's batched
// insert rate about tenfold on the hub).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace fbk::sync::protocol {

using UuidRandomBits = std::array<std::uint8_t, 10>;

// Canonical lowercase text form. `random` supplies the 74 non-time bits (6 bits are unused).
std::string make_uuid_v7(std::int64_t unix_ms, const UuidRandomBits& random);

// True for the canonical 8-4-4-4-12 lowercase hex form of any version.
bool is_canonical_uuid(std::string_view text);

}  // namespace fbk::sync::protocol
