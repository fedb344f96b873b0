#include "kiosk/ui/question_views.h"

#include <array>

namespace fbk::kiosk::ui {

namespace {

using enum protocol::QuestionType;

constexpr std::array<QuestionView, 8> kViews = {{
    {Smiley, smiley_view, nullptr},
    {Nps, number_scale_view, nullptr},
    {Effort, number_scale_view, nullptr},
    {YesPartlyNo, choices_view, nullptr},
    {SingleChoice, choices_view, nullptr},
    {MultiChoice, choices_view, nullptr},
    {FreeText, nullptr, free_text_screen},
    {Slider, slider_view, nullptr},
}};

}  // namespace

std::span<const QuestionView> question_views() {
    return kViews;
}

const QuestionView* question_view(protocol::QuestionType type) {
    for (const auto& view : kViews) {
        if (view.type == type) {
            return &view;
        }
    }
    return nullptr;
}

}  // namespace fbk::kiosk::ui
