#include "platform/fonts.h"

#include <stdexcept>

#include <imgui_internal.h>  // ImTextCharFromUtf8

namespace fbk::platform {

namespace {
constexpr const char* kFontDirs[] = {"/usr/share/fonts/truetype/noto", "/usr/share/fonts/noto"};
}

std::filesystem::path find_font(std::string_view file_name) {
    for (const char* dir : kFontDirs) {
        const auto path = std::filesystem::path(dir) / file_name;
        if (std::filesystem::exists(path)) {
            return path;
        }
    }
    throw std::runtime_error("font " + std::string(file_name) +
                             " not found: install fonts-noto-core (deploy/dev.sh does)");
}

FontSet FontLibrary::load(std::span<const std::string_view> texts, const FontSizes& sizes) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    ImFontGlyphRangesBuilder builder;
    builder.AddRanges(atlas.GetGlyphRangesDefault());
    builder.AddText("0123456789…–—“”‘’«»€");
    for (const std::string_view text : texts) {
        builder.AddText(text.data(), text.data() + text.size());
    }
    ranges_.clear();
    builder.BuildRanges(&ranges_);

    const std::string regular = find_font("NotoSans-Regular.ttf").string();
    const std::string bold = find_font("NotoSans-Bold.ttf").string();
    ImFontConfig config;
    // Kiosk screens are static: trade a little atlas space for crisper large text.
    config.OversampleH = 2;
    config.OversampleV = 1;
    const auto add = [&](const std::string& file, float size) {
        ImFont* font = atlas.AddFontFromFileTTF(file.c_str(), size, &config, ranges_.Data);
        if (font == nullptr) {
            throw std::runtime_error("cannot load font " + file);
        }
        return font;
    };
    FontSet set;
    set.body = add(regular, sizes.body);  // first font added is ImGui's default
    set.title = add(bold, sizes.title);
    set.button = add(bold, sizes.button);
    set.small = add(regular, sizes.small);
    return set;
}

std::vector<char32_t> FontLibrary::missing_glyphs(const ImFont& font, std::string_view text) {
    std::vector<char32_t> missing;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    while (p < end) {
        unsigned int c = 0;
        const int n = ImTextCharFromUtf8(&c, p, end);
        if (n <= 0) {
            break;
        }
        p += n;
        if (c >= 0x20 && font.FindGlyphNoFallback(static_cast<ImWchar>(c)) == nullptr) {
            missing.push_back(static_cast<char32_t>(c));
        }
    }
    return missing;
}

}  // namespace fbk::platform
