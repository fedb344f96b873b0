// CSV for Excel, LibreOffice and BI tools: RFC 4180 quoting, CRLF rows, and text cells that a
// spreadsheet would run as a formula (=, +, -, @, tab, CR) prefixed with an apostrophe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fbk::sync::hub {

// Appends one text cell (quoted when needed, neutralised when it could be a formula).
void append_csv_text(std::string& out, std::string_view text);
void append_csv_number(std::string& out, std::int64_t value);

}  // namespace fbk::sync::hub
