// Text in scripts Dear ImGui 1.86 cannot draw by itself. ImGui maps one code point to one glyph
// and lays glyphs out left to right, so Arabic and Persian letters would stand unjoined and a
// right-to-left sentence would read backwards. Such text is shaped with HarfBuzz (joining,
// ligatures, marks), ordered with FriBidi (the Unicode bidirectional algorithm, so numbers and
// Latin words inside Arabic read correctly), and drawn as glyphs by id from regions of ImGui's
// own font atlas, through the same draw list and texture as all other text. Text that ImGui
// draws correctly (Latin, Cyrillic, Greek) still goes through ImGui.
//
// The atlas is built once from every text the kiosk can show, as FontLibrary does for code
// points, plus every form a letter can take inside a word the patient types. A glyph that was
// not reserved is not drawn but counted (`unreserved_glyphs`), so the UI's layout check fails
// instead of a patient seeing a wrong shape.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include <imgui.h>

namespace fbk::platform {

enum class Weight { Regular, Bold };
// A paragraph's direction; a line wrapped out of it keeps it (Auto: from the line itself).
enum class Direction { Auto, LeftToRight, RightToLeft };

class TextShaper {
  public:
    TextShaper();
    ~TextShaper();
    TextShaper(const TextShaper&) = delete;
    TextShaper& operator=(const TextShaper&) = delete;

    // True when ImGui's own drawing would get `utf8` wrong: it has a right-to-left character or
    // one of a joining script.
    static bool needs_shaping(std::string_view utf8);
    // The paragraph's direction from its first strong character (Unicode bidi rules P2, P3).
    static bool right_to_left(std::string_view utf8);
    // The shaper whose glyphs are in the atlas `font` belongs to; nullptr when none.
    static TextShaper* of(const ImFont& font);

    // Setup, first: shapes `texts` for the glyphs they need in each weight, the two weights on
    // two threads (glyph ids do not depend on the size; the sizes pick the faces used). Once
    // per shaper: fonts added later (large text) use the same glyphs.
    // With keep_plan_in, what it finds is kept in that file and read back while the texts and
    // fonts stay the same (platform/glyph_plan.h).
    void prepare(std::span<const std::string_view> texts, float regular_size, float bold_size);
    void keep_plan_in(std::filesystem::path file);
    // Shapes `texts` with a shaper of its own (no atlas, any thread) and keeps what it finds in
    // `file`: for texts a later start will have, such as a pack installed for the next start.
    static void plan_glyphs(std::span<const std::string_view> texts,
                            const std::filesystem::path& file);
    // Setup, before the atlas is built. `font` is drawn in `weight`; every glyph that `texts`
    // need in it is rasterised (FreeType) and given a region of the atlas. With `typed`, also
    // every joined form of each Arabic-script letter in `texts` (what typing can produce).
    // Throws std::runtime_error naming the package when a font file is missing.
    void add_font(ImFontAtlas& atlas, const ImFont& font, Weight weight,
                  std::span<const std::string_view> texts, bool typed);
    // Builds the atlas (ImFontAtlas::Build) and puts the glyphs into their regions of it,
    // rendering them meanwhile on a second thread.
    void paint(ImFontAtlas& atlas);

    // One line, no wrapping: its width, and drawing it with its top-left corner at `pos`.
    float width(const ImFont& font, std::string_view line);
    void draw(ImDrawList& draw, const ImFont& font, ImVec2 pos, ImU32 color, std::string_view line,
              Direction paragraph = Direction::Auto);
    // Characters of `line` the atlas cannot draw in `font`: no font has them (HarfBuzz's glyph
    // 0) or their glyph was not reserved.
    std::vector<char32_t> missing(const ImFont& font, std::string_view line);
    // Glyphs skipped by `draw` so far because the atlas has no region for them.
    std::size_t unreserved_glyphs() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// The font files (fonts-noto-core) the UI draws `weight` with: Noto Sans first, then one per
// script it lacks (Arabic, Hebrew). A character is drawable when one of them has it.
std::span<const char* const> ui_font_files(Weight weight);

// Code points that are never drawn but steer shaping or direction (ZWNJ in Persian words, ZWJ,
// the bidi marks): no font needs a glyph for them.
bool is_invisible_format_character(char32_t c);

// What the UI draws one line of text with: shaped when it must be, ImGui's drawing otherwise.
float line_width(const ImFont& font, std::string_view line);
void draw_line(ImDrawList& draw, const ImFont& font, ImVec2 pos, ImU32 color, std::string_view line,
               Direction paragraph = Direction::Auto);

}  // namespace fbk::platform
