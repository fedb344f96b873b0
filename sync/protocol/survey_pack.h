// The survey pack: which survey each journey stage shows, its questions and their text in every
// language the pack declares. Packs travel from the hub to kiosks and answers are validated
// against them at both ends, so the schema lives here rather than in kiosk/core.
// The format is documented in assets/README.md.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/protocol/issue.h"
#include "sync/protocol/question_types.h"

namespace fbk::sync::protocol {

// The numeric scale of smiley, nps and effort questions; nullopt for the others.
std::optional<ValueRange> value_range(QuestionType type);
bool has_options(QuestionType type);  // answered with option ids
std::string_view to_string(QuestionType type);
std::optional<QuestionType> question_type_from_string(std::string_view name);
std::string_view known_question_types();  // "smiley, nps, ..." for messages

inline constexpr std::array<std::string_view, 3> kYesPartlyNo = {"yes", "partly", "no"};
inline constexpr std::size_t kMaxOptions = 6;  // what fits one screen with 20 mm targets
inline constexpr std::size_t kMaxFreeTextBytes = 2000;

// Limits a pack must keep, checked where a pack is accepted (check-pack, the kiosk, the hub's
// upload). A response holds at most one answer per question, and a batch accepts at most
// kMaxQuestionsPerSurvey answers per response: a longer survey would be refused at upload and
// its answers quarantined on the kiosk forever.
inline constexpr std::size_t kMaxQuestionsPerSurvey = 64;
inline constexpr std::size_t kMaxSurveysPerPack = 32;
inline constexpr std::size_t kMaxPackLanguages = 40;
inline constexpr std::size_t kMaxScheduleSlots = 64;
inline constexpr std::size_t kMaxPackTextBytes = 1000;  // one question's or option's text
inline constexpr std::size_t kMaxPackTitleBytes = 200;
inline constexpr std::int64_t kMaxPackVersion = 1'000'000;

using LocalizedText = std::map<std::string, std::string, std::less<>>;  // language -> text

struct Option {
    std::string id;
    LocalizedText text;
    bool positive = false;  // single_choice in a dimension: this answer counts as positive
};

// A follow-up is shown only when an earlier answer matches: a scale value within
// [at_least, at_most], or a choice among `any_of`.
struct ShowIf {
    std::string question;
    std::optional<int> at_least;
    std::optional<int> at_most;
    std::vector<std::string> any_of;
};

// The words at the two ends of a scale the pack words itself ("No pain" .. "Worst pain").
struct Anchors {
    LocalizedText low;
    LocalizedText high;
};

struct Question {
    std::string id;
    QuestionType type = QuestionType::Smiley;
    LocalizedText text;
    std::vector<Option> options;     // single_choice and multi_choice
    std::optional<Anchors> anchors;  // types whose row says pack_anchors (slider)
    std::size_t max_choices = 0;     // multi_choice; 0 = no limit
    bool allow_cant_say = false;
    std::optional<ShowIf> show_if;
    // A national instrument's dimension ("Respekt och bemötande", "Friends and Family Test"):
    // the hub reports the share of positive answers per dimension. Empty: none.
    std::string dimension;

    // Option ids a choice answer may hold (the fixed ones for yes_partly_no).
    std::vector<std::string> option_ids() const;
    // Whether an answer counts as positive in the question's dimension: a value from the type's
    // positive_from up, "yes", or an option marked positive.
    bool positive_value(std::int64_t value) const;
    bool positive_choice(std::string_view option_id) const;
};

struct Survey {
    std::string id;
    std::vector<std::string> stages;
    std::vector<Question> questions;

    const Question* find_question(std::string_view question_id) const;
};

// "Mornings are for the laboratory": while a slot is open, its stage picks the survey.
struct ScheduleSlot {
    std::string stage;
    std::uint8_t weekdays = 0x7F;  // bit 0 = Monday .. bit 6 = Sunday
    int from_minute = 0;           // minutes after local midnight, inclusive
    int to_minute = 24 * 60;       // exclusive
};

// Asks the patient "Where are you in today's visit?" before the survey, offering these stages
// (their names come from the UI strings "stage.<CODE>").
struct StageQuestion {
    LocalizedText text;
    std::vector<std::string> stages;
};

struct SurveyPack {
    std::string id;
    int version = 0;
    std::string default_language;
    std::vector<std::string> languages;
    std::vector<Survey> surveys;
    std::vector<ScheduleSlot> schedule;
    std::optional<StageQuestion> stage_question;
    // Language -> the on-screen keyboard layout its patients type on, for a language the kiosk
    // has no layout of its own ("keyboards": {"kv": "fi"}).
    std::map<std::string, std::string, std::less<>> keyboards;

    const Survey* find_survey(std::string_view survey_id) const;
    const Survey* survey_for_stage(std::string_view stage) const;
    bool declares_language(std::string_view language) const;
    // Text in `language`, else in the pack's default language (which every text must have).
    const std::string& text(const LocalizedText& text, std::string_view language) const;
};

struct PackLoad {
    std::optional<SurveyPack> pack;  // set only when `issues` holds no error
    Issues issues;
    std::string source;  // the JSON text it came from (load_survey_pack), for serving it on
};

inline constexpr std::size_t kMaxPackBytes = 1024 * 1024;  // files, uploads and downloads alike

PackLoad parse_survey_pack(std::string_view json_text);
// Reads and parses a pack file; unreadable or oversized files are reported as issues at "$".
PackLoad load_survey_pack(const std::filesystem::path& file);

}  // namespace fbk::sync::protocol
