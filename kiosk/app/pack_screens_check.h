// What a pack needs from this kiosk to be shown properly, checked before it is used (at start,
// for a pack the hub offers, and by check-pack): its own UI strings for every language it
// offers (else the buttons would be in another language than the question), and a glyph in
// the kiosk's fonts for every character of every text a patient may see (else "?").
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "kiosk/core/ui_strings.h"
#include "platform/font_coverage.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::kiosk::app {

// One line per problem, "FILE: $.json.path: ..." naming the language and, for a missing glyph,
// the first character no font has (U+XXXX).
std::vector<std::string> pack_screen_problems(const sync::protocol::SurveyPack& pack,
                                              const std::filesystem::path& pack_file,
                                              std::span<const std::string> languages,
                                              const core::UiStrings& strings,
                                              const std::filesystem::path& strings_file,
                                              const platform::FontCoverage& fonts);

}  // namespace fbk::kiosk::app
