// UTF-8 validity, as RFC 3629 defines it: no overlong forms, no surrogates (U+D800..U+DFFF),
// nothing above U+10FFFF. Everything the hub stores or echoes must pass, because a JSON reply
// cannot carry invalid bytes and PostgreSQL refuses them.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace fbk::sync::protocol {

// Bytes in the valid UTF-8 sequence that starts text[at], or 0 if none starts there.
std::size_t utf8_sequence_length(std::string_view text, std::size_t at);

// Where the first byte that is not part of a valid sequence is; nullopt if the text is valid.
std::optional<std::size_t> first_invalid_utf8(std::string_view text);

}  // namespace fbk::sync::protocol
