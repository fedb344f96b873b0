#include "sync/hub/analytics/text/ukrainian_stemmer.h"

#include <algorithm>
#include <span>
#include <vector>

namespace fbk::sync::hub::text {

namespace {

// Every ending the stemmer removes, by part of speech. The longest ending that leaves at least
// kMinStem letters wins, whichever list it is in: one pass, no recursion, so a stem never
// loses more than one ending.
constexpr std::string_view kNounEndings[] = {"а",  "я",  "о",  "е",  "є",  "и",   "і",   "ї",
                                             "у",  "ю",  "ь",  "й",  "ам", "ям",  "ами", "ями",
                                             "ах", "ях", "ою", "ею", "єю", "ові", "еві", "єві",
                                             "ом", "ем", "єм", "ів", "їв", "ей",  "ій"};
constexpr std::string_view kAdjectiveEndings[] = {
    "ий",   "ій",    "ого",  "ього", "ому", "ьому", "им",    "ім",  "их", "іх",
    "ими",  "іми",   "ою",   "ої",   "ую",  "юю",   "ая",    "яя",  "еє", "іше",
    "іший", "ішого", "ішій", "ішим", "ішу", "ішою", "ніший", "ніша"};
constexpr std::string_view kVerbEndings[] = {
    // infinitive
    "ти", "ть", "ати", "яти", "іти", "ити", "ути", "увати", "ювати", "ування",
    // present and future
    "ю", "у", "еш", "єш", "иш", "їш", "е", "є", "ить", "ать", "ять", "ють", "уть", "ємо", "емо",
    "имо", "імо", "єте", "ете", "ите", "іте", "аю", "яю", "ую", "ає", "яє", "ує", "аєш", "аємо",
    "аєте", "ають", "яють", "ують", "уєш", "уємо",
    // past
    "ла", "ло", "ли", "ав", "яв", "ив", "ів", "ув", "ала", "яла", "ила", "іла", "ула", "ало", "яло",
    "ило", "іло", "уло", "али", "яли", "или", "іли", "ули",
    // imperative
    "ай", "айте", "йте", "іть",
    // gerund and participle
    "учи", "ючи", "ачи", "ячи", "вши", "ши", "аний", "яний", "ений", "ена", "ено", "ані"};

// A word keeps at least this many letters, and words shorter than kMinWord keep their ending:
// short words are mostly pronouns and prepositions whose stems would meet content words
// ("вона" she / "воняє" stinks, "мені" me / "меню", "біля" near / "біль" pain).
constexpr std::size_t kMinStem = 3;  // letters
constexpr std::size_t kMinWord = 5;

std::size_t letters(std::string_view utf8) {
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool is_cyrillic_word(std::string_view word) {
    // Every Cyrillic letter of Ukrainian is two bytes starting 0xD0..0xD2.
    for (const char c : word) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x80 && c != '\'') {
            return false;
        }
    }
    return !word.empty();
}

const std::vector<std::string_view>& all_endings() {
    static const std::vector<std::string_view> endings = [] {
        std::vector<std::string_view> out;
        for (const auto& list : {std::span<const std::string_view>(kNounEndings),
                                 std::span<const std::string_view>(kAdjectiveEndings),
                                 std::span<const std::string_view>(kVerbEndings)}) {
            out.insert(out.end(), list.begin(), list.end());
        }
        // Longest first, so that "ами" is tried before "и"; equal ones next to each other.
        std::sort(out.begin(), out.end(), [](std::string_view a, std::string_view b) {
            return a.size() != b.size() ? a.size() > b.size() : a < b;
        });
        out.erase(std::unique(out.begin(), out.end()), out.end());
        return out;
    }();
    return endings;
}

}  // namespace

std::string stem_ukrainian(std::string_view lower) {
    if (!is_cyrillic_word(lower) || letters(lower) < kMinWord) {
        return std::string(lower);
    }
    std::string_view word = lower;
    for (const std::string_view reflexive : {std::string_view("ся"), std::string_view("сь")}) {
        if (word.ends_with(reflexive) && letters(word) - 2 >= kMinStem) {
            word.remove_suffix(reflexive.size());
            break;
        }
    }
    for (const std::string_view ending : all_endings()) {
        if (word.ends_with(ending) && letters(word) - letters(ending) >= kMinStem) {
            word.remove_suffix(ending.size());
            break;
        }
    }
    return std::string(word);
}

}  // namespace fbk::sync::hub::text
