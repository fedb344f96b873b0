// Finnish through Voikko (libvoikko with the voikko-fi dictionary). A word's keys are its base
// forms, the head of a compound ("päivystyspoliklinikalla": päivystyspoliklinikka, and its head
// poliklinikka) and its parts and derivation roots (päivystys, päivystää, poli, klinikka), read
// from Voikko's WORDBASES attribute (a participle's verb counts as the word itself):
//   +päivyst(päivystää)+ys(+ys)+poliklinikka(poli=klinikka)
// A "+surface(base)" item is a root when its base does not start with "+"; the items after a
// root up to the next one are its derivational suffixes ("ys"). Words Voikko does not know
// (misspellings, spoken forms such as "ootin") get Snowball's Finnish stem of their folded form
// instead, marked with "~" so that it only meets lexicon entries' stems of the same kind.
#include <libvoikko/voikko.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "sync/hub/analytics/text/snowball.h"
#include "sync/hub/analytics/text/words.h"

namespace fbk::sync::hub::text {

namespace {

struct VoikkoDeleter {
    void operator()(VoikkoHandle* h) const { voikkoTerminate(h); }
};
struct AnalysesDeleter {
    void operator()(voikko_mor_analysis** a) const { voikko_free_mor_analysis(a); }
};
struct ValueDeleter {
    void operator()(char* v) const { voikko_free_mor_analysis_value_cstr(v); }
};
using AnalysisValue = std::unique_ptr<char, ValueDeleter>;

std::string value_of(const voikko_mor_analysis* analysis, const char* key) {
    const AnalysisValue value(voikko_mor_analysis_value_cstr(analysis, key));
    return value ? std::string(value.get()) : std::string();
}

struct WordBase {
    std::string surface;
    std::string base;  // empty for a prefix without one ("epä")
    bool root() const { return !base.empty() && base.front() != '+'; }
};

std::vector<WordBase> parse_wordbases(std::string_view s) {
    std::vector<WordBase> items;
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] != '+') {
            ++i;
            continue;
        }
        const std::size_t start = ++i;
        while (i < s.size() && s[i] != '(' && s[i] != '+') {
            ++i;
        }
        WordBase item{std::string(s.substr(start, i - start)), {}};
        if (i < s.size() && s[i] == '(') {
            const std::size_t close = s.find(')', i);
            if (close == std::string_view::npos) {
                break;
            }
            item.base = std::string(s.substr(i + 1, close - i - 1));
            i = close + 1;
        }
        items.push_back(std::move(item));
    }
    return items;
}

std::string without_boundaries(std::string_view base) {
    std::string out;
    for (const char c : base) {
        if (c != '=') {
            out += c;
        }
    }
    return lowercase(out);
}

void add_key(std::vector<Key>& keys, std::string text, bool whole) {
    if (text.empty()) {
        return;
    }
    for (Key& k : keys) {
        if (k.text == text) {
            k.whole = k.whole || whole;
            return;
        }
    }
    keys.push_back({std::move(text), whole});
}

// Keys from one analysis's WORDBASES: roots and their parts, non-final components as written
// (odotus in odotusaika), and the head when the last root ends the word. A participle's verb
// is the word itself: "en ymmärtänyt", "ei sattunut" are the negative forms of ymmärtää and
// sattua, so their roots count as whole words.
void add_wordbase_keys(std::vector<Key>& keys, const std::vector<WordBase>& items,
                       bool participle) {
    std::size_t last_root = items.size();
    std::size_t roots = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].root()) {
            last_root = i;
            ++roots;
        }
    }
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (!items[i].root()) {
            continue;
        }
        add_key(keys, without_boundaries(items[i].base), participle && i == last_root);
        std::string_view base = items[i].base;
        for (std::size_t eq; (eq = base.find('=')) != std::string_view::npos;) {
            add_key(keys, lowercase(base.substr(0, eq)), false);
            base.remove_prefix(eq + 1);
        }
        if (base.size() != items[i].base.size()) {
            add_key(keys, lowercase(base), false);
        }
        std::string component = items[i].surface;
        std::size_t j = i + 1;
        for (; j < items.size() && !items[j].root(); ++j) {
            component += items[j].surface;
        }
        if (i != last_root) {
            add_key(keys, lowercase(component), false);
        } else if (j == i + 1 && roots > 1) {
            // A compound's head ("hyvä" in "tosihyvä"); not after a prefix alone: "epäselvä"
            // does not mean "selvä".
            add_key(keys, without_boundaries(items[i].base), true);
        }
    }
}

class FinnishNormaliser final : public Normaliser {
  public:
    FinnishNormaliser() {
        const char* error = nullptr;
        voikko_.reset(voikkoInit(&error, "fi", nullptr));
        if (!voikko_) {
            throw std::runtime_error(
                std::string("Finnish comments need Voikko's Finnish dictionary (package "
                            "voikko-fi): ") +
                (error != nullptr ? error : "voikkoInit failed"));
        }
    }

    const std::vector<Key>& word_keys(const std::string& lower) override {
        return cache_.get(lower, [this](const std::string& w) { return analyse(w, false); });
    }
    std::vector<std::string> entry_keys(const std::string& lower) override {
        std::vector<std::string> out;
        for (Key& k : analyse(lower, true)) {
            out.push_back(std::move(k.text));
        }
        return out;
    }
    void trim_cache() override { cache_.trim(); }

  private:
    std::vector<Key> analyse(const std::string& word, bool entry) {
        std::vector<Key> keys;
        const std::unique_ptr<voikko_mor_analysis*, AnalysesDeleter> analyses(
            voikkoAnalyzeWordCstr(voikko_.get(), word.c_str()));
        for (voikko_mor_analysis** a = analyses.get(); a != nullptr && *a != nullptr; ++a) {
            add_key(keys, lowercase(value_of(*a, "BASEFORM")), true);
            if (!entry) {
                add_wordbase_keys(keys, parse_wordbases(value_of(*a, "WORDBASES")),
                                  !value_of(*a, "PARTICIPLE").empty());
            }
        }
        if (entry) {
            add_key(keys, word, true);  // spoken forms Voikko does not know ("ootin")
        }
        if (entry || keys.empty()) {
            add_key(keys, "~" + snowball_.stem(fold_diacritics(word)), true);
        }
        return keys;
    }

    std::unique_ptr<VoikkoHandle, VoikkoDeleter> voikko_;
    SnowballStemmer snowball_{"finnish"};
    WordCache cache_;
};

}  // namespace

std::unique_ptr<Normaliser> make_finnish_normaliser() {
    return std::make_unique<FinnishNormaliser>();
}

}  // namespace fbk::sync::hub::text
