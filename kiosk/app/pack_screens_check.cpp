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

// The language's keyboard: the one the pack names for it, else the kiosk's own. Empty when fine.
std::string keyboard_problem(const protocol::SurveyPack& pack,
                             const std::filesystem::path& pack_file, const std::string& lang,
                             const LanguageSupport& support) {
    const auto& layouts = support.keyboards.layouts;
    if (const auto named = pack.keyboards.find(lang); named != pack.keyboards.end()) {
        if (layouts.contains(named->second)) {
            return {};
        }
        std::string known;
        for (const auto& [code, layout] : layouts) {
            known += (known.empty() ? "" : ", ") + code;
        }
        return pack_file.string() + ": " + protocol::path_key("$.keyboards", lang) +
               ": keyboard layout '" + named->second + "' is not in " +
               support.keyboards_file.string() + " (it has " + known + ")";
    }
    if (layouts.contains(lang)) {
        return {};
    }
    return pack_file.string() + ": language '" + lang + "' has no keyboard layout in " +
           support.keyboards_file.string() +
           ": its patients could not type their own letters; name the layout they use in "
           "$.keyboards (\"keyboards\": {\"" +
           lang + "\": \"" + support.keyboards.default_layout + "\"})";
}

}  // namespace

std::vector<std::string> pack_screen_problems(const protocol::SurveyPack& pack,
                                              const std::filesystem::path& pack_file,
                                              std::span<const std::string> languages,
                                              const LanguageSupport& support) {
    std::vector<std::string> problems;
    const auto texts = patient_texts(pack);
    for (const std::string& lang : languages) {
        if (!support.strings.has_language(lang)) {
            problems.push_back(pack_file.string() + ": language '" + lang +
                               "' has no UI strings in " + support.strings_file.string() +
                               ": its buttons would be in another language than its questions");
        }
        if (auto problem = keyboard_problem(pack, pack_file, lang, support); !problem.empty()) {
            problems.push_back(std::move(problem));
        }
        for (const PathText& t : texts) {
            const auto it = t.text->find(lang);
            const auto missing =
                it == t.text->end() ? std::nullopt : support.fonts.first_missing(it->second);
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

void add_pack_keyboards(core::KeyboardLayouts& keyboards, const protocol::SurveyPack& pack) {
    for (const auto& [lang, layout] : pack.keyboards) {
        if (const auto it = keyboards.layouts.find(layout); it != keyboards.layouts.end()) {
            core::KeyboardLayout copy = it->second;  // the map may grow while `it` is read
            keyboards.layouts.insert_or_assign(lang, std::move(copy));
        }
    }
}

}  // namespace fbk::kiosk::app
