// How one language's words become the keys a lexicon is indexed by, so that inflected forms
// find their dictionary entry: Snowball stemmers for Swedish, Danish, Dutch, English and
// Russian (libstemmer); Voikko's morphology for Finnish, with compound parts, and Snowball's
// Finnish stemmer for words Voikko does not know (misspellings, spoken forms); our own
// suffix-stripping rules for Ukrainian (ukrainian_stemmer.h).
//
// A normaliser holds library handles and a cache of the words it has seen, and is not
// thread-safe: each thread uses its own (comment_analyser.h keeps a pool).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace fbk::sync::hub::text {

struct Key {
    std::string text;
    // The word's own base form or the head of a compound ("hyvä" in "tosihyvä"): what decides
    // its sentiment. Other keys (compound parts, derivation roots: "odottaa" in "odotusaika")
    // say what a word is about, so themes use them, sentiment does not.
    bool whole = true;
};

class Normaliser {
  public:
    virtual ~Normaliser() = default;
    // The keys of a word as a patient wrote it, lowercased. The reference stays valid until
    // trim_cache().
    virtual const std::vector<Key>& word_keys(const std::string& lower) = 0;
    // Bounds the cache of words seen; between comments only.
    virtual void trim_cache() = 0;
    // The keys of a lexicon entry, a dictionary form: the whole word only.
    virtual std::vector<std::string> entry_keys(const std::string& lower) = 0;
};

// Languages with a normaliser, as ISO 639-1 codes.
const std::vector<std::string_view>& supported_languages();
// nullptr when `language` is not supported. Throws std::runtime_error when a library it needs
// cannot start (Voikko without its Finnish dictionary, package voikko-fi).
std::unique_ptr<Normaliser> make_normaliser(std::string_view language);

}  // namespace fbk::sync::hub::text
