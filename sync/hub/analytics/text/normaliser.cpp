#include "sync/hub/analytics/text/normaliser.h"

#include <utility>

#include "sync/hub/analytics/text/snowball.h"
#include "sync/hub/analytics/text/ukrainian_stemmer.h"

namespace fbk::sync::hub::text {

namespace {

class SnowballNormaliser final : public Normaliser {
  public:
    explicit SnowballNormaliser(const char* algorithm) : stemmer_(algorithm) {}
    const std::vector<Key>& word_keys(const std::string& lower) override {
        return cache_.get(lower, [this](const std::string& w) {
            return std::vector<Key>{{stemmer_.stem(w), true}};
        });
    }
    std::vector<std::string> entry_keys(const std::string& lower) override {
        return {stemmer_.stem(lower)};
    }
    void trim_cache() override { cache_.trim(); }

  private:
    SnowballStemmer stemmer_;
    WordCache cache_;
};

class UkrainianNormaliser final : public Normaliser {
  public:
    const std::vector<Key>& word_keys(const std::string& lower) override {
        return cache_.get(lower, [](const std::string& w) {
            return std::vector<Key>{{stem_ukrainian(w), true}};
        });
    }
    std::vector<std::string> entry_keys(const std::string& lower) override {
        return {stem_ukrainian(lower)};
    }
    void trim_cache() override { cache_.trim(); }

  private:
    WordCache cache_;
};

}  // namespace

// Finnish: finnish_normaliser.cpp.
std::unique_ptr<Normaliser> make_finnish_normaliser();

const std::vector<std::string_view>& supported_languages() {
    static const std::vector<std::string_view> languages = {"fi", "sv", "da", "nl",
                                                            "en", "uk", "ru"};
    return languages;
}

std::unique_ptr<Normaliser> make_normaliser(std::string_view language) {
    static constexpr std::pair<std::string_view, const char*> kSnowball[] = {
        {"sv", "swedish"}, {"da", "danish"}, {"nl", "dutch"}, {"en", "english"}, {"ru", "russian"}};
    for (const auto& [code, algorithm] : kSnowball) {
        if (code == language) {
            return std::make_unique<SnowballNormaliser>(algorithm);
        }
    }
    if (language == "uk") {
        return std::make_unique<UkrainianNormaliser>();
    }
    if (language == "fi") {
        return make_finnish_normaliser();
    }
    return nullptr;
}

}  // namespace fbk::sync::hub::text
