#include "kiosk/core/utf8.h"

#include <algorithm>

namespace fbk::kiosk::core {

namespace {

bool is_continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0U) == 0x80U;
}

}  // namespace

std::size_t utf8_length(std::string_view text) {
    std::size_t n = 0;
    for (const char c : text) {
        n += is_continuation(c) ? 0 : 1;
    }
    return n;
}

void utf8_pop_back(std::string& text) {
    while (!text.empty()) {
        const char last = text.back();
        text.pop_back();
        if (!is_continuation(last)) {
            return;
        }
    }
}

std::vector<std::string_view> utf8_code_points(std::string_view text) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = i + 1;
        while (end < text.size() && is_continuation(text[end])) {
            ++end;
        }
        out.push_back(text.substr(i, end - i));
        i = end;
    }
    return out;
}

std::string_view trim(std::string_view text) {
    constexpr std::string_view kSpace = " \t\r\n";
    const auto first = text.find_first_not_of(kSpace);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(kSpace) - first + 1);
}

std::string without_soft_hyphens(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t h = std::min(text.find(kSoftHyphen, at), text.size());
        out.append(text.substr(at, h - at));
        at = h + kSoftHyphen.size();
    }
    return out;
}

}  // namespace fbk::kiosk::core
