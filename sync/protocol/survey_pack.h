// The survey pack: which survey each journey stage shows, its questions and their text in every
// language the pack declares. Packs travel from the hub to kiosks and answers are validated
// against them at both ends, so the schema lives here rather than in kiosk/core.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/protocol/issue.h"

namespace fbk::sync::protocol {

enum class QuestionType {
    Smiley,  // CSAT: 1 (very bad) .. 5 (very good), drawn as faces with labels
    Nps,     // 0 (not at all likely) .. 10 (extremely likely) to recommend
};

struct ValueRange {
    int min = 0;
    int max = 0;
    bool contains(std::int64_t v) const { return v >= min && v <= max; }
};

ValueRange value_range(QuestionType type);
std::string_view to_string(QuestionType type);
std::optional<QuestionType> question_type_from_string(std::string_view name);

using LocalizedText = std::map<std::string, std::string, std::less<>>;  // language -> text

struct Question {
    std::string id;
    QuestionType type = QuestionType::Smiley;
    LocalizedText text;
};

struct Survey {
    std::string id;
    std::vector<std::string> stages;
    std::vector<Question> questions;

    const Question* find_question(std::string_view question_id) const;
};

struct SurveyPack {
    std::string id;
    int version = 0;
    std::string default_language;
    std::vector<std::string> languages;
    std::vector<Survey> surveys;

    const Survey* find_survey(std::string_view survey_id) const;
    const Survey* survey_for_stage(std::string_view stage) const;
    bool declares_language(std::string_view language) const;
    // Text in `language`, else in the pack's default language.
    const std::string& text(const LocalizedText& text, std::string_view language) const;
};

struct PackLoad {
    std::optional<SurveyPack> pack;  // set only when `issues` holds no error
    Issues issues;
};

inline constexpr std::size_t kMaxPackBytes = 4 * 1024 * 1024;

PackLoad parse_survey_pack(std::string_view json_text);
// Reads and parses a pack file; unreadable or oversized files are reported as issues at "$".
PackLoad load_survey_pack(const std::filesystem::path& file);

}  // namespace fbk::sync::protocol
