#include "kiosk/app/hyphenation.h"

#include <libvoikko/voikko.h>

#include <algorithm>
#include <vector>

#include "kiosk/core/utf8.h"

namespace fbk::kiosk::app {

namespace {

using core::kSoftHyphen;
// Letters. Large text on the 800 px panel fits about 25 letters to a box; the shipped packs'
// longest Finnish word has 18.
constexpr std::size_t kLongWord = 20;

struct PatternDeleter {
    void operator()(char* pattern) const { voikkoFreeCstr(pattern); }
};

// The byte offset of each UTF-8 character of `word`, and the end.
std::vector<std::size_t> character_offsets(std::string_view word) {
    std::vector<std::size_t> offsets;
    for (std::size_t at = 0; at < word.size(); ++at) {
        if ((static_cast<unsigned char>(word[at]) & 0xC0) != 0x80) {
            offsets.push_back(at);
        }
    }
    offsets.push_back(word.size());
    return offsets;
}

}  // namespace

void FinnishHyphenator::Terminate::operator()(VoikkoHandle* handle) const {
    voikkoTerminate(handle);
}

VoikkoHandle* FinnishHyphenator::voikko() const {
    if (!started_) {
        started_ = true;
        const char* error = nullptr;
        voikko_.reset(voikkoInit(&error, "fi", nullptr));
    }
    return voikko_.get();
}

std::string FinnishHyphenator::with_soft_hyphens(std::string_view text) const {
    std::string out;
    std::size_t at = 0;
    while (at < text.size()) {
        const std::size_t end = std::min(text.find_first_of(" \n", at), text.size());
        const std::string word(text.substr(at, end - at));
        const auto offsets = character_offsets(word);
        std::unique_ptr<char, PatternDeleter> pattern;
        if (offsets.size() - 1 >= kLongWord && word.find(kSoftHyphen) == std::string::npos &&
            voikko() != nullptr) {
            pattern.reset(voikkoHyphenateCstr(voikko(), word.c_str()));
        }
        // Voikko's pattern has one mark per character: '-' breaks before it with a hyphen.
        const std::string_view marks = pattern ? std::string_view(pattern.get()) : "";
        for (std::size_t c = 0; c + 1 < offsets.size(); ++c) {
            if (c < marks.size() && marks[c] == '-') {
                out += kSoftHyphen;
            }
            out.append(word, offsets[c], offsets[c + 1] - offsets[c]);
        }
        out.append(text.substr(end, end < text.size() ? 1 : 0));
        at = end + 1;
    }
    return out;
}

void hyphenate_finnish(sync::protocol::SurveyPack& pack, const FinnishHyphenator& hyphenator) {
    const auto hyphenate = [&](sync::protocol::LocalizedText& text) {
        if (auto it = text.find("fi"); it != text.end()) {
            it->second = hyphenator.with_soft_hyphens(it->second);
        }
    };
    for (auto& survey : pack.surveys) {
        for (auto& question : survey.questions) {
            hyphenate(question.text);
            for (auto& option : question.options) {
                hyphenate(option.text);
            }
            if (question.anchors) {
                hyphenate(question.anchors->low);
                hyphenate(question.anchors->high);
            }
        }
    }
    if (pack.stage_question) {
        hyphenate(pack.stage_question->text);
    }
}

}  // namespace fbk::kiosk::app
