#include "sync/protocol/duration.h"

#include <charconv>
#include <limits>

namespace fbk::sync::protocol {

std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
    std::int64_t number = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (ec != std::errc() || end == text.data() || number < 0) {
        return std::nullopt;
    }
    const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
    std::int64_t factor = 0;
    if (unit == "ms") {
        factor = 1;
    } else if (unit == "s") {
        factor = 1000;
    } else if (unit == "m") {
        factor = 60'000;
    } else if (unit == "h") {
        factor = 3'600'000;
    } else if (unit == "d") {
        factor = 86'400'000;
    } else {
        return std::nullopt;
    }
    if (number > std::numeric_limits<std::int64_t>::max() / factor) {
        return std::nullopt;
    }
    return number * factor;
}

}  // namespace fbk::sync::protocol
