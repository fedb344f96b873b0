#include "platform/font_coverage.h"

#include <stb/stb_truetype.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "platform/fonts.h"
#include "platform/text_shaper.h"

namespace fbk::platform {

struct FontCoverage::Font {
    std::vector<unsigned char> bytes;  // stb_truetype reads from this buffer
    stbtt_fontinfo info{};
    Weight weight = Weight::Regular;
};

namespace {

// The next code point of UTF-8 text, advancing `at`; nullopt at the end or on a bad sequence
// (texts come from packs that passed their UTF-8 checks, so that ends the walk).
std::optional<char32_t> next_code_point(std::string_view s, std::size_t& at) {
    if (at >= s.size()) {
        return std::nullopt;
    }
    const auto b = static_cast<unsigned char>(s[at]);
    const int length = b < 0x80           ? 1
                       : (b >> 5) == 0x6  ? 2
                       : (b >> 4) == 0xE  ? 3
                       : (b >> 3) == 0x1E ? 4
                                          : 0;
    if (length == 0 || at + static_cast<std::size_t>(length) > s.size()) {
        return std::nullopt;
    }
    char32_t c = length == 1 ? b : b & (0x7F >> length);
    for (int i = 1; i < length; ++i) {
        c = (c << 6) | (static_cast<unsigned char>(s[at + static_cast<std::size_t>(i)]) & 0x3F);
    }
    at += static_cast<std::size_t>(length);
    return c;
}

}  // namespace

FontCoverage FontCoverage::of_ui_fonts() {
    FontCoverage coverage;
    for (const Weight weight : {Weight::Regular, Weight::Bold}) {
        for (const char* name : ui_font_files(weight)) {
            const auto path = find_font(name);
            std::ifstream in(path, std::ios::binary | std::ios::ate);
            Font font;
            font.weight = weight;
            // One read of the whole file (Noto Sans is 0.5 MB; byte by byte took milliseconds).
            font.bytes.resize(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())));
            in.seekg(0);
            in.read(reinterpret_cast<char*>(font.bytes.data()),
                    static_cast<std::streamsize>(font.bytes.size()));
            if (font.bytes.empty() ||
                stbtt_InitFont(&font.info, font.bytes.data(),
                               stbtt_GetFontOffsetForIndex(font.bytes.data(), 0)) == 0) {
                throw std::runtime_error("cannot read font " + path.string());
            }
            coverage.fonts_.push_back(std::move(font));
        }
    }
    return coverage;
}

FontCoverage::~FontCoverage() = default;
FontCoverage::FontCoverage(FontCoverage&&) noexcept = default;
FontCoverage& FontCoverage::operator=(FontCoverage&&) noexcept = default;

std::optional<char32_t> FontCoverage::first_missing(std::string_view utf8) const {
    std::size_t at = 0;
    while (const auto c = next_code_point(utf8, at)) {
        if (*c < 0x20 || is_invisible_format_character(*c)) {
            continue;
        }
        if (*c < 0x80) {
            continue;  // Noto Sans, first of both weights, has every printable ASCII character
        }
        auto [known, inserted] = drawn_.try_emplace(*c, true);
        if (inserted) {
            // Both weights are drawn: each needs some font of its own that has the character.
            for (const Weight weight : {Weight::Regular, Weight::Bold}) {
                known->second =
                    known->second &&
                    std::any_of(fonts_.begin(), fonts_.end(), [&](const Font& font) {
                        return font.weight == weight &&
                               stbtt_FindGlyphIndex(&font.info, static_cast<int>(*c)) != 0;
                    });
            }
        }
        if (!known->second) {
            return c;
        }
    }
    return std::nullopt;
}

std::string code_point_name(char32_t c) {
    char text[16];
    std::snprintf(text, sizeof text, "U+%04X", static_cast<unsigned>(c));
    return text;
}

}  // namespace fbk::platform
