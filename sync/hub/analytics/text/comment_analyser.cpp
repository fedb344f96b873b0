// The matcher (rules in comment_analyser.h) and the analyser around it. Long because the
// matching steps share one view of the comment's words and run in a fixed order (phrases, then
// words and prefixes, suggestions, then negation and the verdict); kept in one file so that
// order reads top to bottom.
#include "sync/hub/analytics/text/comment_analyser.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <thread>

#include "sync/hub/analytics/text/compiled_lexicon.h"
#include "sync/hub/analytics/text/words.h"

namespace fbk::sync::hub::text {

// One thread's normalisers, one per language, made when first needed.
struct CommentAnalyser::Tools {
    std::map<std::string, std::unique_ptr<Normaliser>, std::less<>> normalisers;
    Normaliser& for_language(std::string_view code) {
        auto it = normalisers.find(code);
        if (it == normalisers.end()) {
            it = normalisers.emplace(std::string(code), make_normaliser(code)).first;
        }
        return *it->second;
    }
};

namespace {

// A negator reaches this many words ahead, within its clause; one of the lexicon's
// negators_after also the word right before it ("lyssnade inte", "hielp niet": Swedish, Danish
// and Dutch put the negation after the verb).
constexpr std::size_t kNegationReach = 3;
// What a negated complaint counts as: "not rude", "ei tarvinnut odottaa" is no praise, only an
// absence of a problem, so it outweighs no complaint beside it.
constexpr double kNegatedNegative = 0.5;
// A wait of up to a quarter of an hour ("waited 10 minutes", "ootin vaan 5 min") is no
// complaint: the wait words beside it lose their negative sign.
constexpr long kShortWaitMinutes = 15;

// A word of the comment with its keys (pointers into the normaliser's cache, valid for the
// whole analysis).
struct ReadWord {
    const Word* word = nullptr;
    // The keys of the word as written and, when it differs, as folded: the normaliser's cached
    // lists, not copies.
    const std::vector<Key>* keys = nullptr;
    const std::vector<Key>* folded_keys = nullptr;
    template <typename F>
    void for_each_key(F f) const {
        for (const auto* list : {keys, folded_keys}) {
            if (list != nullptr) {
                for (const Key& k : *list) {
                    f(k);
                }
            }
        }
    }
    template <typename F>
    bool any_key(F f) const {
        for (const auto* list : {keys, folded_keys}) {
            if (list != nullptr && std::any_of(list->begin(), list->end(), f)) {
                return true;
            }
        }
        return false;
    }
    bool negator = false;
    bool negator_after = false;
    bool absence = false;              // "nobody", "nothing": a negator, or a complaint of its own
    bool turn = false;                 // "but", "mutta": a contrast, not a concession
    bool about_waiting = false;        // an entry of the theme waiting matched the word
    int polarity = 0;                  // from single-word entries, prefixes and emoticons
    bool in_sentiment_phrase = false;  // its polarity is the phrase's
    bool in_theme_phrase = false;      // its themes are the phrase's
};

// What the word does as a function word (FunctionWord bits), written or folded.
unsigned function_word(const CommentAnalyser::Language& lang, const Word& w) {
    unsigned what = 0;
    if (const auto it = lang.function_words.find(w.lower); it != lang.function_words.end()) {
        what |= it->second;
    }
    if (w.folded != w.lower) {
        if (const auto it = lang.function_words.find(w.folded); it != lang.function_words.end()) {
            what |= it->second;
        }
    }
    return what;
}

std::vector<ReadWord> read_words(const std::vector<Word>& words,
                                 const CommentAnalyser::Language& lang, Normaliser& normaliser) {
    std::vector<ReadWord> out(words.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
        const Word& w = words[i];
        ReadWord& r = out[i];
        r.word = &w;
        r.polarity = w.polarity;
        if (w.lower.empty()) {
            continue;  // an emoticon
        }
        r.keys = &normaliser.word_keys(w.lower);
        if (w.folded != w.lower) {
            r.folded_keys = &normaliser.word_keys(w.folded);
        }
        const unsigned what = function_word(lang, w);
        r.negator = (what & kNegator) != 0;
        r.negator_after = (what & kNegatorAfter) != 0;
        r.absence = (what & kAbsence) != 0;
        r.turn = (what & kContrast) != 0 && (what & kConcession) == 0;
    }
    return out;
}

// Contrast words start a new clause, as punctuation does.
void split_clauses_at_contrast(std::vector<Word>& words, const CommentAnalyser::Language& lang) {
    int shift = 0;
    for (Word& w : words) {
        if (!w.lower.empty() && (function_word(lang, w) & kContrast) != 0) {
            ++shift;
        }
        w.clause += shift;
    }
}

struct Findings {
    std::array<bool, kThemeCount> themes{};
    std::vector<ThemeMatch> matches;
    std::vector<int> suggestions;    // sentences that are wishes ("would be good", "voisiko")
    std::vector<int> theme_clauses;  // clauses where an entry of "themes" matched
    struct Pending {
        ThemeMatch match;
        int clause = 0;
    };
    std::vector<Pending> context;  // "context" themes, until their clauses are read
    void theme(Theme t, const Word& first, const Word& last) {
        themes[static_cast<std::size_t>(t)] = true;
        matches.push_back({first.offset, last.offset + last.length - first.offset, t});
        theme_clauses.push_back(first.clause);
    }
    void add(const Meaning& m, const Word& first, const Word& last) {
        if (m.context) {
            context.push_back(
                {{first.offset, last.offset + last.length - first.offset, *m.theme}, first.clause});
        } else {
            theme(*m.theme, first, last);
        }
    }
};

// +1, −1, or 0 for none, for both signs, or for a neutral entry ("would be good").
int polarity_of(const std::vector<Meaning>& meanings) {
    bool positive = false;
    bool negative = false;
    for (const Meaning& m : meanings) {
        if (m.polarity == 0) {
            return 0;
        }
        positive = positive || m.polarity > 0;
        negative = negative || m.polarity < 0;
    }
    return positive == negative ? 0 : (positive ? 1 : -1);
}

// The prefix entries a word's written (or folded) form starts with.
void match_prefixes(const ReadWord& r, const CommentAnalyser::Language& lang,
                    std::vector<Meaning>& out) {
    if (r.word->lower.empty()) {
        return;
    }
    for (const std::string* form : {&r.word->lower, &r.word->folded}) {
        if (form == &r.word->folded && r.word->folded == r.word->lower) {
            break;
        }
        for (const std::size_t n : lang.prefix_lengths) {
            if (n > form->size()) {
                break;
            }
            if (n < form->size() && ((*form)[n] & 0xC0) == 0x80) {
                continue;  // not at a letter's boundary
            }
            const std::string_view prefix(form->data(), n);
            if (const auto it = lang.by_prefix.find(prefix); it != lang.by_prefix.end()) {
                out.insert(out.end(), it->second.begin(), it->second.end());
            }
        }
    }
}

// Single words and prefixes. Themes: from the word's own base form when an entry has it (a
// compound listed whole, "odotustila", is not also about its parts), else from any key; none
// for a word inside a theme phrase ("waiting room" is not about waiting). Polarity: from
// whole-word keys, unless a sentiment phrase covers the word.
void match_words(std::vector<ReadWord>& words, const CommentAnalyser::Language& lang,
                 Findings& found) {
    std::vector<Meaning> whole;  // reused from word to word
    std::vector<Meaning> parts;
    for (ReadWord& r : words) {
        whole.clear();
        parts.clear();
        r.for_each_key([&](const Key& k) {
            if (const auto it = lang.by_key.find(k.text); it != lang.by_key.end()) {
                auto& into = k.whole ? whole : parts;
                into.insert(into.end(), it->second.begin(), it->second.end());
            }
        });
        match_prefixes(r, lang, whole);
        const bool whole_has_theme =
            std::any_of(whole.begin(), whole.end(), [](const Meaning& m) { return m.theme; });
        r.about_waiting = std::any_of(whole.begin(), whole.end(), [](const Meaning& m) {
            return m.theme == Theme::Waiting && !m.context;
        });
        if (!r.in_theme_phrase) {
            for (const auto* list : {&whole, &parts}) {
                if (list == &parts && whole_has_theme) {
                    break;
                }
                for (const Meaning& m : *list) {
                    if (m.theme) {
                        found.add(m, *r.word, *r.word);
                    }
                }
            }
        }
        if (r.word->polarity == 0 && !r.in_sentiment_phrase) {
            std::erase_if(whole, [](const Meaning& m) { return m.theme.has_value(); });
            r.polarity = polarity_of(whole);
        }
    }
}

bool has_key(const ReadWord& r, const std::vector<std::string>& keys) {
    return r.any_key(
        [&keys](const Key& k) { return std::binary_search(keys.begin(), keys.end(), k.text); });
}

// Phrases: the words in a row, within one clause; they go first, and cover their words. A
// sentiment phrase's polarity goes on its first word and replaces its words' own.
void match_phrases(std::vector<ReadWord>& words, const CommentAnalyser::Language& lang,
                   Findings& found) {
    if (lang.phrases.empty()) {
        return;
    }
    std::vector<std::size_t> candidates;
    for (std::size_t i = 0; i < words.size(); ++i) {
        candidates.clear();
        words[i].for_each_key([&](const Key& k) {
            if (const auto it = lang.phrases_by_first_key.find(k.text);
                it != lang.phrases_by_first_key.end()) {
                candidates.insert(candidates.end(), it->second.begin(), it->second.end());
            }
        });
        for (const std::size_t p : candidates) {
            const Phrase& phrase = lang.phrases[p];
            const std::size_t n = phrase.words.size();
            bool matches = i + n <= words.size();
            for (std::size_t j = 1; matches && j < n; ++j) {
                matches = words[i + j].word->clause == words[i].word->clause &&
                          has_key(words[i + j], phrase.words[j]);
            }
            if (!matches) {
                continue;
            }
            if (phrase.meaning.theme) {
                found.add(phrase.meaning, *words[i].word, *words[i + n - 1].word);
                for (std::size_t j = 0; j < n; ++j) {
                    words[i + j].in_theme_phrase = true;
                }
                continue;
            }

            for (std::size_t j = 0; j < n; ++j) {
                words[i + j].polarity = 0;
                words[i + j].in_sentiment_phrase = true;
            }
            words[i].polarity = phrase.meaning.polarity;
        }
    }
}

// A "context" theme (a person, place or test named in passing) is kept where its clause says
// something (a sentiment word, an emoticon or an absence word: "nobody came") or is a wish (a
// wish names what it is about: "a play corner in the waiting room, please"), and no entry of
// "themes" matched there: "lovely nurse" is about staff, "the nurse took blood" about care only.
void resolve_context(const std::vector<ReadWord>& words, Findings& found) {
    for (const Findings::Pending& p : found.context) {
        if (std::find(found.theme_clauses.begin(), found.theme_clauses.end(), p.clause) !=
            found.theme_clauses.end()) {
            continue;
        }
        const bool says_something = std::any_of(words.begin(), words.end(), [&](const auto& r) {
            return r.word->clause == p.clause &&
                   (r.polarity != 0 || r.absence ||
                    std::find(found.suggestions.begin(), found.suggestions.end(),
                              r.word->sentence) != found.suggestions.end());
        });
        if (says_something) {
            found.themes[static_cast<std::size_t>(p.match.theme)] = true;
            found.matches.push_back(p.match);
        }
    }
}

// The number a word is written as (digits only), or -1.
long number_in(std::string_view digits) {
    if (digits.empty() || digits.size() > 6 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return -1;
    }
    return std::stol(std::string(digits));
}

// Whether word i is a short time: a `minutes` word with a number of at most kShortWaitMinutes
// next to it in its clause ("10 minutes", "хвилин 10"), or both in one word ("5min").
bool short_time(const std::vector<ReadWord>& words, std::size_t i,
                const CommentAnalyser::Language& lang) {
    const std::string& w = words[i].word->lower;
    const auto is_minutes = [&lang](std::string_view s) {
        const auto it = lang.function_words.find(s);
        return it != lang.function_words.end() && (it->second & kMinutes) != 0;
    };
    const auto small = [](long n) { return n >= 0 && n <= kShortWaitMinutes; };
    const std::size_t digits = w.find_first_not_of("0123456789");
    if (digits != 0 && digits != std::string::npos &&
        is_minutes(std::string_view(w).substr(digits))) {
        return small(number_in(std::string_view(w).substr(0, digits)));
    }
    if ((function_word(lang, *words[i].word) & kMinutes) == 0) {
        return false;
    }
    for (const std::size_t j : {i - 1, i + 1}) {
        if (j < words.size() && words[j].word->clause == words[i].word->clause &&
            small(number_in(words[j].word->lower))) {
            return true;
        }
    }
    return false;
}

// A short wait is no complaint: the negative wait words of its clause ("waited 10 minutes")
// lose their sign, so that only what else is said counts.
void forgive_short_waits(std::vector<ReadWord>& words, const CommentAnalyser::Language& lang) {
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i].word->lower.empty() || !short_time(words, i, lang)) {
            continue;
        }
        for (ReadWord& r : words) {
            if (r.word->clause == words[i].word->clause && r.about_waiting && r.polarity < 0) {
                r.polarity = 0;
            }
        }
    }
}

// Whether a negator reaches word i: up to kNegationReach words before it, or a negator_after
// right after it, in its clause. A negator inside the same sentiment phrase is the phrase's own.
bool negated(const std::vector<ReadWord>& words, std::size_t i) {
    const int clause = words[i].word->clause;
    for (std::size_t back = 1; back <= kNegationReach && back <= i; ++back) {
        const ReadWord& before = words[i - back];
        if (before.word->clause != clause) {
            break;
        }
        // A negator inside a sentiment phrase ("no queue", "ingen stress") is spent there.
        if (before.negator && !before.in_sentiment_phrase) {
            return true;
        }
    }
    if (i + 1 < words.size() && words[i + 1].negator_after && !words[i + 1].in_sentiment_phrase &&
        words[i + 1].word->clause == clause) {
        return true;
    }
    return false;
}

// Sentences holding a suggestion entry, matched word by word as written.
void match_suggestions(const std::vector<Word>& words, const CommentAnalyser::Language& lang,
                       Findings& found) {
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (words[i].lower.empty() || (function_word(lang, words[i]) & kSuggestionStart) == 0) {
            continue;
        }
        auto it = lang.suggestions.find(words[i].lower);
        if (it == lang.suggestions.end()) {
            it = lang.suggestions.find(words[i].folded);
        }
        if (it == lang.suggestions.end()) {
            continue;
        }
        for (const auto& entry : it->second) {
            bool matches = i + entry.size() <= words.size();
            for (std::size_t j = 0; matches && j < entry.size(); ++j) {
                const Word& w = words[i + j];
                matches = w.sentence == words[i].sentence &&
                          (w.lower == entry[j] || w.folded == entry[j]);
            }
            if (matches) {
                found.suggestions.push_back(words[i].sentence);
                break;
            }
        }
    }
}

// Whether an absence word ("nobody") negates a sentiment word after it ("nobody was rude"),
// or, when it is also a negator_after, right before it ("черги нема"), rather than being the
// complaint itself ("nobody came", "парковки нема").
bool negates_something(const std::vector<ReadWord>& words, std::size_t i) {
    if (words[i].negator_after && i > 0 && words[i - 1].polarity != 0 &&
        words[i - 1].word->clause == words[i].word->clause && !words[i - 1].word->lower.empty()) {
        return true;
    }
    for (std::size_t ahead = 1; ahead <= kNegationReach && i + ahead < words.size(); ++ahead) {
        const ReadWord& next = words[i + ahead];
        if (next.word->clause != words[i].word->clause) {
            break;
        }
        if (next.polarity != 0 && !next.word->lower.empty()) {
            return true;
        }
    }
    return false;
}

// What one word counts towards each side, after negation (zero for a word that says nothing).
struct Counted {
    double positive = 0;
    double negative = 0;
};

Counted count_word(const std::vector<ReadWord>& words, std::size_t i) {
    int polarity = words[i].polarity;
    const bool complaint_of_absence = polarity == 0 && words[i].absence &&
                                      !words[i].in_sentiment_phrase && !negates_something(words, i);
    if (complaint_of_absence) {
        polarity = -1;
    }
    if (polarity == 0) {
        return {};
    }
    // Negative concord: a negator beside an absence word ("eikä kukaan", "ніхто не") is the
    // same "nobody", not its undoing.
    const bool flip = !complaint_of_absence && !words[i].word->lower.empty() && negated(words, i);
    if (!flip) {
        return polarity > 0 ? Counted{1, 0} : Counted{0, 1};
    }
    return polarity < 0 ? Counted{kNegatedNegative, 0} : Counted{0, 1};
}

// A contrast after praise turns to a complaint even when its clause has no sentiment word of
// its own: "booked online which was easy, but the letter said another time", "good food, but
// the portions are for a child". Counted as one complaint when the contrast clause names a
// theme (so it is about something) and says nothing either way, and the sentence before it
// is praise only, at least one whole point (a negated complaint, "not bad", is too faint to
// turn from). A concession ("although it was busy") names the obstacle, not a complaint.
double unspoken_complaints(const std::vector<ReadWord>& words, const std::vector<Counted>& counted,
                           const Findings& found) {
    double complaints = 0;
    for (std::size_t c = 0; c < words.size(); ++c) {
        const int sentence = words[c].word->sentence;
        if (!words[c].turn || std::find(found.suggestions.begin(), found.suggestions.end(),
                                        sentence) != found.suggestions.end()) {
            continue;
        }
        const int clause = words[c].word->clause;
        Counted before;
        Counted within;
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (words[i].word->sentence != sentence) {
                continue;
            }
            Counted& into = i < c ? before : within;
            if (i < c || words[i].word->clause == clause) {
                into.positive += counted[i].positive;
                into.negative += counted[i].negative;
            }
        }
        const bool names_theme =
            std::find(found.theme_clauses.begin(), found.theme_clauses.end(), clause) !=
                found.theme_clauses.end() ||
            std::any_of(found.context.begin(), found.context.end(),
                        [clause](const auto& p) { return p.clause == clause; });
        if (names_theme && within.positive == 0 && within.negative == 0 && before.positive >= 1 &&
            before.negative == 0) {
            complaints += 1;
        }
    }
    return complaints;
}

// Negation, then the verdict: nothing counted is neutral; at least one whole point each way is
// mixed; otherwise the larger side. A sentence that is a suggestion counts nothing.
Sentiment judge(const std::vector<ReadWord>& words, const Findings& found) {
    std::vector<Counted> counted(words.size());
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (std::find(found.suggestions.begin(), found.suggestions.end(),
                      words[i].word->sentence) == found.suggestions.end()) {
            counted[i] = count_word(words, i);
        }
    }
    double positive = 0;
    double negative = unspoken_complaints(words, counted, found);
    for (const Counted& c : counted) {
        positive += c.positive;
        negative += c.negative;
    }
    if (positive >= 1 && negative >= 1) {
        return Sentiment::Mixed;
    }
    if (positive == 0 && negative == 0) {
        return Sentiment::Neutral;
    }
    return positive > negative ? Sentiment::Positive : Sentiment::Negative;
}

}  // namespace

CommentAnalyser::CommentAnalyser(const LexiconSet& lexicons) {
    std::vector<LexiconIssue> issues = lexicons.issues;
    for (const auto& [code, lists] : lexicons.languages) {
        const auto normaliser = make_normaliser(code);
        if (!normaliser) {
            issues.push_back({lists.files.empty() ? code : lists.files.front(), "language",
                              "'" + code + "' has no stemmer here"});
            continue;
        }
        languages_.emplace(
            code, std::make_unique<Language>(compile_language(lists, *normaliser, issues)));
    }
    if (!issues.empty()) {
        std::string message = "the comment lexicons have " + std::to_string(issues.size()) +
                              " problem" + (issues.size() == 1 ? "" : "s") + ":";
        for (const LexiconIssue& issue : issues) {
            message += "\n  " + issue.message();
        }
        throw std::runtime_error(message);
    }
    fingerprint_ = lexicon_fingerprint(lexicons);
    max_tools_ = std::max(1U, std::thread::hardware_concurrency());
}

CommentAnalyser::~CommentAnalyser() = default;

std::vector<std::string> CommentAnalyser::languages() const {
    std::vector<std::string> out;
    for (const auto& [code, lang] : languages_) {
        out.push_back(code);
    }
    return out;
}

// A borrowed set of normalisers, given back however the analysis ends.
class CommentAnalyser::ToolsLease {
  public:
    explicit ToolsLease(const CommentAnalyser& owner)
        : owner_(owner), tools_(owner.borrow_tools()) {}
    ~ToolsLease() { owner_.return_tools(std::move(tools_)); }
    ToolsLease(const ToolsLease&) = delete;
    ToolsLease& operator=(const ToolsLease&) = delete;
    Tools& operator*() const { return *tools_; }

  private:
    const CommentAnalyser& owner_;
    std::unique_ptr<Tools> tools_;
};

std::unique_ptr<CommentAnalyser::Tools> CommentAnalyser::borrow_tools() const {
    std::unique_lock lock(pool_mutex_);
    tools_returned_.wait(lock, [this] { return !idle_tools_.empty() || tools_made_ < max_tools_; });
    if (idle_tools_.empty()) {
        ++tools_made_;
        return std::make_unique<Tools>();
    }
    auto tools = std::move(idle_tools_.back());
    idle_tools_.pop_back();
    return tools;
}

void CommentAnalyser::return_tools(std::unique_ptr<Tools> tools) const {
    {
        const std::lock_guard lock(pool_mutex_);
        idle_tools_.push_back(std::move(tools));
    }
    tools_returned_.notify_one();
}

CommentAnalysis CommentAnalyser::analyse(std::string_view text, std::string_view language) const {
    const ToolsLease tools(*this);
    return analyse_with(*tools, text, language);
}

std::vector<CommentAnalysis> CommentAnalyser::analyse(std::span<const CommentText> comments) const {
    std::vector<CommentAnalysis> out;
    out.reserve(comments.size());
    if (comments.empty()) {
        return out;
    }
    const ToolsLease tools(*this);
    for (const CommentText& c : comments) {
        out.push_back(analyse_with(*tools, c.text, c.language));
    }
    return out;
}

CommentAnalysis CommentAnalyser::analyse_with(Tools& tools, std::string_view text,
                                              std::string_view language) const {
    const auto it = languages_.find(language);
    if (it == languages_.end()) {
        return {};
    }
    const Language& lang = *it->second;
    std::vector<Word> words = split_words(text);
    split_clauses_at_contrast(words, lang);
    Findings found;
    std::vector<ReadWord> read;
    {
        // The words' keys point into this normaliser's cache, valid until its next trim.
        Normaliser& normaliser = tools.for_language(language);
        normaliser.trim_cache();
        read = read_words(words, lang, normaliser);
        match_phrases(read, lang, found);
        match_words(read, lang, found);
    }
    forgive_short_waits(read, lang);
    match_suggestions(words, lang, found);
    resolve_context(read, found);
    CommentAnalysis out;
    out.sentiment = judge(read, found);
    for (const Theme t : all_themes()) {
        if (found.themes[static_cast<std::size_t>(t)]) {
            out.themes.push_back(t);
        }
    }
    std::sort(found.matches.begin(), found.matches.end(), [](const auto& a, const auto& b) {
        return a.offset != b.offset ? a.offset < b.offset : a.theme < b.theme;
    });
    found.matches.erase(std::unique(found.matches.begin(), found.matches.end()),
                        found.matches.end());
    out.matches = std::move(found.matches);
    return out;
}

std::shared_ptr<const CommentAnalyser> load_comment_analyser(
    std::span<const std::filesystem::path> directories) {
    return std::make_shared<const CommentAnalyser>(read_lexicons(directories));
}

}  // namespace fbk::sync::hub::text
