#include "sync/protocol/survey_pack.h"

#include <algorithm>

#include "sync/protocol/json_reader.h"

namespace fbk::sync::protocol {

using nlohmann::json;

std::optional<ValueRange> value_range(QuestionType type) {
    return info(type).range;
}

bool has_options(QuestionType type) {
    return info(type).answer == AnswerKind::Choices;
}

std::string_view to_string(QuestionType type) {
    return info(type).name;
}

std::optional<QuestionType> question_type_from_string(std::string_view name) {
    for (const auto& t : question_types()) {
        if (t.name == name) {
            return t.type;
        }
    }
    return std::nullopt;
}

std::string_view known_question_types() {
    static const std::string names = [] {
        std::string out;
        for (const auto& t : question_types()) {
            out += (out.empty() ? "" : ", ") + std::string(t.name);
        }
        return out;
    }();
    return names;
}

std::vector<std::string> Question::option_ids() const {
    if (type == QuestionType::YesPartlyNo) {
        return {kYesPartlyNo.begin(), kYesPartlyNo.end()};
    }
    std::vector<std::string> ids;
    for (const Option& o : options) {
        ids.push_back(o.id);
    }
    return ids;
}

bool Question::positive_value(std::int64_t value) const {
    const auto from = info(type).positive_from;
    return from && value >= *from;
}

bool Question::positive_choice(std::string_view option_id) const {
    if (type == QuestionType::YesPartlyNo) {
        return option_id == "yes";
    }
    return std::any_of(options.begin(), options.end(),
                       [&](const Option& o) { return o.positive && o.id == option_id; });
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

PackLoad load_survey_pack(const std::filesystem::path& file) {
    PackLoad result;
    const auto text = read_json_file(file, kMaxPackBytes, result.issues);
    if (!text) {
        return result;
    }
    result = parse_survey_pack(*text);
    result.source = *text;
    return result;
}

}  // namespace fbk::sync::protocol
