// Redaction of identifiers in free text. Long because it is one scanner: the national id
// formats, dates, phone numbers and e-mail addresses share its code-point and
// word-boundary helpers and its bookkeeping of spans already taken, and a token is judged
// against every format at once (which fits it best).
#include "kiosk/core/redaction.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <utility>

// A hand-written scanner rather than std::regex: every step below looks at a bounded stretch of
// text, so a hostile comment cannot make redaction slow, and word boundaries can be judged on
// UTF-8 code points (a number glued to "ä" is part of a word, one next to "–" is not).

namespace fbk::kiosk::core {
namespace {

constexpr std::string_view kHetu = "hetu";
constexpr std::string_view kPersonnummer = "personnummer";
constexpr std::string_view kFodselsnummer = "fodselsnummer";
constexpr std::string_view kCpr = "cpr";
constexpr std::string_view kBsn = "bsn";
constexpr std::string_view kEmail = "email";
constexpr std::string_view kPhone = "phone";

constexpr std::size_t npos = std::string_view::npos;

struct Match {
    std::size_t begin;
    std::size_t end;
    std::string_view kind;
};

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool is_alnum(char c) {
    return is_digit(c) || is_alpha(c);
}
char to_upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
int digit_value(char c) {
    return c - '0';
}
bool all_digits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_digit);
}
int number(std::string_view digits) {
    int value = 0;
    for (const char c : digits) {
        value = value * 10 + digit_value(c);
    }
    return value;
}

// ---- UTF-8 code points and word boundaries

struct CodePoint {
    char32_t value;
    std::size_t length;
};
constexpr char32_t kInvalid = 0xFFFD;  // an invalid byte counts as one non-letter

CodePoint decode_at(std::string_view text, std::size_t pos) {
    const auto lead = static_cast<unsigned char>(text[pos]);
    if (lead < 0x80) {
        return {lead, 1};
    }
    std::size_t length = 0;
    char32_t value = 0;
    if ((lead & 0xE0) == 0xC0) {
        length = 2;
        value = static_cast<char32_t>(lead & 0x1F);
    } else if ((lead & 0xF0) == 0xE0) {
        length = 3;
        value = static_cast<char32_t>(lead & 0x0F);
    } else if ((lead & 0xF8) == 0xF0) {
        length = 4;
        value = static_cast<char32_t>(lead & 0x07);
    } else {
        return {kInvalid, 1};
    }
    if (pos + length > text.size()) {
        return {kInvalid, 1};
    }
    for (std::size_t i = 1; i < length; ++i) {
        const auto byte = static_cast<unsigned char>(text[pos + i]);
        if ((byte & 0xC0) != 0x80) {
            return {kInvalid, 1};
        }
        value = static_cast<char32_t>((value << 6) | (byte & 0x3F));
    }
    return {value, length};
}

// Start of the code point that ends at `pos` (> 0).
std::size_t previous_start(std::string_view text, std::size_t pos) {
    std::size_t p = pos - 1;
    for (int steps = 0; p > 0 && steps < 3 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80;
         ++steps) {
        --p;
    }
    return p + decode_at(text, p).length == pos ? p : pos - 1;
}

// Letters and digits of any script; punctuation, spaces, symbols and emoji are not.
bool is_word(char32_t cp) {
    if (cp < 0x80) {
        const auto c = static_cast<char>(cp);
        return is_alnum(c) || c == '_';
    }
    if (cp <= 0xBF || cp == 0xD7 || cp == 0xF7) {
        return false;  // C1 controls, no-break space, Latin-1 signs, multiplication and division
    }
    const bool symbol = (cp >= 0x2000 && cp <= 0x2BFF) ||  // punctuation, symbols, arrows
                        (cp >= 0x3000 && cp <= 0x303F) ||  // CJK punctuation
                        (cp >= 0xFE30 && cp <= 0xFE6F) ||  // compatibility punctuation
                        (cp >= 0xFF00 && cp <= 0xFF0F) ||  // fullwidth punctuation
                        (cp >= 0xFFF0 && cp <= 0xFFFF) ||  // specials, including kInvalid
                        (cp >= 0x1F000 && cp <= 0x1FAFF);  // emoji
    return !symbol;
}

bool word_before(std::string_view text, std::size_t pos) {
    return pos > 0 && is_word(decode_at(text, previous_start(text, pos)).value);
}
bool word_at(std::string_view text, std::size_t pos) {
    return pos < text.size() && is_word(decode_at(text, pos).value);
}

// "12.3.2025", "14:30" and "10/10" are single numbers: a digit run joined to another by one of
// these is not standalone.
bool is_joiner(char c) {
    return c == '.' || c == ':' || c == '/';
}
bool joined_before(std::string_view text, std::size_t begin) {
    return begin >= 2 && is_joiner(text[begin - 1]) && is_digit(text[begin - 2]);
}
bool joined_after(std::string_view text, std::size_t end) {
    return end + 1 < text.size() && is_joiner(text[end]) && is_digit(text[end + 1]);
}

// Spans already taken, asked about at increasing positions: a scan stays linear in the text.
class Claimed {
  public:
    explicit Claimed(std::vector<Match> spans) : spans_(std::move(spans)) {
        std::sort(spans_.begin(), spans_.end(),
                  [](const Match& a, const Match& b) { return a.begin < b.begin; });
    }
    bool overlaps(std::size_t begin, std::size_t end) {
        while (next_ < spans_.size() && spans_[next_].end <= begin) {
            ++next_;
        }
        return next_ < spans_.size() && spans_[next_].begin < end;
    }

  private:
    std::vector<Match> spans_;
    std::size_t next_ = 0;
};

// ---- Dates

bool is_leap(int year) {
    return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
}
bool valid_date(int year, int month, int day) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1) {
        return false;
    }
    const int days = kDays[static_cast<std::size_t>(month - 1)] + (month == 2 && is_leap(year));
    return day <= days;
}
// When only YY is known: a real day in some century (29.2. needs YY divisible by 4; 2000 was leap).
bool valid_date_any_century(int yy, int month, int day) {
    return valid_date(2000 + yy, month, day);
}

// ---- National id numbers. Each check returns how well a token fits one format.

enum class Fit { none, shape, dated, valid };  // wrong shape < right shape < real date < checksum

struct Reading {
    std::string_view kind;
    Fit fit;
};

// DDMMYYCZZZQ
Fit check_hetu(std::string_view s) {
    if (s.size() != 11 || !all_digits(s.substr(0, 6)) || !all_digits(s.substr(7, 3)) ||
        !is_alnum(s[10])) {
        return Fit::none;
    }
    int century = 0;
    switch (to_upper(s[6])) {
        case '+':
            century = 1800;
            break;
        case '-':
        case 'Y':
        case 'X':
        case 'W':
        case 'V':
        case 'U':
            century = 1900;
            break;
        case 'A':
        case 'B':
        case 'C':
        case 'D':
        case 'E':
        case 'F':
            century = 2000;
            break;
        default:
            return Fit::none;
    }
    if (!valid_date(century + number(s.substr(4, 2)), number(s.substr(2, 2)),
                    number(s.substr(0, 2)))) {
        return Fit::shape;
    }
    static constexpr std::string_view kCheck = "0123456789ABCDEFHJKLMNPRSTUVWXY";
    const int individual = number(s.substr(7, 3));
    const int value = number(s.substr(0, 6)) * 1000 + individual;
    const bool ok =
        individual >= 2 && kCheck[static_cast<std::size_t>(value % 31)] == to_upper(s[10]);
    return ok ? Fit::valid : Fit::dated;
}

bool luhn(std::string_view digits) {
    int sum = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        const int d = digit_value(digits[i]) * (i % 2 == 0 ? 2 : 1);
        sum += d / 10 + d % 10;
    }
    return sum % 10 == 0;
}

// YYMMDD-NNNC, YYMMDD+NNNC, YYMMDDNNNC, YYYYMMDDNNNC, YYYYMMDD-NNNC. `coordination` tells a
// samordningsnummer (day + 60).
Fit check_personnummer(std::string_view s, bool& coordination) {
    std::string ten;
    int century = -1;
    if (s.size() == 10 && all_digits(s)) {
        ten = s;
    } else if (s.size() == 11 && (s[6] == '-' || s[6] == '+') && all_digits(s.substr(0, 6)) &&
               all_digits(s.substr(7))) {
        ten = std::string(s.substr(0, 6)) + std::string(s.substr(7));
    } else if (s.size() == 12 && all_digits(s)) {
        century = number(s.substr(0, 2));
        ten = s.substr(2);
    } else if (s.size() == 13 && s[8] == '-' && all_digits(s.substr(0, 8)) &&
               all_digits(s.substr(9))) {
        century = number(s.substr(0, 2));
        ten = std::string(s.substr(2, 6)) + std::string(s.substr(9));
    } else {
        return Fit::none;
    }
    const int yy = number(ten.substr(0, 2));
    const int month = number(ten.substr(2, 2));
    int day = number(ten.substr(4, 2));
    coordination = day > 60;
    if (coordination) {
        day -= 60;
    }
    const bool dated =
        century < 0 ? valid_date_any_century(yy, month, day)
                    : century >= 18 && century <= 20 && valid_date(century * 100 + yy, month, day);
    if (!dated) {
        return Fit::shape;
    }
    return luhn(ten) ? Fit::valid : Fit::dated;
}

// DDMMYYIIIKK; a D-number has day + 40.
Fit check_fodselsnummer(std::string_view s) {
    if (s.size() != 11 || !all_digits(s)) {
        return Fit::none;
    }
    int day = number(s.substr(0, 2));
    if (day > 40) {
        day -= 40;
    }
    if (!valid_date_any_century(number(s.substr(4, 2)), number(s.substr(2, 2)), day)) {
        return Fit::shape;
    }
    static constexpr std::array<int, 9> kWeights1{3, 7, 6, 1, 8, 9, 4, 5, 2};
    static constexpr std::array<int, 10> kWeights2{5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
    const auto check_digit = [&](std::span<const int> weights) {
        int sum = 0;
        for (std::size_t i = 0; i < weights.size(); ++i) {
            sum += weights[i] * digit_value(s[i]);
        }
        const int remainder = sum % 11;
        return remainder == 0 ? 0 : 11 - remainder;  // 10 (remainder 1) matches no digit
    };
    const bool ok =
        check_digit(kWeights1) == digit_value(s[9]) && check_digit(kWeights2) == digit_value(s[10]);
    return ok ? Fit::valid : Fit::dated;
}

// DDMMYY-SSSS or DDMMYYSSSS. No checksum (modulus 11 was dropped in 2007); the first serial
// digit gives the century, so the date is checked exactly.
Fit check_cpr(std::string_view s) {
    std::string ten;
    if (s.size() == 10 && all_digits(s)) {
        ten = s;
    } else if (s.size() == 11 && s[6] == '-' && all_digits(s.substr(0, 6)) &&
               all_digits(s.substr(7))) {
        ten = std::string(s.substr(0, 6)) + std::string(s.substr(7));
    } else {
        return Fit::none;
    }
    const int yy = number(ten.substr(4, 2));
    const int serial = digit_value(ten[6]);
    int century = 1900;
    if ((serial == 4 || serial == 9) && yy <= 36) {
        century = 2000;
    } else if (serial >= 5 && serial <= 8) {
        century = yy <= 57 ? 2000 : 1800;
    }
    return valid_date(century + yy, number(ten.substr(2, 2)), number(ten.substr(0, 2)))
               ? Fit::valid
               : Fit::shape;
}

// Nine digits with the "11-proef".
Fit check_bsn(std::string_view s) {
    if (s.size() != 9 || !all_digits(s)) {
        return Fit::none;
    }
    int sum = -digit_value(s[8]);
    for (std::size_t i = 0; i < 8; ++i) {
        sum += static_cast<int>(9 - i) * digit_value(s[i]);
    }
    return sum % 11 == 0 && s != "000000000" ? Fit::valid : Fit::dated;
}

// Words that announce an id. A stem of four or more letters also matches inflected forms
// ("hetuni", "henkilötunnukseni", "personnumret"); shorter ones must be the whole word. "id" also
// covers "ID-nummer" and "id number". Compared in lower case (ASCII and Latin-1 letters).
struct Keyword {
    std::string_view stem;
    std::string_view kind;  // empty: any id format
};
constexpr std::array<Keyword, 15> kKeywords{{
    {"hetu", kHetu},
    {"henkilötunnu", kHetu},
    {"sotu", kHetu},
    {"personnum", kPersonnummer},
    {"personnr", kPersonnummer},
    {"pnr", kPersonnummer},
    {"samordningsnum", kPersonnummer},
    {"fødselsnum", kFodselsnummer},
    {"fodselsnum", kFodselsnummer},
    {"fnr", kFodselsnummer},
    {"cpr", kCpr},
    {"bsn", kBsn},
    {"burgerservicenum", kBsn},
    {"sofinum", kBsn},
    {"id", {}},
}};
constexpr int kKeywordReach = 4;  // words looked at before a number

std::string lower(std::string_view word) {
    std::string out(word);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto byte = static_cast<unsigned char>(out[i]);
        if (byte >= 'A' && byte <= 'Z') {
            out[i] = static_cast<char>(byte + 0x20);
        } else if (byte == 0xC3 && i + 1 < out.size()) {
            const auto next = static_cast<unsigned char>(out[i + 1]);
            if (next >= 0x80 && next <= 0x9E && next != 0x97) {  // À..Þ except ×
                out[i + 1] = static_cast<char>(next + 0x20);
            }
            ++i;
        }
    }
    return out;
}

std::optional<std::string_view> keyword_before(std::string_view text, std::size_t pos) {
    for (int words = 0; words < kKeywordReach; ++words) {
        while (pos > 0 && !word_before(text, pos)) {
            if (text[pos - 1] == '\n') {
                return std::nullopt;
            }
            pos = previous_start(text, pos);
        }
        if (pos == 0) {
            return std::nullopt;
        }
        const std::size_t end = pos;
        while (pos > 0 && word_before(text, pos)) {
            pos = previous_start(text, pos);
        }
        const std::string word = lower(text.substr(pos, end - pos));
        for (const Keyword& k : kKeywords) {
            if (word == k.stem || (k.stem.size() >= 4 && word.starts_with(k.stem))) {
                return k.kind;
            }
        }
    }
    return std::nullopt;
}

// "+358 123456782", "(09) 123456789", "040 123456789": the number is the tail of a phone number.
bool after_phone_prefix(std::string_view text, std::size_t begin) {
    if (begin < 3 || text[begin - 1] != ' ') {
        return false;
    }
    std::size_t p = begin - 1;
    const bool paren = text[p - 1] == ')';
    if (paren) {
        --p;
    }
    const std::size_t digits_end = p;
    while (p > 0 && is_digit(text[p - 1])) {
        --p;
    }
    const std::size_t digits = digits_end - p;
    if (digits == 0) {
        return false;
    }
    if (paren) {
        return p > 0 && text[p - 1] == '(';
    }
    if (p > 0 && text[p - 1] == '+') {
        return digits <= 4;
    }
    return !word_before(text, p) && text[p] == '0' && digits >= 2 && digits <= 5;
}

// Ten digits with a trunk zero and a mobile prefix: Finnish 04x and 050, Swedish 07x, Dutch 06,
// Ukrainian 05x-09x ("0401234567", "0701234567", "0612345678"). A Danish CPR can be written the
// same way (days 04-07 and 09), and the CPR has no checksum to tell them apart. Danish phone
// numbers have eight digits, so in Danish such a number is a CPR; in the other languages it is
// far more often a phone. A CPR keyword before it decides in any language.
bool national_mobile(std::string_view digits) {
    return digits.size() == 10 && all_digits(digits) && digits[0] == '0' &&
           std::string_view("45679").find(digits[1]) != std::string_view::npos;
}

std::optional<std::string_view> classify_id(std::string_view text, std::size_t begin,
                                            std::size_t end, bool danish) {
    const std::string_view token = text.substr(begin, end - begin);
    bool coordination = false;
    const Fit personnummer = check_personnummer(token, coordination);
    // Priority when several formats fit: the stronger checksum first. The CPR has none, so it
    // comes last, except against a samordningsnummer, whose shifted day is the rarer reading of
    // the same digits ("070761-4285" is a CPR, not a samordningsnummer for 1.7.2007).
    const std::array<Reading, 6> readings{{
        {kHetu, check_hetu(token)},
        {kFodselsnummer, check_fodselsnummer(token)},
        {kPersonnummer, coordination ? Fit::none : personnummer},
        {kBsn, check_bsn(token)},
        {kCpr, check_cpr(token)},
        {kPersonnummer, coordination ? personnummer : Fit::none},
    }};
    const auto best = [&](Fit at_least) -> std::optional<std::string_view> {
        for (const Reading& r : readings) {
            if (r.fit >= at_least) {
                return r.kind;
            }
        }
        return std::nullopt;
    };
    const auto fits = [&](std::string_view kind, Fit at_least) {
        return std::any_of(readings.begin(), readings.end(),
                           [&](const Reading& r) { return r.kind == kind && r.fit >= at_least; });
    };
    if (!best(Fit::shape)) {
        return std::nullopt;
    }
    const bool digits_only = all_digits(token);
    if (digits_only && after_phone_prefix(text, begin)) {
        return std::nullopt;
    }
    const std::optional<std::string_view> keyword = keyword_before(text, begin);
    if (keyword && !keyword->empty() && fits(*keyword, Fit::valid)) {
        return *keyword;
    }
    if (!danish && national_mobile(token) && best(Fit::valid) == kCpr && keyword != kCpr) {
        return std::nullopt;  // find_phones labels it
    }
    if (const auto valid = best(Fit::valid)) {
        return valid;
    }
    if (!keyword) {
        return std::nullopt;  // a checksum or date that does not hold: an ordinary number
    }
    if (!keyword->empty() && fits(*keyword, Fit::shape)) {
        return *keyword;
    }
    if (const auto dated = best(Fit::dated)) {
        return dated;
    }
    return best(Fit::shape);
}

bool is_id_token_char(char32_t cp) {
    return is_word(cp) || cp == '+' || cp == '-';
}

void find_ids(std::string_view text, bool danish, std::vector<Match>& matches) {
    Claimed claimed(matches);
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (!is_id_token_char(decode_at(text, pos).value)) {
            pos += decode_at(text, pos).length;
            continue;
        }
        const std::size_t begin = pos;
        while (pos < text.size() && is_id_token_char(decode_at(text, pos).value)) {
            pos += decode_at(text, pos).length;
        }
        const std::size_t length = pos - begin;
        if (length < 9 || length > 13 || joined_before(text, begin) || joined_after(text, pos) ||
            claimed.overlaps(begin, pos)) {
            continue;
        }
        if (const auto kind = classify_id(text, begin, pos, danish)) {
            matches.push_back({begin, pos, *kind});
        }
    }
}

// ---- E-mail: local@domain.tld with a reasonable character set; letters of any script allowed.

bool is_local_char(char32_t cp) {
    return is_word(cp) || cp == '.' || cp == '%' || cp == '+' || cp == '-';
}
bool is_domain_char(char32_t cp) {
    return (is_word(cp) && cp != '_') || cp == '.' || cp == '-';
}

bool valid_domain(std::string_view domain) {
    std::size_t labels = 0;
    std::string_view last;
    std::size_t start = 0;
    while (start <= domain.size()) {
        std::size_t dot = domain.find('.', start);
        if (dot == npos) {
            dot = domain.size();
        }
        const std::string_view label = domain.substr(start, dot - start);
        if (label.empty() || label.front() == '-' || label.back() == '-') {
            return false;
        }
        ++labels;
        last = label;
        start = dot + 1;
    }
    const bool letters =
        std::none_of(last.begin(), last.end(), [](char c) { return is_digit(c) || c == '-'; });
    return labels >= 2 && last.size() >= 2 && (letters || last.starts_with("xn--"));
}

void find_emails(std::string_view text, std::vector<Match>& matches) {
    std::size_t search = 0;
    for (std::size_t at = text.find('@'); at != npos; at = text.find('@', search)) {
        search = at + 1;
        std::size_t begin = at;
        while (begin > 0) {
            const std::size_t p = previous_start(text, begin);
            if (!is_local_char(decode_at(text, p).value)) {
                break;
            }
            begin = p;
        }
        if (!matches.empty()) {
            begin = std::max(begin, matches.back().end);  // "a@b.fi_c@d.fi" is two addresses
        }
        while (begin < at && (text[begin] == '.' || text[begin] == '+' || text[begin] == '-')) {
            ++begin;  // punctuation before the address, not part of it
        }
        if (begin == at || text[at - 1] == '.') {
            continue;
        }
        std::size_t end = at + 1;
        while (end < text.size() && is_domain_char(decode_at(text, end).value)) {
            end += decode_at(text, end).length;
        }
        while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) {
            --end;
        }
        if (!valid_domain(text.substr(at + 1, end - at - 1))) {
            continue;
        }
        matches.push_back({begin, end, kEmail});
        search = end;
    }
}

// ---- Phone numbers: digit groups split by one space, dash or dot, or set in parentheses.

struct Group {
    std::size_t begin;  // first digit
    std::size_t digits;
    bool parenthesized;
};
constexpr std::size_t kMaxGroups = 18;

// "123" or "(09)" at pos; returns the position after it, or npos.
std::size_t parse_group(std::string_view text, std::size_t pos, Group& group) {
    const bool paren = pos < text.size() && text[pos] == '(';
    std::size_t p = paren ? pos + 1 : pos;
    const std::size_t digits_begin = p;
    while (p < text.size() && is_digit(text[p])) {
        ++p;
    }
    const std::size_t digits = p - digits_begin;
    if (digits == 0) {
        return npos;
    }
    if (paren) {
        if (digits > 5 || p >= text.size() || text[p] != ')') {
            return npos;
        }
        ++p;
    }
    group = {digits_begin, digits, paren};
    return p;
}

bool phone_may_start(std::string_view text, std::size_t pos) {
    const char c = text[pos];
    if (!(is_digit(c) ||
          ((c == '+' || c == '(') && pos + 1 < text.size() && is_digit(text[pos + 1])))) {
        return false;
    }
    if (pos == 0) {
        return true;
    }
    const char before = text[pos - 1];
    return !word_before(text, pos) && before != '+' &&
           !((is_joiner(before) || before == '-') && pos >= 2 && is_digit(text[pos - 2]));
}

// The end of the phone number starting at `start`, or npos.
std::size_t phone_end(std::string_view text, std::size_t start) {
    const bool plus = text[start] == '+';
    std::array<Group, kMaxGroups> groups{};
    std::size_t count = 0;
    std::string separators;
    std::size_t digits = 0;
    std::size_t end = parse_group(text, plus ? start + 1 : start, groups[0]);
    if (end == npos) {
        return npos;
    }
    digits = groups[0].digits;
    count = 1;
    while (digits <= 17 && count < kMaxGroups) {
        Group next{};
        std::size_t next_end = npos;
        char separator = 0;
        if (end < text.size() && (text[end] == ' ' || text[end] == '-' || text[end] == '.')) {
            separator = text[end];
            next_end = parse_group(text, end + 1, next);
        } else if (groups[count - 1].parenthesized || (end < text.size() && text[end] == '(')) {
            next_end = parse_group(text, end, next);  // "(0)40", "358(0)"
        }
        if (next_end == npos) {
            break;
        }
        if (separator != 0) {
            separators += separator;
        }
        groups[count++] = next;
        digits += next.digits;
        end = next_end;
    }
    if (word_at(text, end) || joined_after(text, end)) {
        return npos;
    }

    const Group& first = groups[0];
    const bool double_zero = !plus && first.digits >= 2 && text[first.begin] == '0' &&
                             text[first.begin + 1] == '0';  // "0045 ..."
    if (double_zero && (first.digits == 2 ? count < 2 || text[groups[1].begin] == '0'
                                          : text[first.begin + 2] == '0')) {
        return npos;  // no country code starts with 0: "000000000"
    }
    const std::size_t counted = double_zero ? digits - 2 : digits;
    if (counted < 7 || counted > 15) {
        return npos;
    }
    const bool dots = separators.find('.') != npos;
    const bool uniform = std::all_of(separators.begin(), separators.end(),
                                     [&](char s) { return s == separators[0]; });
    if (dots && !uniform) {
        return npos;  // "08.00-16.00", "1.3.2025 14.30"
    }
    const bool parens =
        std::any_of(groups.begin(), groups.begin() + static_cast<std::ptrdiff_t>(count),
                    [](const Group& g) { return g.parenthesized; });
    if (count == 3 && !parens && uniform && separators[0] != ' ') {
        const std::size_t a = groups[0].digits, b = groups[1].digits, c = groups[2].digits;
        if ((a <= 2 && b <= 2 && (c == 2 || c == 4)) || (a == 4 && b <= 2 && c <= 2)) {
            return npos;  // a date: "01.03.2025", "01-03-2025", "2025-03-01"
        }
    }
    if (plus || double_zero || (text[first.begin] == '0' && first.digits >= 2)) {
        return end;  // international, or national with its trunk zero and area code
    }
    // Norwegian and Danish numbers have no trunk zero: "22 12 34 56", "412 34 567".
    const bool spaced = uniform && !separators.empty() && separators[0] == ' ' && !parens;
    const bool pairs = count == 4 && std::all_of(groups.begin(), groups.begin() + 4,
                                                 [](const Group& g) { return g.digits == 2; });
    const bool mobile =
        count == 3 && groups[0].digits == 3 && groups[1].digits == 2 && groups[2].digits == 3;
    const bool nordic = spaced && (pairs || mobile) && text[first.begin] >= '2';
    return nordic ? end : npos;
}

void find_phones(std::string_view text, std::vector<Match>& matches) {
    Claimed claimed(matches);
    for (std::size_t pos = 0; pos < text.size(); ++pos) {
        if (!phone_may_start(text, pos) || claimed.overlaps(pos, pos + 1)) {
            continue;
        }
        const std::size_t end = phone_end(text, pos);
        if (end != npos && !claimed.overlaps(pos, end)) {
            matches.push_back({pos, end, kPhone});
            pos = end - 1;
        }
    }
}

}  // namespace

Redacted redact_identifiers(std::string_view text, std::string_view language) {
    std::vector<Match> matches;
    // E-mail addresses are found first only so that digits inside an address stay part of it.
    // National ids go before phone numbers: "070761-4285" is a CPR number, not a phone number.
    find_emails(text, matches);
    find_ids(text, language == "da", matches);
    find_phones(text, matches);
    std::sort(matches.begin(), matches.end(),
              [](const Match& a, const Match& b) { return a.begin < b.begin; });

    Redacted out;
    out.text.reserve(text.size());
    std::size_t pos = 0;
    for (const Match& m : matches) {
        out.text.append(text.substr(pos, m.begin - pos));
        out.text.append("[").append(m.kind).append("]");
        out.kinds.emplace_back(m.kind);
        pos = m.end;
    }
    out.text.append(text.substr(pos));
    return out;
}

}  // namespace fbk::kiosk::core
