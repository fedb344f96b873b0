#include "sync/hub/analytics/text/compiled_lexicon.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <sstream>

#include "sync/hub/analytics/text/words.h"

namespace fbk::sync::hub::text {

namespace {

// Raise when the matching rules change, so that stored analyses are known to be stale.
constexpr std::string_view kMatchingRules = "comment-analyser/6";

void add_meaning(std::vector<Meaning>& list, const Meaning& m) {
    if (std::find(list.begin(), list.end(), m) == list.end()) {
        list.push_back(m);
    }
}

// An entry's keys, from its written and its folded form.
std::vector<std::string> keys_of(Normaliser& normaliser, const std::string& word) {
    std::vector<std::string> keys = normaliser.entry_keys(word);
    const std::string folded = fold_diacritics(word);
    if (folded != word) {
        for (std::string& k : normaliser.entry_keys(folded)) {
            keys.push_back(std::move(k));
        }
    }
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    std::erase(keys, std::string());
    return keys;
}

std::vector<std::string> split_phrase(const std::string& entry) {
    std::vector<std::string> words;
    std::istringstream in(entry);
    for (std::string w; std::getline(in, w, ' ');) {
        words.push_back(w);
    }
    return words;
}

void compile_entry(CommentAnalyser::Language& lang, const LexiconEntry& entry,
                   const Meaning& meaning, Normaliser& normaliser,
                   std::vector<LexiconIssue>& issues) {
    if (entry.text.ends_with('*')) {
        const std::string prefix = entry.text.substr(0, entry.text.size() - 1);
        for (const std::string& p : {prefix, fold_diacritics(prefix)}) {
            add_meaning(lang.by_prefix[p], meaning);
            const auto at =
                std::lower_bound(lang.prefix_lengths.begin(), lang.prefix_lengths.end(), p.size());
            if (at == lang.prefix_lengths.end() || *at != p.size()) {
                lang.prefix_lengths.insert(at, p.size());
            }
        }
        return;
    }
    const auto words = split_phrase(entry.text);
    Phrase phrase{{}, meaning};
    for (const std::string& w : words) {
        phrase.words.push_back(keys_of(normaliser, w));
        if (phrase.words.back().empty()) {
            issues.push_back(
                {entry.file, entry.path,
                 "'" + w + "' has no form the " + lang.code + " normaliser can match"});
            return;
        }
    }
    if (words.size() == 1) {
        for (const std::string& key : phrase.words.front()) {
            add_meaning(lang.by_key[key], meaning);
        }
        return;
    }
    const std::size_t index = lang.phrases.size();
    for (const std::string& key : phrase.words.front()) {
        lang.phrases_by_first_key[key].push_back(index);
    }
    lang.phrases.push_back(std::move(phrase));
}

}  // namespace

CommentAnalyser::Language compile_language(const LexiconLists& lists, Normaliser& normaliser,
                                           std::vector<LexiconIssue>& issues) {
    CommentAnalyser::Language lang;
    lang.code = lists.language;
    for (const Theme theme : all_themes()) {
        for (const LexiconEntry& e : lists.themes[static_cast<std::size_t>(theme)]) {
            compile_entry(lang, e, Meaning{theme, 0}, normaliser, issues);
        }
        for (const LexiconEntry& e : lists.context[static_cast<std::size_t>(theme)]) {
            compile_entry(lang, e, Meaning{theme, 0, true}, normaliser, issues);
        }
    }
    for (const LexiconEntry& e : lists.positive) {
        compile_entry(lang, e, Meaning{std::nullopt, 1}, normaliser, issues);
    }
    for (const LexiconEntry& e : lists.negative) {
        compile_entry(lang, e, Meaning{std::nullopt, -1}, normaliser, issues);
    }
    for (const LexiconEntry& e : lists.neutral) {
        compile_entry(lang, e, Meaning{std::nullopt, 0}, normaliser, issues);
    }
    const auto mark = [&lang](const EntryList& list, unsigned what) {
        for (const LexiconEntry& e : list) {
            lang.function_words[e.text] |= what;
            lang.function_words[fold_diacritics(e.text)] |= what;
        }
    };
    mark(lists.negators, kNegator);
    mark(lists.negators_after, kNegatorAfter);
    mark(lists.absence, kNegator | kAbsence);
    mark(lists.contrast, kContrast);
    mark(lists.concession, kContrast | kConcession);
    mark(lists.minutes, kMinutes);
    for (const LexiconEntry& e : lists.suggestion) {
        for (const std::string& form : {e.text, fold_diacritics(e.text)}) {
            auto words = split_phrase(form);
            lang.function_words[words.front()] |= kSuggestionStart;
            auto& entries = lang.suggestions[words.front()];
            if (std::find(entries.begin(), entries.end(), words) == entries.end()) {
                entries.push_back(std::move(words));
            }
        }
    }
    return lang;
}

std::string lexicon_fingerprint(const LexiconSet& lexicons) {
    // FNV-1a, 64 bits: it tells versions apart, it is no protection against anyone.
    std::uint64_t hash = 14695981039346656037ULL;
    const auto feed = [&hash](std::string_view s) {
        for (const char c : s) {
            hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ULL;
        }
        hash = (hash ^ 0xFF) * 1099511628211ULL;  // a separator no UTF-8 text contains
    };
    feed(kMatchingRules);
    const auto feed_list = [&feed](std::string_view name, const EntryList& list) {
        feed(name);
        for (const LexiconEntry& e : list) {
            feed(e.text);
        }
    };
    for (const auto& [code, lists] : lexicons.languages) {
        feed(code);
        feed_list("negators", lists.negators);
        feed_list("negators_after", lists.negators_after);
        feed_list("absence", lists.absence);
        feed_list("suggestion", lists.suggestion);
        feed_list("contrast", lists.contrast);
        feed_list("concession", lists.concession);
        feed_list("minutes", lists.minutes);
        for (const Theme theme : all_themes()) {
            feed_list(to_string(theme), lists.themes[static_cast<std::size_t>(theme)]);
            feed_list("context", lists.context[static_cast<std::size_t>(theme)]);
        }
        feed_list("positive", lists.positive);
        feed_list("negative", lists.negative);
        feed_list("neutral", lists.neutral);
    }
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
    return hex;
}

}  // namespace fbk::sync::hub::text
