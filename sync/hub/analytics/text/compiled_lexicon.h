// A language's lexicon made ready for matching (comment_analyser.h): every entry's keys in one
// hash index, prefixes by their text, phrases by their first word's keys.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "sync/hub/analytics/text/comment_analyser.h"
#include "sync/hub/analytics/text/normaliser.h"

namespace fbk::sync::hub::text {

// What an entry says about a word that matches it: a theme, or a polarity (+1 / −1; 0 for a
// neutral entry). `context`: a theme that needs company (LexiconLists::context).
struct Meaning {
    std::optional<Theme> theme;
    int polarity = 0;
    bool context = false;
    bool operator==(const Meaning&) const = default;
};

// Hash and equality that take a string_view, so that lookups of a word's prefixes allocate
// nothing.
struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
using TextIndex = std::unordered_map<std::string, std::vector<Meaning>, TextHash, std::equal_to<>>;

struct Phrase {
    std::vector<std::vector<std::string>> words;  // each word's keys
    Meaning meaning;
};

// What a function word does (CommentAnalyser::Language::function_words), as bits.
enum FunctionWord : unsigned {
    kNegator = 1,       // flips what follows in its clause
    kNegatorAfter = 2,  // flips the word right before it
    kAbsence = 4,       // "nobody": a negator, or a complaint of its own
    kContrast = 8,      // starts a clause ("but")
    kSuggestionStart = 16,
    kConcession = 32,  // starts a clause as kContrast does, but concedes ("although")
    kMinutes = 64,     // a word for minutes, to tell a short wait ("10 min")
};

struct CommentAnalyser::Language {
    std::string code;
    TextIndex by_key;
    TextIndex by_prefix;
    std::vector<std::size_t> prefix_lengths;  // bytes, each length some prefix has, ascending
    std::vector<Phrase> phrases;
    std::unordered_map<std::string, std::vector<std::size_t>> phrases_by_first_key;
    // The words that negate, end a clause or start a suggestion, as written (lowercased and
    // folded), each with what it does: one lookup per word.
    std::unordered_map<std::string, unsigned, TextHash, std::equal_to<>> function_words;
    // Suggestion entries, word by word as written, by their first word: "olisi" must not
    // become Voikko's "olla", which every "oli" (was) also is.
    std::unordered_map<std::string, std::vector<std::vector<std::string>>, TextHash,
                       std::equal_to<>>
        suggestions;
};

// Compiles one language with `normaliser`; an entry that no word could ever match (its
// normalised form is empty) is added to `issues`.
CommentAnalyser::Language compile_language(const LexiconLists& lists, Normaliser& normaliser,
                                           std::vector<LexiconIssue>& issues);

// Everything a lexicon set says, and the matching rules' version, as one short hex string.
std::string lexicon_fingerprint(const LexiconSet& lexicons);

}  // namespace fbk::sync::hub::text
