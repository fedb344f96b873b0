// Which characters the kiosk's fonts can draw, read from the font files themselves with
// stb_truetype (Debian's libstb), before any screen is drawn: a pack whose text needs a glyph
// no installed font has is refused by check-pack and at start, instead of showing "?".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace fbk::platform {

class FontCoverage {
  public:
    // The fonts the UI draws with (Noto Sans Regular and Bold, and the Noto fonts of the scripts
    // it lacks: ui_font_files); throws when one is missing, as the UI would.
    static FontCoverage of_ui_fonts();
    ~FontCoverage();
    FontCoverage(FontCoverage&&) noexcept;
    FontCoverage& operator=(FontCoverage&&) noexcept;

    // The first character of `utf8` (at or above U+0020, not an invisible format character)
    // that no font of one weight has; nullopt when both weights draw every character.
    std::optional<char32_t> first_missing(std::string_view utf8) const;

  private:
    struct Font;
    FontCoverage() = default;
    std::vector<Font> fonts_;
    mutable std::unordered_map<char32_t, bool> drawn_;  // each character looked up once
};

// "U+0627".
std::string code_point_name(char32_t c);

}  // namespace fbk::platform
