// Durations as people write them in config files: "30s", "500ms", "5m", "2h", "14d".
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace fbk::sync::protocol {

// Milliseconds, or nullopt when the text is not a non-negative number with one of the units
// ms, s, m, h, d. A bare number is refused: "30" could mean seconds or minutes.
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

}  // namespace fbk::sync::protocol
