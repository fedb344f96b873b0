// "a, b, c" for messages that list what would have been accepted; and back: the ids a column
// holds separated by spaces (option ids, flags and theme ids are plain ids, so a space
// separates them safely).
#pragma once

#include <ranges>
#include <string>
#include <string_view>
#include <vector>

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

// The parts of `text` between `separator`s, empty ones left out.
inline std::vector<std::string> split(std::string_view text, char separator = ' ') {
    std::vector<std::string> out;
    while (!text.empty()) {
        const auto end = text.find(separator);
        if (end != 0) {
            out.emplace_back(text.substr(0, end));
        }
        if (end == std::string_view::npos) {
            break;
        }
        text.remove_prefix(end + 1);
    }
    return out;
}

}  // namespace fbk::sync::protocol
