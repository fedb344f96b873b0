#include "sync/protocol/question_types.h"

#include <array>

namespace fbk::sync::protocol {

namespace {

using enum QuestionType;
using enum AnswerKind;

// name, answer, range, pack_options, several_choices, needs_continue, pack_anchors
constexpr std::array<QuestionTypeInfo, 8> kTypes = {{
    {Smiley, "smiley", Value, ValueRange{1, 5}, false, false, false, false, 4},
    {Nps, "nps", Value, ValueRange{0, 10}, false, false, false, false, 9},
    {Effort, "effort", Value, ValueRange{1, 7}, false, false, false, false, 5},
    {YesPartlyNo, "yes_partly_no", Choices, std::nullopt, false, false, false, false},
    {SingleChoice, "single_choice", Choices, std::nullopt, true, false, false, false},
    {MultiChoice, "multi_choice", Choices, std::nullopt, true, true, true, false},
    {FreeText, "free_text", Text, std::nullopt, false, false, true, false},
    {Slider, "slider", Value, ValueRange{0, 100}, false, false, true, true},
}};

}  // namespace

std::span<const QuestionTypeInfo> question_types() {
    return kTypes;
}

const QuestionTypeInfo& info(QuestionType type) {
    for (const auto& t : kTypes) {
        if (t.type == type) {
            return t;
        }
    }
    return kTypes.front();  // unreachable: every enumerator has a row (test_survey_pack.cpp)
}

}  // namespace fbk::sync::protocol
