// Every question type in one table (question_types.cpp): its name in packs, how it is
// answered, its value domain, the keys a pack may give it, and whether the patient confirms it
// with Continue. Parsing, validation (both ends) and the kiosk's flow read this table rather
// than switch on the type, so a new type starts as one row here (then one view in kiosk/ui and
// one figure in the hub's analytics).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace fbk::sync::protocol {

enum class QuestionType {
    Smiley,        // CSAT: 1 (very bad) .. 5 (very good), drawn as faces with labels
    Nps,           // 0 (not at all likely) .. 10 (extremely likely) to recommend
    Effort,        // CES: 1 (very difficult) .. 7 (very easy)
    YesPartlyNo,   // fixed choices "yes", "partly", "no"
    SingleChoice,  // one of the question's options
    MultiChoice,   // one or more of the question's options
    FreeText,      // optional comment typed on the on-screen keyboard
    Slider,  // 0 .. 100 on a line between two anchors the pack words (a visual analogue scale)
};

struct ValueRange {
    int min = 0;
    int max = 0;
    bool contains(std::int64_t v) const { return v >= min && v <= max; }
};

enum class AnswerKind { Value, Choices, Text };

struct QuestionTypeInfo {
    QuestionType type = QuestionType::Smiley;
    std::string_view name;  // as packs and exports spell it
    AnswerKind answer = AnswerKind::Value;
    std::optional<ValueRange> range;  // AnswerKind::Value: the scale
    bool pack_options = false;        // the pack lists its "options"
    bool several_choices = false;     // more than one choice ("max_choices" in the pack)
    bool needs_continue = false;      // confirmed with Continue, not by the answer itself
    bool pack_anchors = false;        // the pack words the two ends ("anchors": {"low", "high"})
    // In a national instrument's dimension ("dimension" in the pack), the values from here up
    // count as positive: the top two faces, a 9 or 10, 5 to 7 on effort. Choice types say it
    // per option instead (yes; single_choice options marked "positive"); unset and not a choice
    // type: the type cannot be in a dimension.
    std::optional<int> positive_from{};
};

std::span<const QuestionTypeInfo> question_types();
const QuestionTypeInfo& info(QuestionType type);

}  // namespace fbk::sync::protocol
