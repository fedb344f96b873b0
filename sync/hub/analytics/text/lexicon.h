// The lexicons of comment analysis are data (assets/lexicons/<language>.json, documented in
// assets/README.md), so a hospital adds its own words without a rebuild: the hub reads the
// shipped directory and then any directories given with --lexicons, whose entries are added to
// the same language's lists. Every problem is reported with the file, the JSON path of the
// entry and what is wrong; the hub refuses to start on any.
#pragma once

#include <array>
#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sync/hub/analytics/text/taxonomy.h"

namespace fbk::sync::hub::text {

struct LexiconIssue {
    std::string file;     // as given
    std::string path;     // JSON path of the entry, e.g. themes.waiting[3]; empty: the file
    std::string problem;  // what is wrong
    std::string message() const;
};

// An entry and where it was written, for issues found after reading.
struct LexiconEntry {
    std::string text;
    std::string file;
    std::string path;
};
using EntryList = std::vector<LexiconEntry>;

// One language's lists, from every file that names it, in reading order.
struct LexiconLists {
    std::string language;
    std::vector<std::string> files;
    EntryList negators;
    EntryList negators_after;  // also negate the word right before them ("hjälpte inte")
    EntryList absence;         // "nobody", "nothing": negators, and a complaint on their own
    EntryList suggestion;      // make a sentence a wish, without sentiment ("would be good")
    EntryList contrast;
    // Also start a clause, but concede rather than turn ("although", "vaikka", "fast"): what
    // follows is the obstacle, not a complaint after praise.
    EntryList concession;
    EntryList minutes;  // words for minutes as written ("min", "minuuttia"): "10 min" is short
    std::array<EntryList, kThemeCount> themes;
    // Theme words that need company: a person, a place or a test named in passing ("the nurse
    // took blood", "the toilet by the waiting room") gives its theme only when its clause says
    // something (a sentiment word) and names no other theme.
    std::array<EntryList, kThemeCount> context;
    EntryList positive;
    EntryList negative;
    EntryList neutral;  // words and phrases that carry no sentiment ("would be good")
};

struct LexiconSet {
    std::map<std::string, LexiconLists, std::less<>> languages;
    std::vector<LexiconIssue> issues;
};

// Adds one file's lists to `into`, or its issues. `file_name` names it in issues and gives the
// language the file must declare (fi.json holds "fi").
void read_lexicon_text(std::string_view file_name, std::string_view json_text, LexiconSet& into);
// What only the whole set can tell (an entry both positive and negative); read_lexicons runs it.
void check_across_files(LexiconSet& set);
// Every *.json in each directory, directories in order, files by name. A directory that does
// not exist is an issue.
LexiconSet read_lexicons(std::span<const std::filesystem::path> directories);

// Longest entry, in bytes, and most words in a phrase.
inline constexpr std::size_t kMaxEntryBytes = 64;
inline constexpr std::size_t kMaxPhraseWords = 4;
// Letters before the "*" of a prefix entry.
inline constexpr std::size_t kMinPrefixLetters = 3;

}  // namespace fbk::sync::hub::text
