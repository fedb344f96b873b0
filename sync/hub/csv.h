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

// "2026-11-24T08:15:30.123Z"
std::string format_utc_iso8601(std::int64_t unix_ms);
// "2026-11-01" (midnight UTC) or "2026-11-01T08:30:00Z" -> Unix ms; nullopt for anything else.
std::optional<std::int64_t> parse_utc_time(std::string_view text);

}  // namespace fbk::sync::hub
