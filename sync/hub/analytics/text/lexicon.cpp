#include "sync/hub/analytics/text/lexicon.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sync/hub/analytics/text/normaliser.h"
#include "sync/hub/analytics/text/words.h"

namespace fbk::sync::hub::text {

using nlohmann::json;

std::string LexiconIssue::message() const {
    return file + (path.empty() ? "" : ": " + path) + ": " + problem;
}

namespace {

struct Reader {
    std::string file;
    std::vector<LexiconIssue>& issues;
    void issue(std::string path, std::string problem) {
        issues.push_back({file, std::move(path), std::move(problem)});
    }
};

// One word of an entry: exactly what split_words makes of it, so that it can match at all.
bool is_one_word(std::string_view word) {
    const auto words = split_words(word);
    return words.size() == 1 && words.front().polarity == 0 && words.front().offset == 0 &&
           words.front().length == word.size();
}

std::size_t letters(std::string_view utf8) {
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

// What is wrong with an entry, or an empty string. `single`: negators, contrast, concession and
// minutes words.
std::string entry_problem(const std::string& entry, bool single) {
    if (entry.empty()) {
        return "is empty";
    }
    if (entry.size() > kMaxEntryBytes) {
        return "is longer than " + std::to_string(kMaxEntryBytes) + " bytes";
    }
    if (lowercase(entry) != entry) {
        return "'" + entry + "' must be lowercase ('" + lowercase(entry) + "')";
    }
    std::vector<std::string> words;
    std::istringstream in(entry);
    for (std::string w; std::getline(in, w, ' ');) {
        words.push_back(w);
    }
    if (std::any_of(words.begin(), words.end(), [](const auto& w) { return w.empty(); }) ||
        entry.back() == ' ') {
        return "'" + entry + "' has a space too many (words are separated by one space)";
    }
    if (words.size() > (single ? 1 : kMaxPhraseWords)) {
        return single
                   ? "'" + entry + "' must be a single word"
                   : "'" + entry + "' has more than " + std::to_string(kMaxPhraseWords) + " words";
    }
    for (const std::string& w : words) {
        const bool prefix = w.ends_with('*');
        const std::string_view body = prefix ? std::string_view(w).substr(0, w.size() - 1) : w;
        if (prefix && (single || words.size() > 1)) {
            return "'" + entry + "': a prefix (ending in *) must be a whole entry of one word";
        }
        if (prefix && letters(body) < kMinPrefixLetters) {
            return "'" + entry + "': a prefix needs at least " + std::to_string(kMinPrefixLetters) +
                   " letters before the *";
        }
        if (!is_one_word(body)) {
            return "'" + std::string(body) +
                   "' is not a word: letters, digits and apostrophes inside a word only";
        }
    }
    return {};
}

void read_list(Reader& r, const json& node, const std::string& path, bool single, EntryList& into) {
    if (!node.is_array()) {
        r.issue(path, "must be a list of words");
        return;
    }
    std::map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const std::string at = path + "[" + std::to_string(i) + "]";
        if (!node[i].is_string()) {
            r.issue(at, "must be a string");
            continue;
        }
        const auto entry = node[i].get<std::string>();
        if (const std::string problem = entry_problem(entry, single); !problem.empty()) {
            r.issue(at, problem);
            continue;
        }
        if (const auto [it, fresh] = seen.emplace(entry, i); !fresh) {
            r.issue(at, "'" + entry + "' is repeated (also " + path + "[" +
                            std::to_string(it->second) + "])");
            continue;
        }
        into.push_back({entry, r.file, at});
    }
}

// "themes" or "context": an object of theme lists.
void read_themes(Reader& r, const std::string& key, const json& node,
                 std::array<EntryList, kThemeCount>& into) {
    if (!node.is_object()) {
        r.issue(key, "must be an object of theme lists");
        return;
    }
    for (const auto& [name, list] : node.items()) {
        const auto theme = theme_from_string(name);
        if (!theme) {
            std::string known;
            for (const Theme t : all_themes()) {
                known += (known.empty() ? "" : ", ") + std::string(to_string(t));
            }
            r.issue(key + "." + name, "'" + name + "' is not a theme (" + known + ")");
            continue;
        }
        read_list(r, list, key + "." + name, false, into[static_cast<std::size_t>(*theme)]);
    }
}

std::optional<std::string> read_language(Reader& r, const json& doc, std::string_view stem) {
    if (!doc.contains("language") || !doc["language"].is_string()) {
        r.issue("language", "is required: the language code, e.g. \"fi\"");
        return std::nullopt;
    }
    const auto language = doc["language"].get<std::string>();
    if (language != stem) {
        r.issue("language", "'" + language + "' does not match the file's name (" +
                                std::string(stem) + ".json)");
        return std::nullopt;
    }
    const auto& supported = supported_languages();
    if (std::find(supported.begin(), supported.end(), language) == supported.end()) {
        std::string known;
        for (const auto code : supported) {
            known += (known.empty() ? "" : ", ") + std::string(code);
        }
        r.issue("language", "'" + language + "' has no stemmer here (" + known + ")");
        return std::nullopt;
    }
    return language;
}

// An entry in both sentiment lists of a language says nothing: refuse it.
void check_contradictions(LexiconLists& lists, std::vector<LexiconIssue>& issues) {
    std::map<std::string, const LexiconEntry*> positive;
    for (const LexiconEntry& e : lists.positive) {
        positive.emplace(e.text, &e);
    }
    for (const LexiconEntry& e : lists.negative) {
        if (const auto it = positive.find(e.text); it != positive.end()) {
            issues.push_back({e.file, e.path,
                              "'" + e.text + "' is also positive (" + it->second->file + ": " +
                                  it->second->path + ")"});
        }
    }
}

}  // namespace

void read_lexicon_text(std::string_view file_name, std::string_view json_text, LexiconSet& into) {
    Reader r{std::string(file_name), into.issues};
    json doc;
    try {
        doc = json::parse(json_text);
    } catch (const json::parse_error& e) {
        r.issue("", std::string("not valid JSON: ") + e.what());
        return;
    }
    if (!doc.is_object()) {
        r.issue("", "must be a JSON object");
        return;
    }
    const std::string stem = std::filesystem::path(file_name).stem().string();
    const auto language = read_language(r, doc, stem);
    if (!language) {
        return;
    }
    LexiconLists& lists = into.languages[*language];
    lists.language = *language;
    lists.files.push_back(r.file);
    for (const auto& [key, node] : doc.items()) {
        if (key == "language") {
        } else if (key == "description") {
            if (!node.is_string()) {
                r.issue(key, "must be a string");
            }
        } else if (key == "negators" || key == "negators_after" || key == "absence" ||
                   key == "contrast" || key == "concession" || key == "minutes") {
            read_list(r, node, key, true,
                      key == "negators"         ? lists.negators
                      : key == "negators_after" ? lists.negators_after
                      : key == "absence"        ? lists.absence
                      : key == "contrast"       ? lists.contrast
                      : key == "concession"     ? lists.concession
                                                : lists.minutes);
        } else if (key == "suggestion") {
            read_list(r, node, key, false, lists.suggestion);
        } else if (key == "positive" || key == "negative" || key == "neutral") {
            read_list(r, node, key, false,
                      key == "positive"   ? lists.positive
                      : key == "negative" ? lists.negative
                                          : lists.neutral);
        } else if (key == "themes" || key == "context") {
            read_themes(r, key, node, key == "themes" ? lists.themes : lists.context);
        } else {
            r.issue(key,
                    "is not a lexicon key (language, description, negators, "
                    "negators_after, absence, contrast, concession, minutes, suggestion, "
                    "themes, context, "
                    "positive, negative, neutral)");
        }
    }
}

LexiconSet read_lexicons(std::span<const std::filesystem::path> directories) {
    LexiconSet set;
    for (const auto& dir : directories) {
        std::error_code ec;
        std::set<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
            if (entry.path().extension() == ".json") {
                files.insert(entry.path());
            }
        }
        if (ec) {
            set.issues.push_back({dir.string(), "", "cannot read the directory: " + ec.message()});
            continue;
        }
        for (const auto& file : files) {
            std::ifstream in(file, std::ios::binary);
            std::ostringstream text;
            text << in.rdbuf();
            if (!in) {
                set.issues.push_back({file.string(), "", "cannot be read"});
                continue;
            }
            read_lexicon_text(file.string(), text.str(), set);
        }
    }
    check_across_files(set);
    return set;
}

void check_across_files(LexiconSet& set) {
    for (auto& [language, lists] : set.languages) {
        check_contradictions(lists, set.issues);
    }
}

}  // namespace fbk::sync::hub::text
