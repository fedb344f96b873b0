// Themes and a sentiment for a patient's comment, from the lexicon of the language the patient
// answered in (lexicon.h). Language-aware matching, not substring search: every word and every
// lexicon entry is reduced to keys by the language's normaliser (normaliser.h), so "jonossa"
// finds "jono", "väntade" finds "vänta" and "черзі" finds an entry "черзі".
//
// Themes: a comment gets every theme one of whose entries matches a word (any key: compound
// parts count, "odotusajasta" is about "odotus"), a prefix entry ("parkeer*") or a phrase (the
// words in a row, within a clause).
// A theme phrase covers its words ("waiting room" is facilities, not waiting), and a compound
// listed whole covers its parts ("odotustila" is facilities, though "odotus" is waiting).
// A "context" entry (a person, a place or a test, often named in passing) gives its theme only
// when its clause has a sentiment word and no theme entry: "lovely nurse" is staff, "the nurse
// took blood" is care alone, "the toilet by the waiting room was dirty" cleanliness alone.
// Sentiment: each positive entry counts +1 and each negative one −1 (whole-word keys only: a
// compound's head decides, its parts do not), an emoticon ±1; a phrase counts once and its
// words no more ("short wait" over "wait"), and a neutral entry takes a word's polarity away
// ("would be good" is a suggestion). A negator up to three words before, or a negator_after
// right after ("hjälpte inte"), in the same clause, flips an entry: "not friendly" counts −1, and a
// negated complaint ("ei tarvinnut odottaa", "inte otrevlig", "not rude") +0.5, the absence of a
// problem rather than praise. Punctuation and contrast words ("but", "mutta", "men") end a
// clause; a contrast clause after praise that names a theme and says nothing either way is
// one complaint ("easy to book, but the letter said another time"), unless the word is a
// concession ("although it was busy": the obstacle, not a complaint). A short wait ("waited 10
// minutes": a number up to 15 beside a `minutes` word) takes the negative sign off the waiting
// entries of its clause. An absence word ("nobody", "ingen", "ніхто") negates what follows it
// ("nobody was rude"), or, with nothing to negate, is the complaint itself ("nobody came",
// "ingen tolk").
// A sentence with a suggestion entry ("would be good", "voisiko", "förslag") is a wish and
// counts nothing. Then: nothing counted → neutral; at least 1 each way → mixed; else the
// larger side.
//
// Analysis happens once, when a response is stored (and again only when the lexicons change,
// `feedback-hub analyse-comments`); thread-safe, each thread borrowing its own normalisers.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sync/hub/analytics/text/lexicon.h"
#include "sync/hub/analytics/text/taxonomy.h"

namespace fbk::sync::hub::text {

// A word (or phrase) that gave a comment a theme: bytes of the comment's text.
struct ThemeMatch {
    std::size_t offset = 0;
    std::size_t length = 0;
    Theme theme = Theme::Waiting;
    bool operator==(const ThemeMatch&) const = default;
};

struct CommentAnalysis {
    std::vector<Theme> themes;           // in the taxonomy's order, each once
    std::optional<Sentiment> sentiment;  // nullopt: no lexicon for the comment's language
    std::vector<ThemeMatch> matches;     // in text order
};

class CommentAnalyser {
  public:
    // Compiles every language of `lexicons`; throws std::runtime_error naming every issue
    // (file, entry, problem) when there is any, or when a language's normaliser cannot start.
    explicit CommentAnalyser(const LexiconSet& lexicons);
    ~CommentAnalyser();
    CommentAnalyser(const CommentAnalyser&) = delete;
    CommentAnalyser& operator=(const CommentAnalyser&) = delete;

    CommentAnalysis analyse(std::string_view text, std::string_view language) const;
    // Several comments with one borrowing of the normalisers: what a batch needs.
    struct CommentText {
        std::string_view text;
        std::string_view language;
    };
    std::vector<CommentAnalysis> analyse(std::span<const CommentText> comments) const;
    // Changes whenever any lexicon entry or the matching rules change: rows analysed with
    // another fingerprint are out of date.
    const std::string& fingerprint() const { return fingerprint_; }
    std::vector<std::string> languages() const;

    struct Language;  // a compiled lexicon (comment_analyser.cpp)
    struct Tools;     // one thread's normalisers
    class ToolsLease;

  private:
    CommentAnalysis analyse_with(Tools& tools, std::string_view text,
                                 std::string_view language) const;
    std::unique_ptr<Tools> borrow_tools() const;
    void return_tools(std::unique_ptr<Tools> tools) const;

    std::map<std::string, std::unique_ptr<Language>, std::less<>> languages_;
    std::string fingerprint_;
    // At most one set of normalisers per core: each holds a Voikko instance and a word cache,
    // so more would cost memory and cold caches (each Voikko start is ~10 ms) without making
    // analysis faster. A thread finding none free waits for one.
    std::size_t max_tools_ = 1;
    mutable std::mutex pool_mutex_;
    mutable std::condition_variable tools_returned_;
    mutable std::size_t tools_made_ = 0;
    mutable std::vector<std::unique_ptr<Tools>> idle_tools_;
};

// Reads the directories (read_lexicons) and compiles them; throws as the constructor does.
std::shared_ptr<const CommentAnalyser> load_comment_analyser(
    std::span<const std::filesystem::path> directories);

}  // namespace fbk::sync::hub::text
