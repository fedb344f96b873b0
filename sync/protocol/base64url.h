// base64url without padding (RFC 4648 section 5), as tokens, session ids, JSON Web Tokens,
// PKCE and the staff PIN's hash use it. Pure: the hub and the kiosk share it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fbk::sync::protocol {

std::string base64url_encode(std::string_view bytes);
// nullopt for any character outside the alphabet, for '=' padding, or for a length no
// encoding can have (a remainder of 1 character).
std::optional<std::string> base64url_decode(std::string_view text);

}  // namespace fbk::sync::protocol
