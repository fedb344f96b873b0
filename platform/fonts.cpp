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

std::vector<FontSet> FontLibrary::load(std::span<const std::string_view> texts,
                                       std::span<const FontSizes> sizes) {
    ImFontAtlas& atlas = *ImGui::GetIO().Fonts;
    // As tall as the glyphs need, not the next power of two: a few rows over 1024 would double
    // the texture, and its upload at start with it (SDL's renderers take any height).
    atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight;
    if (ranges_.empty()) {
        // Built once: fonts added earlier keep pointing at these ranges when the atlas is
        // rebuilt for fonts added later.
        ImFontGlyphRangesBuilder builder;
        builder.AddRanges(atlas.GetGlyphRangesDefault());
        builder.AddText("0123456789…–—“”‘’«»€");
        for (const std::string_view text : texts) {
            builder.AddText(text.data(), text.data() + text.size());
        }
        builder.BuildRanges(&ranges_);
    }

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
    std::vector<FontSet> sets;
    for (const FontSizes& size : sizes) {
        FontSet& set = sets.emplace_back();
        set.body = add(regular, size.body);  // first font added is ImGui's default
        set.title = add(bold, size.title);
        set.button = add(bold, size.button);
        set.small = add(regular, size.small);
    }
    if (!sets.empty()) {
        shaper_.prepare(texts, sizes.front().body, sizes.front().title);
    }
    for (const FontSet& set : sets) {
        // The comment field types in the body font: it gets every joined form of a letter.
        shaper_.add_font(atlas, *set.body, Weight::Regular, texts, true);
        shaper_.add_font(atlas, *set.title, Weight::Bold, texts, false);
        shaper_.add_font(atlas, *set.button, Weight::Bold, texts, false);
        shaper_.add_font(atlas, *set.small, Weight::Regular, texts, false);
    }
    shaper_.paint(atlas);  // builds the atlas, then puts the shaped glyphs in
    if (atlas.TexHeight >= 4096 && atlas.TexWidth < 4096) {
        // SDL 2.26's software renderer crashes drawing from a texture 4096 rows tall, and GPUs
        // limit each side: twice as wide instead (ImGui's own choice is the narrowest).
        atlas.TexDesiredWidth = atlas.TexWidth * 2;
        atlas.ClearTexData();
        shaper_.paint(atlas);
    }
    return sets;
}

std::vector<char32_t> FontLibrary::missing_glyphs(const ImFont& font, std::string_view text) {
    if (TextShaper* shaper = TextShaper::of(font);
        shaper != nullptr && TextShaper::needs_shaping(text)) {
        return shaper->missing(font, text);
    }
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
