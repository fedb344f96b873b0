#include "sync/hub/analytics/text/words.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>

namespace fbk::sync::hub::text {

namespace {

struct Decoded {
    char32_t cp = 0;
    std::size_t length = 1;  // bytes; 1 for an invalid byte (cp is then U+FFFD)
};

Decoded decode(std::string_view s, std::size_t at) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char b0 = byte(at);
    if (b0 < 0x80) {
        return {b0, 1};
    }
    std::size_t length = 0;
    char32_t cp = 0;
    if ((b0 & 0xE0) == 0xC0) {
        length = 2;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        length = 3;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        length = 4;
        cp = b0 & 0x07;
    } else {
        return {0xFFFD, 1};
    }
    if (at + length > s.size()) {
        return {0xFFFD, 1};
    }
    for (std::size_t i = 1; i < length; ++i) {
        if ((byte(at + i) & 0xC0) != 0x80) {
            return {0xFFFD, 1};
        }
        cp = (cp << 6) | (byte(at + i) & 0x3F);
    }
    return {cp, length};
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

char32_t lower(char32_t c) {
    if (c >= 'A' && c <= 'Z') {
        return c + 0x20;
    }
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) {
        return c + 0x20;  // Latin-1: À..Þ
    }
    if (c >= 0x100 && c <= 0x17F) {  // Latin Extended-A: pairs, with its few exceptions
        if (c == 0x130) {
            return 'i';
        }
        if (c == 0x178) {
            return 0xFF;
        }
        const bool odd_pairs = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        const bool even_pairs = (c < 0x138 && c != 0x131) || (c >= 0x14A && c < 0x178);
        if ((odd_pairs && c % 2 == 1) || (even_pairs && c % 2 == 0)) {
            return c + 1;
        }
        return c;
    }
    if (c >= 0x410 && c <= 0x42F) {
        return c + 0x20;  // Cyrillic А..Я
    }
    if (c >= 0x400 && c <= 0x40F) {
        return c + 0x50;  // Ѐ..Џ (Є, І, Ї, Ў ...)
    }
    if (c == 0x490) {
        return 0x491;  // Ґ
    }
    return c;
}

// The letter without its diacritics, as text ("ae" for æ); nullopt: unchanged.
std::optional<std::string_view> folded(char32_t c) {
    // Latin-1 Supplement, from à (0xE0) to ÿ (0xFF).
    static constexpr std::array<std::string_view, 32> kLatin1 = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o",  "",  "o", "u", "u", "u", "u", "y", "",  "y"};
    if (c >= 0xE0 && c <= 0xFF && c != 0xF7 && c != 0xFE) {
        return kLatin1[c - 0xE0];
    }
    if (c == 0xDF) {
        return "ss";
    }
    if (c >= 0x100 && c <= 0x17F) {
        // Latin Extended-A, lowercase letters only (lowercase() ran first): the base letter.
        static constexpr std::string_view kBase =
            "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkklllllll"
            "lllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
        const std::size_t i = c - 0x100;
        if (i < kBase.size()) {
            return kBase.substr(i, 1);
        }
    }
    if (c == 0x451) {
        return "\xD0\xB5";  // ё -> е
    }
    return std::nullopt;
}

bool is_letter_or_digit(char32_t c) {
    if (c < 0x80) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    return (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) || (c >= 0x370 && c <= 0x3FF) ||
           (c >= 0x400 && c <= 0x52F);
}

bool is_apostrophe(char32_t c) {
    return c == '\'' || c == 0x2019 || c == 0x02BC;
}

bool ends_sentence(char32_t c) {
    return c == '.' || c == '!' || c == '?' || c == '\n' || c == 0x2026;
}

bool ends_clause(char32_t c) {
    switch (c) {
        case '.':
        case ',':
        case '!':
        case '?':
        case ';':
        case ':':
        case '(':
        case ')':
        case '\n':
        case 0x2026:  // …
            return true;
        default:
            return false;
    }
}

// Only these start a face: the ASCII ones' first characters, and anything beyond the BMP's
// letters (emoji, hearts).
bool may_start_emoticon(char32_t c) {
    return c == ':' || c == ';' || c == '=' || c == '<' || c >= 0x2600;
}

// Emoticons patients type, and the emoji a kiosk keyboard or a phone-trained thumb produces.
int emoticon_polarity(std::string_view text, std::size_t at, std::size_t& length) {
    static constexpr std::pair<std::string_view, int> kAscii[] = {
        {":-)", 1}, {":)", 1},   {":-D", 1}, {":D", 1},   {"=)", 1},   {";)", 1},  {";-)", 1},
        {"<3", 1},  {":-(", -1}, {":(", -1}, {":'(", -1}, {":-/", -1}, {":/", -1}, {"=(", -1}};
    for (const auto& [face, polarity] : kAscii) {
        if (text.substr(at, face.size()) == face) {
            length = face.size();
            return polarity;
        }
    }
    const Decoded d = decode(text, at);
    length = d.length;
    const char32_t c = d.cp;
    if ((c >= 0x1F600 && c <= 0x1F60D) || c == 0x1F642 || c == 0x1F60A || c == 0x1F44D ||
        c == 0x2764 || c == 0x1F64F || c == 0x1F970 || c == 0x263A) {
        return 1;
    }
    if (c == 0x1F61E || c == 0x1F61F || (c >= 0x1F620 && c <= 0x1F62B) || c == 0x1F62D ||
        c == 0x1F641 || c == 0x2639 || c == 0x1F44E || c == 0x1F92C) {
        return -1;
    }
    return 0;
}

}  // namespace

std::string lowercase(std::string_view utf8) {
    std::string out;
    out.reserve(utf8.size());
    for (std::size_t at = 0; at < utf8.size();) {
        const Decoded d = decode(utf8, at);
        if (d.cp == 0xFFFD && d.length == 1) {
            out += utf8[at];
        } else {
            append_utf8(out, lower(d.cp));
        }
        at += d.length;
    }
    return out;
}

std::string fold_diacritics(std::string_view lower_text) {
    if (std::all_of(lower_text.begin(), lower_text.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x80; })) {
        return std::string(lower_text);  // nothing to fold
    }
    std::string out;
    out.reserve(lower_text.size());
    for (std::size_t at = 0; at < lower_text.size();) {
        const Decoded d = decode(lower_text, at);
        if (const auto f = folded(d.cp)) {
            out += *f;
        } else {
            out.append(lower_text.substr(at, d.length));
        }
        at += d.length;
    }
    return out;
}

std::vector<Word> split_words(std::string_view text) {
    std::vector<Word> words;
    words.reserve(text.size() / 4 + 1);
    int clause = 0;
    int sentence = 0;
    Word current;
    bool in_word = false;
    const auto finish = [&] {
        if (in_word) {
            current.folded = fold_diacritics(current.lower);
            current.clause = clause;
            current.sentence = sentence;
            words.push_back(std::move(current));
            current = Word{};
            in_word = false;
        }
    };
    for (std::size_t at = 0; at < text.size();) {
        const auto byte = static_cast<unsigned char>(text[at]);
        if ((byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9')) {
            // The common case, without decoding.
            if (!in_word) {
                current.offset = at;
                in_word = true;
            }
            current.lower += static_cast<char>(byte);
            current.length = at + 1 - current.offset;
            ++at;
            continue;
        }
        const Decoded d = decode(text, at);
        const char32_t c = lower(d.cp);
        if (is_letter_or_digit(c)) {
            if (!in_word) {
                current.offset = at;
                in_word = true;
            }
            append_utf8(current.lower, c);
            current.length = at + d.length - current.offset;
            at += d.length;
            continue;
        }
        if (in_word && is_apostrophe(c) && at + d.length < text.size() &&
            is_letter_or_digit(lower(decode(text, at + d.length).cp))) {
            current.lower += '\'';
            at += d.length;
            continue;
        }
        finish();
        std::size_t face_length = 0;
        if (const int polarity =
                may_start_emoticon(c) ? emoticon_polarity(text, at, face_length) : 0) {
            words.push_back({at, face_length, "", "", clause, sentence, polarity});
            at += face_length;
            continue;
        }
        if (ends_clause(c)) {
            ++clause;
        }
        if (ends_sentence(c)) {
            ++sentence;
        }
        at += d.length;
    }
    finish();
    return words;
}

}  // namespace fbk::sync::hub::text
