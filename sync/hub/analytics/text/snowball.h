// What the normalisers share (normaliser.cpp, finnish_normaliser.cpp): a Snowball stemmer
// handle and the cache of words already seen.
#pragma once

#include <libstemmer.h>

#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "sync/hub/analytics/text/normaliser.h"

namespace fbk::sync::hub::text {

// Words seen are kept, up to a bound: a hub's vocabulary is small and repeats (Zipf), and a
// Voikko analysis costs many times a lookup. References it gives stay valid until trim(),
// which the analyser calls between comments only.
constexpr std::size_t kCachedWords = 50'000;

class WordCache {
  public:
    template <typename Compute>
    const std::vector<Key>& get(const std::string& word, Compute compute) {
        if (const auto it = keys_.find(word); it != keys_.end()) {
            return it->second;
        }
        return keys_.emplace(word, compute(word)).first->second;
    }
    void trim() {
        if (keys_.size() >= kCachedWords) {
            keys_.clear();
        }
    }

  private:
    std::unordered_map<std::string, std::vector<Key>> keys_;
};

struct StemmerDeleter {
    void operator()(sb_stemmer* s) const { sb_stemmer_delete(s); }
};
using StemmerHandle = std::unique_ptr<sb_stemmer, StemmerDeleter>;

class SnowballStemmer {
  public:
    explicit SnowballStemmer(const char* algorithm) : stemmer_(sb_stemmer_new(algorithm, "UTF_8")) {
        if (!stemmer_) {
            throw std::runtime_error(std::string("libstemmer has no '") + algorithm + "' stemmer");
        }
    }
    std::string stem(const std::string& word) {
        const sb_symbol* out =
            sb_stemmer_stem(stemmer_.get(), reinterpret_cast<const sb_symbol*>(word.data()),
                            static_cast<int>(word.size()));
        if (out == nullptr) {
            throw std::bad_alloc();
        }
        return {reinterpret_cast<const char*>(out),
                static_cast<std::size_t>(sb_stemmer_length(stemmer_.get()))};
    }

  private:
    StemmerHandle stemmer_;
};

}  // namespace fbk::sync::hub::text
