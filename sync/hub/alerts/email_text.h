// The words of alert e-mail, per language: one table (email_text.cpp), so a language is one
// row. Kind titles name what happened; labels name the facts listed under it.
#pragma once

#include <string_view>

namespace fbk::sync::hub::alerts {

struct EmailText {
    std::string_view language;
    std::string_view negative_spike;
    std::string_view comment_match;
    std::string_view kiosk_alarm;
    std::string_view stage;
    std::string_view recent;
    std::string_view before;
    std::string_view matched;
    std::string_view kiosk;
    std::string_view alarm;
    std::string_view comment;
    std::string_view event;
};

// The row for `language`, or nullptr.
const EmailText* email_text(std::string_view language);
std::string_view email_text_languages();

}  // namespace fbk::sync::hub::alerts
