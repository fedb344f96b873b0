// A comment as the analyser reads it: words, lowercased, each also with its diacritics folded
// (patients on a kiosk keyboard often skip them: "vantetid", "odotin tosi kauan"), with its
// place in the text for highlighting, and the clause it belongs to (negation never reaches
// across a full stop or a comma). Emoticons are words too, with a polarity of their own.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fbk::sync::hub::text {

struct Word {
    std::size_t offset = 0;  // bytes into the text
    std::size_t length = 0;  // bytes
    std::string lower;       // lowercased; every apostrophe as '
    std::string folded;  // `lower` without diacritics (ä→a, æ→ae, ß→ss); Cyrillic unchanged
    int clause = 0;      // punctuation starts a new clause
    int sentence = 0;    // . ! ? and a new line start a new sentence
    int polarity = 0;    // an emoticon: +1 or -1 (lower is empty); a word: 0
};

// Letters and digits make words; an apostrophe between two letters stays inside ("didn't",
// "м'ясо"). Invalid UTF-8 separates words like a space.
std::vector<Word> split_words(std::string_view text);

// Simple case folding for Latin (with Latin-1 and Latin Extended-A) and Cyrillic, which covers
// every language the kiosk ships; other scripts pass unchanged.
std::string lowercase(std::string_view utf8);
std::string fold_diacritics(std::string_view lower);

}  // namespace fbk::sync::hub::text
