// Syntax of the identifiers that appear in packs, configs, URLs and CSV headers.
#pragma once

#include <string_view>

namespace fbk::sync::protocol {

// 1-64 characters of a-z, 0-9, '-', '_': safe in a URL path, a file name and a CSV header.
bool is_plain_id(std::string_view id);
// ISO 639-1/-3 code in lowercase: "fi", "sv", "smn".
bool is_language_code(std::string_view code);

}  // namespace fbk::sync::protocol
