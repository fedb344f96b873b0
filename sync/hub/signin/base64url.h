// Base64url without padding (RFC 4648 section 5), as JSON Web Tokens and PKCE use it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace fbk::sync::hub::signin {

std::string base64url_encode(std::string_view bytes);
// nullopt for any character outside the alphabet, for '=' padding, or for a length no
// encoding can have (a remainder of 1 character).
std::optional<std::string> base64url_decode(std::string_view text);
// `bytes` random bytes from the system's generator, base64url-encoded; throws if the generator
// fails (then no session or sign-in can be made safely).
std::string random_base64url(std::size_t bytes);

}  // namespace fbk::sync::hub::signin
