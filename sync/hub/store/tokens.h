// Bearer tokens. A token is 32 random bytes shown once at creation; the hub keeps only its
// SHA-256. With 256 bits of entropy a plain hash is enough: there is nothing to brute-force.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fbk::sync::hub {

enum class TokenKind { Kiosk, Admin };

std::string_view to_string(TokenKind kind);

// What an admin token may do, each role including the ones before it:
//   viewer   aggregates only (statistics, the fleet view)
//   analyst  + exports of individual responses, free text included
//   admin    + tokens, survey packs, kiosks
enum class Role { Viewer, Analyst, Admin };

std::string_view to_string(Role role);
std::optional<Role> role_from_string(std::string_view name);

// "fbk_kiosk_<43 base64url chars>" or "fbk_admin_<...>": the prefix tells a reader of a config
// file what a token is for without revealing anything.
std::string generate_token(TokenKind kind);

// Lowercase hex SHA-256.
std::string hash_token(std::string_view token);

}  // namespace fbk::sync::hub
