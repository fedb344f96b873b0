#include "sync/hub/http/target.h"

#include "sync/protocol/utf8.h"

namespace fbk::sync::hub::http {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

// Decodes and checks one part; on failure fills `error` for `where`.
std::optional<std::string> decoded_part(std::string_view raw, bool plus_is_space,
                                        const std::string& where, TargetError& error) {
    auto decoded = percent_decode(raw, plus_is_space);
    if (!decoded) {
        error = {where, "has a '%' that is not followed by two hexadecimal digits"};
        return std::nullopt;
    }
    if (auto problem = text_problem(*decoded)) {
        error = {where, std::move(*problem)};
        return std::nullopt;
    }
    return decoded;
}

}  // namespace

std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%') {
            if (i + 2 >= text.size()) {
                return std::nullopt;
            }
            const int high = hex_value(text[i + 1]);
            const int low = hex_value(text[i + 2]);
            if (high < 0 || low < 0) {
                return std::nullopt;
            }
            out += static_cast<char>(high * 16 + low);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return out;
}

std::optional<std::string> text_problem(std::string_view text) {
    if (const auto nul = text.find('\0'); nul != std::string_view::npos) {
        return "holds a NUL byte (byte " + std::to_string(nul + 1) + ")";
    }
    if (const auto bad = protocol::first_invalid_utf8(text)) {
        return "is not valid UTF-8 (byte " + std::to_string(*bad + 1) + ")";
    }
    return std::nullopt;
}

std::variant<Target, TargetError> parse_target(std::string_view target) {
    TargetError error;
    if (!target.starts_with('/')) {
        return TargetError{"path", "must start with '/'"};
    }
    const auto question = target.find('?');
    Target out;
    auto path = decoded_part(target.substr(0, question), false, "path", error);
    if (!path) {
        return error;
    }
    out.path = std::move(*path);
    if (question == std::string_view::npos) {
        return out;
    }
    std::string_view query = target.substr(question + 1);
    for (std::size_t number = 1; !query.empty(); ++number) {
        const auto amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
        if (pair.empty()) {
            continue;  // "a=1&&b=2"
        }
        const auto eq = pair.find('=');
        auto name = decoded_part(pair.substr(0, eq), true,
                                 "query parameter " + std::to_string(number), error);
        if (!name) {
            return error;
        }
        std::string value;
        if (eq != std::string_view::npos) {
            auto decoded =
                decoded_part(pair.substr(eq + 1), true, "query parameter '" + *name + "'", error);
            if (!decoded) {
                return error;
            }
            value = std::move(*decoded);
        }
        out.params.push_back({std::move(*name), std::move(value)});
    }
    return out;
}

}  // namespace fbk::sync::hub::http
