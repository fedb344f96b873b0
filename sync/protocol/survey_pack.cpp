#include "sync/protocol/survey_pack.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "sync/protocol/ids.h"
#include "sync/protocol/join.h"
#include "sync/protocol/json_reader.h"
#include "sync/protocol/stages.h"

namespace fbk::sync::protocol {

using nlohmann::json;

ValueRange value_range(QuestionType type) {
    switch (type) {
        case QuestionType::Smiley:
            return {1, 5};
        case QuestionType::Nps:
            return {0, 10};
    }
    return {0, 0};
}

std::string_view to_string(QuestionType type) {
    switch (type) {
        case QuestionType::Smiley:
            return "smiley";
        case QuestionType::Nps:
            return "nps";
    }
    return "unknown";
}

std::optional<QuestionType> question_type_from_string(std::string_view name) {
    if (name == "smiley") {
        return QuestionType::Smiley;
    }
    if (name == "nps") {
        return QuestionType::Nps;
    }
    return std::nullopt;
}

const Question* Survey::find_question(std::string_view question_id) const {
    const auto it = std::find_if(questions.begin(), questions.end(),
                                 [&](const Question& q) { return q.id == question_id; });
    return it == questions.end() ? nullptr : &*it;
}

const Survey* SurveyPack::find_survey(std::string_view survey_id) const {
    const auto it = std::find_if(surveys.begin(), surveys.end(),
                                 [&](const Survey& s) { return s.id == survey_id; });
    return it == surveys.end() ? nullptr : &*it;
}

const Survey* SurveyPack::survey_for_stage(std::string_view stage) const {
    for (const Survey& s : surveys) {
        if (std::find(s.stages.begin(), s.stages.end(), stage) != s.stages.end()) {
            return &s;
        }
    }
    return nullptr;
}

bool SurveyPack::declares_language(std::string_view language) const {
    return std::find(languages.begin(), languages.end(), language) != languages.end();
}

const std::string& SurveyPack::text(const LocalizedText& text, std::string_view language) const {
    if (const auto it = text.find(language); it != text.end()) {
        return it->second;
    }
    static const std::string kEmpty;
    const auto fallback = text.find(default_language);
    return fallback == text.end() ? kEmpty : fallback->second;
}

namespace {

constexpr int kSupportedFormat = 1;

class PackParser {
  public:
    explicit PackParser(Issues& issues) : issues_(issues), r_(issues) {}

    std::optional<SurveyPack> parse(const json& root) {
        if (!r_.expect_object(root, "$")) {
            return std::nullopt;
        }
        r_.reject_unknown_keys(
            root, {"format", "id", "version", "default_language", "languages", "surveys", "title"},
            "$");
        SurveyPack pack;
        if (const auto format = r_.integer(root, "format", "$")) {
            if (*format != kSupportedFormat) {
                r_.error("$.format", "unsupported format " + std::to_string(*format) +
                                         " (this kiosk reads format " +
                                         std::to_string(kSupportedFormat) + ")");
            }
        }
        if (const auto id = r_.string(root, "id", "$")) {
            check_id(*id, "$.id");
            pack.id = *id;
        }
        if (const auto version = r_.integer(root, "version", "$")) {
            if (*version < 1 || *version > 1'000'000) {
                r_.error("$.version",
                         "must be a positive integer, found " + std::to_string(*version));
            } else {
                pack.version = static_cast<int>(*version);
            }
        }
        parse_languages(root, pack);
        parse_surveys(root, pack);
        if (has_errors(issues_)) {
            return std::nullopt;
        }
        return pack;
    }

  private:
    void check_id(std::string_view id, const std::string& path) {
        if (!is_plain_id(id)) {
            r_.error(path, "'" + std::string(id) +
                               "' is not a valid id (1-64 characters of a-z, 0-9, '-', '_')");
        }
    }

    void parse_languages(const json& root, SurveyPack& pack) {
        if (const json* langs = r_.array(root, "languages", "$")) {
            if (langs->empty()) {
                r_.error("$.languages", "must list at least one language");
            }
            for (std::size_t i = 0; i < langs->size(); ++i) {
                const std::string path = path_index("$.languages", i);
                const json& lang = (*langs)[i];
                if (!lang.is_string() || !is_language_code(lang.get<std::string>())) {
                    r_.error(path, "must be a lowercase ISO 639 language code such as \"fi\"");
                    continue;
                }
                const auto code = lang.get<std::string>();
                if (pack.declares_language(code)) {
                    r_.error(path, "language '" + code + "' is listed twice");
                    continue;
                }
                pack.languages.push_back(code);
            }
        }
        if (const auto def = r_.string(root, "default_language", "$")) {
            pack.default_language = *def;
            if (!pack.languages.empty() && !pack.declares_language(*def)) {
                r_.error("$.default_language", "'" + *def + "' is not one of the pack's languages");
            }
        }
    }

    void parse_surveys(const json& root, SurveyPack& pack) {
        const json* surveys = r_.array(root, "surveys", "$");
        if (surveys == nullptr) {
            return;
        }
        if (surveys->empty()) {
            r_.error("$.surveys", "must hold at least one survey");
        }
        std::map<std::string, std::string, std::less<>> stage_owner;  // stage -> survey path
        for (std::size_t i = 0; i < surveys->size(); ++i) {
            const std::string path = path_index("$.surveys", i);
            const json& node = (*surveys)[i];
            if (!r_.expect_object(node, path)) {
                continue;
            }
            r_.reject_unknown_keys(node, {"id", "stages", "questions", "title"}, path);
            Survey survey;
            if (const auto id = r_.string(node, "id", path)) {
                check_id(*id, path_key(path, "id"));
                if (pack.find_survey(*id) != nullptr) {
                    r_.error(path_key(path, "id"), "survey id '" + *id + "' is used twice");
                }
                survey.id = *id;
            }
            parse_stages(node, path, survey, stage_owner);
            parse_questions(node, path, pack, survey);
            pack.surveys.push_back(std::move(survey));
        }
    }

    void parse_stages(const json& node, const std::string& path, Survey& survey,
                      std::map<std::string, std::string, std::less<>>& stage_owner) {
        const json* stages = r_.array(node, "stages", path);
        if (stages == nullptr) {
            return;
        }
        const std::string stages_path = path_key(path, "stages");
        if (stages->empty()) {
            r_.warning(stages_path, "no journey stage selects this survey");
        }
        for (std::size_t j = 0; j < stages->size(); ++j) {
            const std::string stage_path = path_index(stages_path, j);
            const json& stage = (*stages)[j];
            if (!stage.is_string()) {
                r_.error(stage_path, "must be a stage code string");
                continue;
            }
            const auto code = stage.get<std::string>();
            if (!is_known_stage(code)) {
                r_.error(stage_path, "unknown journey stage '" + code +
                                         "' (known: " + join(known_stages()) + ")");
                continue;
            }
            if (const auto it = stage_owner.find(code); it != stage_owner.end()) {
                r_.error(stage_path, "stage " + code + " is already served by " + it->second);
                continue;
            }
            stage_owner.emplace(code, path);
            survey.stages.push_back(code);
        }
    }

    void parse_questions(const json& node, const std::string& path, const SurveyPack& pack,
                         Survey& survey) {
        const json* questions = r_.array(node, "questions", path);
        if (questions == nullptr) {
            return;
        }
        const std::string questions_path = path_key(path, "questions");
        if (questions->empty()) {
            r_.error(questions_path, "must hold at least one question");
        }
        for (std::size_t k = 0; k < questions->size(); ++k) {
            const std::string qpath = path_index(questions_path, k);
            const json& qnode = (*questions)[k];
            if (!r_.expect_object(qnode, qpath)) {
                continue;
            }
            r_.reject_unknown_keys(qnode, {"id", "type", "text"}, qpath);
            Question question;
            if (const auto id = r_.string(qnode, "id", qpath)) {
                check_id(*id, path_key(qpath, "id"));
                if (survey.find_question(*id) != nullptr) {
                    r_.error(
                        path_key(qpath, "id"),
                        "question id '" + *id + "' is used twice in survey '" + survey.id + "'");
                }
                question.id = *id;
            }
            if (const auto type = r_.string(qnode, "type", qpath)) {
                if (const auto t = question_type_from_string(*type)) {
                    question.type = *t;
                } else {
                    r_.error(path_key(qpath, "type"),
                             "unknown question type '" + *type + "' (known: smiley, nps)");
                }
            }
            if (const json* text = r_.object(qnode, "text", qpath)) {
                question.text = parse_text(*text, path_key(qpath, "text"), pack);
            }
            survey.questions.push_back(std::move(question));
        }
    }

    LocalizedText parse_text(const json& text, const std::string& path, const SurveyPack& pack) {
        LocalizedText out;
        for (const auto& [lang, value] : text.items()) {
            const std::string lpath = path_key(path, lang);
            if (!pack.declares_language(lang)) {
                r_.error(lpath, "language '" + lang + "' is not declared in $.languages");
                continue;
            }
            if (!value.is_string() || value.get<std::string>().empty()) {
                r_.error(lpath, "must be a non-empty string");
                continue;
            }
            out.emplace(lang, value.get<std::string>());
        }
        for (const std::string& lang : pack.languages) {
            if (!out.contains(lang) && !text.contains(lang)) {
                r_.error(path_key(path, lang), "missing text for language '" + lang + "'");
            }
        }
        return out;
    }

    Issues& issues_;
    JsonReader r_;
};

}  // namespace

PackLoad parse_survey_pack(std::string_view json_text) {
    PackLoad result;
    const auto root = parse_json_document(json_text, result.issues);
    if (!root) {
        return result;
    }
    PackParser parser(result.issues);
    result.pack = parser.parse(*root);
    return result;
}

PackLoad load_survey_pack(const std::filesystem::path& file) {
    PackLoad result;
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        result.issues.push_back({Severity::Error, "$", "cannot read file: " + ec.message()});
        return result;
    }
    if (size > kMaxPackBytes) {
        result.issues.push_back({Severity::Error, "$",
                                 "file is " + std::to_string(size) +
                                     " bytes; a pack may be at most " +
                                     std::to_string(kMaxPackBytes)});
        return result;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        result.issues.push_back(
            {Severity::Error, "$", std::string("cannot open file: ") + std::strerror(errno)});
        return result;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_survey_pack(buffer.str());
}

}  // namespace fbk::sync::protocol
