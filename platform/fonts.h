// Fonts come from Debian (fonts-noto-core). Dear ImGui bakes only the glyphs it is asked for,
// and its default set turns Cyrillic, š ž, “ ” – € → into '?': the atlas is built from every
// string the UI and the survey pack can show.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <imgui.h>

#include "platform/text_shaper.h"

namespace fbk::platform {

struct FontSizes {
    float title = 56;
    float body = 40;
    float button = 40;
    float small = 28;
};

struct FontSet {
    ImFont* title = nullptr;
    ImFont* body = nullptr;
    ImFont* button = nullptr;
    ImFont* small = nullptr;
};

// Regular and bold Noto Sans; throws std::runtime_error naming the missing package.
std::filesystem::path find_font(std::string_view file_name);

class FontLibrary {
  public:
    // Adds the fonts, once per size set, to the current ImGui context's atlas, and builds it.
    // Must outlive the atlas. The glyphs come from the texts of the first call; later calls add
    // sizes. Text in joined or right-to-left scripts is shaped into the atlas (TextShaper).
    std::vector<FontSet> load(std::span<const std::string_view> texts,
                              std::span<const FontSizes> sizes);
    // Keeps what shaping the texts found in `file` between starts (TextShaper::keep_plan_in).
    void keep_glyph_plan_in(std::filesystem::path file) { shaper_.keep_plan_in(std::move(file)); }
    // Code points in `text` that `font` has no glyph for (after the atlas was built).
    static std::vector<char32_t> missing_glyphs(const ImFont& font, std::string_view text);

  private:
    ImVector<ImWchar> ranges_;
    TextShaper shaper_;
};

}  // namespace fbk::platform
