#include "kiosk/app/pack_screens_check.h"

#include "sync/protocol/issue.h"

namespace fbk::kiosk::app {

namespace protocol = fbk::sync::protocol;

namespace {

struct PathText {
    std::string path;  // of the LocalizedText object
    const protocol::LocalizedText* text;
};

// Every text a patient may see, with its JSON path, in screen order.
std::vector<PathText> patient_texts(const protocol::SurveyPack& pack) {
    std::vector<PathText> out;
    if (pack.stage_question) {
        out.push_back({"$.stage_question.text", &pack.stage_question->text});
    }
    for (std::size_t s = 0; s < pack.surveys.size(); ++s) {
        const auto& survey = pack.surveys[s];
        for (std::size_t q = 0; q < survey.questions.size(); ++q) {
            const auto& question = survey.questions[q];
            const std::string qpath = protocol::path_index(
                protocol::path_key(protocol::path_index("$.surveys", s), "questions"), q);
            out.push_back({qpath + ".text", &question.text});
            for (std::size_t o = 0; o < question.options.size(); ++o) {
                out.push_back({protocol::path_index(qpath + ".options", o) + ".text",
                               &question.options[o].text});
            }
            if (question.anchors) {
                out.push_back({qpath + ".anchors.low", &question.anchors->low});
                out.push_back({qpath + ".anchors.high", &question.anchors->high});
            }
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> pack_screen_problems(const protocol::SurveyPack& pack,
                                              const std::filesystem::path& pack_file,
                                              std::span<const std::string> languages,
                                              const core::UiStrings& strings,
                                              const std::filesystem::path& strings_file,
                                              const platform::FontCoverage& fonts) {
    std::vector<std::string> problems;
    const auto texts = patient_texts(pack);
    for (const std::string& lang : languages) {
        if (!strings.has_language(lang)) {
            problems.push_back(pack_file.string() + ": language '" + lang +
                               "' has no UI strings in " + strings_file.string() +
                               ": its buttons would be in another language than its questions");
        }
        for (const PathText& t : texts) {
            const auto it = t.text->find(lang);
            const auto missing =
                it == t.text->end() ? std::nullopt : fonts.first_missing(it->second);
            if (missing) {
                problems.push_back(pack_file.string() + ": " + protocol::path_key(t.path, lang) +
                                   ": language '" + lang + "' needs " +
                                   platform::code_point_name(*missing) +
                                   ", which no installed font can draw");
                break;  // the first missing character of the language
            }
        }
    }
    return problems;
}

}  // namespace fbk::kiosk::app
