// The few UTF-8 operations the on-screen keyboard needs: text is stored as UTF-8 bytes, but a
// patient deletes and counts letters (ä, ø and д are one letter, two bytes).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace fbk::kiosk::core {

std::size_t utf8_length(std::string_view text);
void utf8_pop_back(std::string& text);
// Splits into code points (each as its UTF-8 bytes); invalid bytes come out one by one.
std::vector<std::string_view> utf8_code_points(std::string_view text);
std::string_view trim(std::string_view text);

// U+00AD: where a long word may break (shown as "-" only there). Packs may write their own, and
// the kiosk adds them to long Finnish words.
inline constexpr std::string_view kSoftHyphen = "\u00AD";
// The text as read aloud or recorded: its soft hyphens taken out.
std::string without_soft_hyphens(std::string_view text);

}  // namespace fbk::kiosk::core
