// Every question type's view, in one table (question_views.cpp), so a new type is one row in the
// protocol's question-type table, one view here and one figure in the hub. A view draws the
// answer area between the question text and the bottom bar; question_screen() draws what every
// type shares around it (the question, progress, back, "can't say", Continue for types confirmed
// with it). A type that needs the whole screen (free text and its keyboard) has a screen view.
#pragma once

#include <optional>
#include <span>

#include "kiosk/ui/frame.h"

namespace fbk::kiosk::ui {

namespace protocol = fbk::sync::protocol;

struct AnswerArea {
    const protocol::Question& question;
    Rect rect;
    const protocol::Answer* answer = nullptr;  // confirmed earlier (the patient came back)
};

using AnswerView = void (*)(Frame& f, const AnswerArea& area, std::optional<core::Event>& intent);
using ScreenView = std::optional<core::Event> (*)(Frame& f);

struct QuestionView {
    protocol::QuestionType type = protocol::QuestionType::Smiley;
    AnswerView answer = nullptr;  // one of the two
    ScreenView screen = nullptr;
};

std::span<const QuestionView> question_views();
// nullptr only for a type without a row (test_slider.cpp checks every type has one).
const QuestionView* question_view(protocol::QuestionType type);

// The views, each in its own file.
void smiley_view(Frame& f, const AnswerArea& area, std::optional<core::Event>& intent);
void number_scale_view(Frame& f, const AnswerArea& area, std::optional<core::Event>& intent);
void choices_view(Frame& f, const AnswerArea& area, std::optional<core::Event>& intent);
void slider_view(Frame& f, const AnswerArea& area, std::optional<core::Event>& intent);

// The words under the two ends of a scale, the low one from `left` and the high one ending at
// `right`, each in half the width; returns the height used. `high_where`: the key the high one
// is recorded under.
float scale_anchors(Frame& f, std::string_view low, std::string_view high, float left, float right,
                    float y, std::string_view high_where);

}  // namespace fbk::kiosk::ui
