// Text encodings the hub's parts share: base64url without padding (RFC 4648 section 5), as
// tokens, session ids, JSON Web Tokens and PKCE use it, and percent-encoding for URLs and forms.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "sync/protocol/base64url.h"

namespace fbk::sync::hub {

using protocol::base64url_decode;  // sync/protocol/base64url.h, shared with the kiosk
using protocol::base64url_encode;
// `bytes` random bytes from the system's generator, base64url-encoded; throws if the generator
// fails (then no session or sign-in can be made safely).
std::string random_base64url(std::size_t bytes);
// Percent-encoding of one value (RFC 3986 section 2.1): letters, digits and -._~ stay, and so
// does every character of `also_kept`; everything else becomes %XX.
std::string percent_encode(std::string_view value, std::string_view also_kept = {});

}  // namespace fbk::sync::hub
