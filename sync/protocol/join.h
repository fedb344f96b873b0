// "a, b, c" for messages that list what would have been accepted.
#pragma once

#include <ranges>
#include <string>
#include <string_view>

namespace fbk::sync::protocol {

template <std::ranges::input_range Range>
std::string join(const Range& items, std::string_view separator = ", ") {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) {
            out += separator;
        }
        out += item;
    }
    return out;
}

}  // namespace fbk::sync::protocol
