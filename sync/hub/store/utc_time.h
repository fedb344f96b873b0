// Times as the hub writes and reads them: UTC, ISO 8601, millisecond Unix times inside.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fbk::sync::hub {

// "2026-11-24T08:15:30.123Z"
std::string format_utc_iso8601(std::int64_t unix_ms);
// The same, appended to `out` without allocating: exports write four per row.
void append_utc_iso8601(std::string& out, std::int64_t unix_ms);
// "2026-11-01" (midnight UTC) or "2026-11-01T08:30:00Z" -> Unix ms; nullopt for anything else.
std::optional<std::int64_t> parse_utc_time(std::string_view text);

}  // namespace fbk::sync::hub
