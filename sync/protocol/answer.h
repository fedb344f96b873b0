// One answer inside a response. Exactly one of value / choices / text / cant_say carries it,
// according to the question type; the JSON form names that member:
//   {"question": "satisfaction", "value": 4}
//   {"question": "reasons", "choices": ["waiting_time", "information"]}
//   {"question": "comment", "text": "Friendly staff, [phone] did not answer"}
//   {"question": "recommend", "cant_say": true}
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sync/protocol/json_reader.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::sync::protocol {

struct Answer {
    Answer() = default;
    Answer(std::string question_id, std::int64_t scale_value)
        : question(std::move(question_id)), value(scale_value) {}
    static Answer of_choices(std::string question_id, std::vector<std::string> chosen) {
        Answer a;
        a.question = std::move(question_id);
        a.choices = std::move(chosen);
        return a;
    }
    static Answer of_text(std::string question_id, std::string written) {
        Answer a;
        a.question = std::move(question_id);
        a.text = std::move(written);
        return a;
    }
    static Answer cannot_say(std::string question_id) {
        Answer a;
        a.question = std::move(question_id);
        a.cant_say = true;
        return a;
    }

    std::string question;
    std::optional<std::int64_t> value;  // smiley, nps, effort
    std::vector<std::string> choices;   // yes_partly_no, single_choice, multi_choice
    std::optional<std::string> text;    // free_text; identifiers redacted on the kiosk
    bool cant_say = false;

    bool operator==(const Answer&) const = default;
};

nlohmann::json to_json(const Answer& answer);

// Shape only: exactly one carrier, of the right JSON type, within size limits.
std::optional<Answer> parse_answer(JsonReader& r, const nlohmann::json& node,
                                   const std::string& path);

// Meaning: the carrier fits the question's type, values are in range, choices are options.
void validate_answer(JsonReader& r, const Answer& answer, const Question& question,
                     const std::string& path);

// Whether `answer` (to the question a follow-up names) satisfies the follow-up's condition.
bool satisfies(const ShowIf& condition, const Answer& answer);

}  // namespace fbk::sync::protocol
