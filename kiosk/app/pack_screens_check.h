// What a pack needs from this kiosk to be shown properly, checked before it is used (at start,
// for a pack the hub offers, and by check-pack): its own UI strings for every language it
// offers (else the buttons would be in another language than the question), a keyboard layout
// for each (its own, or one the pack names: else an Estonian patient types without õ ä ö ü š ž),
// and a glyph in the kiosk's fonts for every character of every text a patient may see (else "?").
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "kiosk/core/keyboard_layout.h"
#include "kiosk/core/ui_strings.h"
#include "platform/font_coverage.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::kiosk::app {

// What this kiosk shows a pack with, and the files it came from (named in the messages).
struct LanguageSupport {
    const core::UiStrings& strings;
    std::filesystem::path strings_file;
    const core::KeyboardLayouts& keyboards;
    std::filesystem::path keyboards_file;
    const platform::FontCoverage& fonts;
};

// One line per problem, "FILE: $.json.path: ..." naming the language and, for a missing glyph,
// the first character no font has (U+XXXX).
std::vector<std::string> pack_screen_problems(const sync::protocol::SurveyPack& pack,
                                              const std::filesystem::path& pack_file,
                                              std::span<const std::string> languages,
                                              const LanguageSupport& support);

// The layouts a pack's "keyboards" names, under the languages that use them; call after
// pack_screen_problems found nothing (every named layout exists).
void add_pack_keyboards(core::KeyboardLayouts& keyboards, const sync::protocol::SurveyPack& pack);

}  // namespace fbk::kiosk::app
