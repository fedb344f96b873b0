// The shaper: FriBidi orders a line into runs, HarfBuzz shapes each run with the Noto font of its
// script, FreeType rasterises each glyph once into a region of ImGui's atlas. Long because the
// three steps share one set of faces, glyph images and shaped lines (Impl); each is short.
#include "platform/text_shaper.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <future>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <system_error>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fribidi.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <hb.h>

#include "platform/fonts.h"
#include "platform/glyph_plan.h"

namespace fbk::platform {

namespace {

// One family per script the UI can meet, Latin first: a character goes to its script's family,
// and a neutral one (space, digit, punctuation) stays with its neighbour's when that has it.
constexpr int kFamilies = 3;
constexpr const char* kFontFiles[2][kFamilies] = {
    {"NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf", "NotoSansHebrew-Regular.ttf"},
    {"NotoSans-Bold.ttf", "NotoSansArabic-Bold.ttf", "NotoSansHebrew-Bold.ttf"}};

int family_of_script(hb_script_t script) {
    switch (script) {
        case HB_SCRIPT_ARABIC:
            return 1;
        case HB_SCRIPT_HEBREW:
            return 2;
        case HB_SCRIPT_COMMON:
        case HB_SCRIPT_INHERITED:
        case HB_SCRIPT_UNKNOWN:
            return -1;  // neutral
        default:
            return 0;
    }
}

std::vector<FriBidiChar> to_utf32(std::string_view utf8) {
    std::vector<FriBidiChar> out(utf8.size() + 1);
    const FriBidiStrIndex n = fribidi_charset_to_unicode(
        FRIBIDI_CHAR_SET_UTF8, utf8.data(), static_cast<FriBidiStrIndex>(utf8.size()), out.data());
    out.resize(static_cast<std::size_t>(std::max(n, 0)));
    return out;
}

struct HbBuffer {
    hb_buffer_t* handle = hb_buffer_create();
    HbBuffer() = default;
    HbBuffer(const HbBuffer&) = delete;
    HbBuffer& operator=(const HbBuffer&) = delete;
    ~HbBuffer() { hb_buffer_destroy(handle); }
};

struct FtLibrary {
    FT_Library handle = nullptr;
    FtLibrary() {
        if (FT_Init_FreeType(&handle) != 0) {
            throw std::runtime_error("cannot start FreeType");
        }
    }
    ~FtLibrary() { FT_Done_FreeType(handle); }
    FtLibrary(const FtLibrary&) = delete;
    FtLibrary& operator=(const FtLibrary&) = delete;
};

// One font file, read once: HarfBuzz's face over it (its GSUB/GPOS tables are prepared once
// per face, so every size shares it) and the bytes FreeType's faces read.
struct FontFile {
    std::vector<FT_Byte> bytes;
    hb_blob_t* blob = nullptr;
    hb_face_t* hb = nullptr;
    FontFile() = default;
    FontFile(const FontFile&) = delete;
    FontFile& operator=(const FontFile&) = delete;
    ~FontFile() {
        hb_face_destroy(hb);
        hb_blob_destroy(blob);
    }
};

// One font file at one pixel size: FreeType's face (to rasterise) and HarfBuzz's font (to shape).
struct SizedFace {
    FT_Face ft = nullptr;
    hb_font_t* hb = nullptr;
    SizedFace() = default;
    SizedFace(const SizedFace&) = delete;
    SizedFace& operator=(const SizedFace&) = delete;
    ~SizedFace() {
        hb_font_destroy(hb);
        if (ft != nullptr) {
            FT_Done_Face(ft);
        }
    }
};

struct GlyphImage {
    std::vector<std::uint8_t> pixels;  // 8-bit coverage, width * height
    int width = 0;
    int height = 0;
    int left = 0;     // from the pen to the bitmap's left edge
    int top = 0;      // from the baseline up to its top edge
    int region = -1;  // ImGui custom rect index; -1 for a blank glyph (space)
};

struct PlacedGlyph {
    int face = 0;  // weight * kFamilies + family
    unsigned glyph = 0;
    float x = 0;          // from the line's left edge, pixels
    float y = 0;          // down from the baseline
    char32_t source = 0;  // the (first) character it was shaped from
};

struct ShapedLine {
    std::vector<PlacedGlyph> glyphs;
    float width = 0;
};

// Bidi rule L2: from the highest level down to the lowest odd one, reverse every run of runs
// at that level or higher. HarfBuzz already gives a right-to-left run's glyphs in visual order.
std::vector<std::size_t> visual_order(const std::vector<FriBidiLevel>& run_levels) {
    std::vector<std::size_t> order(run_levels.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
        order[i] = i;
    }
    if (run_levels.empty()) {
        return order;
    }
    const FriBidiLevel highest = *std::max_element(run_levels.begin(), run_levels.end());
    FriBidiLevel lowest_odd = highest + 1;
    for (const FriBidiLevel l : run_levels) {
        if (l % 2 == 1) {
            lowest_odd = std::min(lowest_odd, l);
        }
    }
    for (int level = highest; level >= lowest_odd; --level) {
        for (std::size_t i = 0; i < order.size();) {
            if (run_levels[order[i]] < level) {
                ++i;
                continue;
            }
            std::size_t j = i;
            while (j < order.size() && run_levels[order[j]] >= level) {
                ++j;
            }
            std::reverse(order.begin() + static_cast<std::ptrdiff_t>(i),
                         order.begin() + static_cast<std::ptrdiff_t>(j));
            i = j;
        }
    }
    return order;
}

// A Latin-script glyph in text composed at run time (the greeting in every language): ImGui
// baked the character itself, and Noto Sans maps it one to one, so its glyph stands in.
bool draw_imgui_glyph(ImDrawList& draw, const ImFont& font, const PlacedGlyph& g, ImVec2 pos,
                      ImU32 color) {
    const ImFontGlyph* glyph = g.face % kFamilies == 0 && g.source <= 0xFFFF
                                   ? font.FindGlyphNoFallback(static_cast<ImWchar>(g.source))
                                   : nullptr;
    if (glyph == nullptr) {
        return false;
    }
    if (glyph->Visible != 0) {
        const float x = std::round(pos.x + g.x);
        draw.PrimReserve(6, 4);
        draw.PrimRectUV(ImVec2(x + glyph->X0, pos.y + glyph->Y0),
                        ImVec2(x + glyph->X1, pos.y + glyph->Y1), ImVec2(glyph->U0, glyph->V0),
                        ImVec2(glyph->U1, glyph->V1), color);
    }
    return true;
}

std::map<const ImFontAtlas*, TextShaper*>& registry() {
    static std::map<const ImFontAtlas*, TextShaper*> shapers;
    return shapers;
}

// Each Arabic-script letter of these texts alone, first, inside and last in a word (ZWJ joins
// like a letter would), and lam with each alef, which join into one ligature: every shape typing
// those letters can produce.
std::vector<std::string> typed_forms(std::span<const std::string_view> texts) {
    std::set<FriBidiChar> letters;
    for (const std::string_view text : texts) {
        for (const FriBidiChar c :
             TextShaper::needs_shaping(text) ? to_utf32(text) : std::vector<FriBidiChar>{}) {
            if (hb_unicode_script(hb_unicode_funcs_get_default(), c) == HB_SCRIPT_ARABIC) {
                letters.insert(c);
            }
        }
    }
    std::vector<std::string> forms;
    for (const FriBidiChar c : letters) {
        char letter[8] = {};
        fribidi_unicode_to_charset(FRIBIDI_CHAR_SET_UTF8, &c, 1, letter);
        const std::string l(letter), zwj("\u200D");
        forms.insert(forms.end(), {l, zwj + l, l + zwj, zwj + l + zwj});
    }
    if (!letters.empty()) {
        forms.insert(forms.end(),
                     {"لا", "لأ", "لإ", "لآ", "\u200Dلا", "\u200Dلأ", "\u200Dلإ", "\u200Dلآ"});
    }
    return forms;
}

}  // namespace

struct TextShaper::Impl {
    FtLibrary library;
    // One buffer per weight: prepare() shapes the two weights on two threads.
    std::array<HbBuffer, 2> buffers;
    std::map<int, std::unique_ptr<FontFile>> files;
    std::map<std::pair<int, float>, std::unique_ptr<SizedFace>> faces;
    std::map<const ImFont*, Weight> weights;
    // (face, size, glyph) → image.
    std::map<std::tuple<int, float, unsigned>, GlyphImage> glyphs;
    std::unordered_map<std::string, ShapedLine> lines;  // cache: weight, size, text
    std::size_t unreserved = 0;
    // (face, glyph) every text needs, per weight and with or without the typed forms; arrays,
    // not maps, so that the two weights are filled on two threads without a lock.
    GlyphNeeds needs;
    std::filesystem::path plan_file;  // where the needs are kept between starts; empty: nowhere
    bool prepared = false;
    std::array<std::optional<std::set<std::pair<int, unsigned>>>, 2> text_glyphs;

    FontFile& file(int index);
    SizedFace& face(int index, float size);
    int family_for(FriBidiChar c, int previous, int weight, float size);
    ShapedLine shape(std::string_view text, Weight weight, float size,
                     Direction direction = Direction::Auto);
    void reserve(int face_index, unsigned glyph, float size, ImFontAtlas& atlas);
    void render(const std::tuple<int, float, unsigned>& key, GlyphImage& image);
    const std::vector<std::pair<int, unsigned>>& needed(Weight weight, bool typed,
                                                        std::span<const std::string_view> texts,
                                                        float size);
    const ShapedLine& cached(const ImFont& font, std::string_view text,
                             Direction direction = Direction::Auto);
};

FontFile& TextShaper::Impl::file(int index) {
    auto& slot = files[index];
    if (!slot) {
        const auto path = find_font(kFontFiles[index / kFamilies][index % kFamilies]);
        auto font = std::make_unique<FontFile>();
        std::ifstream in(path, std::ios::binary | std::ios::ate);
        font->bytes.resize(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())));
        in.seekg(0);
        in.read(reinterpret_cast<char*>(font->bytes.data()),
                static_cast<std::streamsize>(font->bytes.size()));
        if (!in || font->bytes.empty()) {
            throw std::runtime_error("cannot read font " + path.string());
        }
        font->blob = hb_blob_create(reinterpret_cast<const char*>(font->bytes.data()),
                                    static_cast<unsigned>(font->bytes.size()),
                                    HB_MEMORY_MODE_READONLY, nullptr, nullptr);
        font->hb = hb_face_create(font->blob, 0);
        slot = std::move(font);
    }
    return *slot;
}

SizedFace& TextShaper::Impl::face(int index, float size) {
    if (const auto found = faces.find({index, size}); found != faces.end() && found->second) {
        return *found->second;  // without inserting: prepare() reads faces from two threads
    }
    auto& slot = faces[{index, size}];
    if (!slot) {
        FontFile& font = file(index);
        auto sized = std::make_unique<SizedFace>();
        if (FT_New_Memory_Face(library.handle, font.bytes.data(),
                               static_cast<FT_Long>(font.bytes.size()), 0, &sized->ft) != 0) {
            throw std::runtime_error(std::string("cannot read font ") +
                                     kFontFiles[index / kFamilies][index % kFamilies]);
        }
        // ImGui sizes a font by its ascender-to-descender height; the Latin face's proportion
        // is used for every script so that they match on one line.
        const auto& latin = index % kFamilies == 0 ? *sized : face(index - index % kFamilies, size);
        const float em = size * static_cast<float>(latin.ft->units_per_EM) /
                         static_cast<float>(latin.ft->ascender - latin.ft->descender);
        const auto em_64 = static_cast<int>(std::lround(em * 64));
        FT_Set_Char_Size(sized->ft, 0, em_64, 72, 72);
        // HarfBuzz's own font functions, scaled to 26.6 pixels like FreeType's.
        sized->hb = hb_font_create(font.hb);
        hb_font_set_scale(sized->hb, em_64, em_64);
        slot = std::move(sized);
    }
    return *slot;
}

int TextShaper::Impl::family_for(FriBidiChar c, int previous, int weight, float size) {
    int family = family_of_script(hb_unicode_script(hb_unicode_funcs_get_default(), c));
    if (family < 0) {
        // Digits come from Noto Sans, whose glyphs ImGui has too: a number composed at run
        // time ("السؤال 2 من 5") needs no glyph of its own. Spaces and punctuation stay in
        // their neighbour's run (a run is one HarfBuzz call).
        family = (c >= '0' && c <= '9') ? 0 : std::max(previous, 0);
    }
    const auto has = [&](int f) {
        return FT_Get_Char_Index(face(weight * kFamilies + f, size).ft, c) != 0;
    };
    if (has(family)) {
        return family;
    }
    for (int f = 0; f < kFamilies; ++f) {
        if (has(f)) {
            return f;
        }
    }
    return family;  // drawn as the font's "missing" box; check-pack refuses such text
}

ShapedLine TextShaper::Impl::shape(std::string_view text, Weight weight, float size,
                                   Direction paragraph) {
    const auto chars = to_utf32(text);
    const auto n = static_cast<FriBidiStrIndex>(chars.size());
    std::vector<FriBidiCharType> types(chars.size());
    std::vector<FriBidiBracketType> brackets(chars.size());
    std::vector<FriBidiLevel> levels(chars.size());
    fribidi_get_bidi_types(chars.data(), n, types.data());
    fribidi_get_bracket_types(chars.data(), n, types.data(), brackets.data());
    FriBidiParType direction = paragraph == Direction::Auto          ? FRIBIDI_PAR_ON
                               : paragraph == Direction::RightToLeft ? FRIBIDI_PAR_RTL
                                                                     : FRIBIDI_PAR_LTR;
    if (fribidi_get_par_embedding_levels_ex(types.data(), brackets.data(), n, &direction,
                                            levels.data()) == 0) {
        std::fill(levels.begin(), levels.end(), FriBidiLevel{0});  // out of memory: logical order
    }
    const int w = weight == Weight::Bold ? 1 : 0;

    // Runs of one level and one font family, in logical order.
    struct Run {
        std::size_t start, length;
        int family;
    };
    std::vector<Run> runs;
    std::vector<FriBidiLevel> run_levels;
    for (std::size_t i = 0; i < chars.size(); ++i) {
        const int previous = runs.empty() ? -1 : runs.back().family;
        const int family = family_for(chars[i], previous, w, size);
        if (!runs.empty() && runs.back().family == family && run_levels.back() == levels[i]) {
            ++runs.back().length;
        } else {
            runs.push_back({i, 1, family});
            run_levels.push_back(levels[i]);
        }
    }

    ShapedLine line;
    for (const std::size_t r : visual_order(run_levels)) {
        const Run& run = runs[r];
        SizedFace& sized = face(w * kFamilies + run.family, size);
        hb_buffer_t* buffer = buffers[static_cast<std::size_t>(w)].handle;
        hb_buffer_clear_contents(buffer);
        // The whole line is the context, so a letter joins across a change of font.
        hb_buffer_add_utf32(buffer, chars.data(), n, static_cast<unsigned>(run.start),
                            static_cast<int>(run.length));
        hb_buffer_set_direction(buffer,
                                run_levels[r] % 2 == 1 ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
        hb_buffer_guess_segment_properties(buffer);
        hb_shape(sized.hb, buffer, nullptr, 0);
        unsigned count = 0;
        const hb_glyph_info_t* info = hb_buffer_get_glyph_infos(buffer, &count);
        const hb_glyph_position_t* pos = hb_buffer_get_glyph_positions(buffer, &count);
        for (unsigned g = 0; g < count; ++g) {
            // Positions are 26.6 fixed point (the font's scale).
            line.glyphs.push_back({w * kFamilies + run.family, info[g].codepoint,
                                   line.width + static_cast<float>(pos[g].x_offset) / 64.0f,
                                   -static_cast<float>(pos[g].y_offset) / 64.0f,
                                   chars[info[g].cluster]});
            line.width += static_cast<float>(pos[g].x_advance) / 64.0f;
        }
    }
    return line;
}

void TextShaper::Impl::reserve(int face_index, unsigned glyph, float size, ImFontAtlas& atlas) {
    const auto key = std::make_tuple(face_index, size, glyph);
    if (glyphs.contains(key)) {
        return;
    }
    GlyphImage& image = glyphs[key];
    // Loading the outline presets the bitmap's size and place (FreeType >= 2.10); rendering it
    // waits for paint(), beside ImGui building its own glyphs.
    FT_Face ft = face(face_index, size).ft;
    if (FT_Load_Glyph(ft, glyph, FT_LOAD_DEFAULT | FT_LOAD_NO_HINTING) != 0) {
        return;  // stays blank
    }
    image.width = static_cast<int>(ft->glyph->bitmap.width);
    image.height = static_cast<int>(ft->glyph->bitmap.rows);
    image.left = ft->glyph->bitmap_left;
    image.top = ft->glyph->bitmap_top;
    if (image.width > 0 && image.height > 0) {
        // One pixel of padding on each side keeps neighbours out of linear filtering.
        image.region = atlas.AddCustomRectRegular(image.width + 2, image.height + 2);
    }
}

void TextShaper::Impl::render(const std::tuple<int, float, unsigned>& key, GlyphImage& image) {
    const auto& [face_index, size, glyph] = key;
    FT_Face ft = face(face_index, size).ft;
    image.pixels.assign(static_cast<std::size_t>(image.width * image.height), 0);
    // Unhinted, as HarfBuzz measured it: the glyphs sit where the advances put them.
    if (FT_Load_Glyph(ft, glyph, FT_LOAD_DEFAULT | FT_LOAD_NO_HINTING) != 0 ||
        FT_Render_Glyph(ft->glyph, FT_RENDER_MODE_NORMAL) != 0) {
        return;  // stays blank
    }
    const FT_Bitmap& bitmap = ft->glyph->bitmap;
    const int width = std::min(image.width, static_cast<int>(bitmap.width));
    for (int y = 0; y < std::min(image.height, static_cast<int>(bitmap.rows)); ++y) {
        const unsigned char* row = bitmap.buffer + static_cast<std::ptrdiff_t>(y) * bitmap.pitch;
        std::copy_n(row, width, image.pixels.begin() + y * image.width);
    }
}

const std::vector<std::pair<int, unsigned>>& TextShaper::Impl::needed(
    Weight weight, bool typed, std::span<const std::string_view> texts, float size) {
    const auto w = static_cast<std::size_t>(weight);
    auto& list = needs.by_weight[w][typed ? 1 : 0];
    if (!list.empty()) {
        return list;  // glyph ids do not depend on the size: shaped once per weight
    }
    if (!text_glyphs[w]) {
        // Each distinct line once: a keyboard's shifted row repeats most keys of its plain one,
        // and the typed forms below need the same texts' glyphs.
        std::unordered_set<std::string_view> distinct;
        for (const std::string_view text : texts) {
            for (std::size_t start = 0; needs_shaping(text) && start <= text.size();) {
                const std::size_t end = std::min(text.find('\n', start), text.size());
                distinct.insert(text.substr(start, end - start));
                start = end + 1;
            }
        }
        auto& glyphs_of_texts = text_glyphs[w].emplace();
        for (const std::string_view line : distinct) {
            for (const PlacedGlyph& g : shape(line, weight, size).glyphs) {
                glyphs_of_texts.emplace(g.face, g.glyph);
            }
        }
    }
    std::set<std::pair<int, unsigned>> found = *text_glyphs[w];
    for (const std::string& form : typed ? typed_forms(texts) : std::vector<std::string>{}) {
        for (const PlacedGlyph& g : shape(form, weight, size).glyphs) {
            found.emplace(g.face, g.glyph);
        }
    }
    list.assign(found.begin(), found.end());
    return list;
}

const ShapedLine& TextShaper::Impl::cached(const ImFont& font, std::string_view text,
                                           Direction direction) {
    const auto found_weight = weights.find(&font);
    const Weight weight = found_weight == weights.end() ? Weight::Regular : found_weight->second;
    std::string key;
    key.reserve(text.size() + 8);
    key += weight == Weight::Bold ? 'b' : 'r';
    key += static_cast<char>('0' + static_cast<int>(direction));
    key.append(std::to_string(std::bit_cast<std::uint32_t>(font.FontSize))).append(1, ':');
    key.append(text);
    auto it = lines.find(key);
    if (it == lines.end()) {
        if (lines.size() > 4096) {
            lines.clear();  // typed text makes new lines without end; the screens' are few
        }
        it = lines.emplace(std::move(key), shape(text, weight, font.FontSize, direction)).first;
    }
    return it->second;
}

TextShaper::TextShaper() : impl_(std::make_unique<Impl>()) {}

TextShaper::~TextShaper() {
    std::erase_if(registry(), [this](const auto& entry) { return entry.second == this; });
}

bool TextShaper::needs_shaping(std::string_view utf8) {
    // Hebrew, Arabic and the rest of U+0590..U+07FF start with bytes D6..DF; presentation forms
    // and bidi marks take three bytes. Latin, Greek and Cyrillic text skips the decoding.
    if (std::none_of(utf8.begin(), utf8.end(), [](char c) {
            const auto b = static_cast<unsigned char>(c);
            return (b >= 0xD6 && b <= 0xDF) || b >= 0xE0;
        })) {
        return false;
    }
    for (const FriBidiChar c : to_utf32(utf8)) {
        // Also the Hebrew and Arabic blocks' punctuation and digits (، ٫ ٣), whose script is
        // Common but which only the script's own font has.
        const bool script_block = (c >= 0x0590 && c <= 0x08FF) || (c >= 0xFB1D && c <= 0xFDFF) ||
                                  (c >= 0xFE70 && c <= 0xFEFF);
        if (script_block || FRIBIDI_IS_RTL(fribidi_get_bidi_type(c)) ||
            family_of_script(hb_unicode_script(hb_unicode_funcs_get_default(), c)) > 0) {
            return true;
        }
    }
    return false;
}

bool TextShaper::right_to_left(std::string_view utf8) {
    for (const FriBidiChar c : to_utf32(utf8)) {
        const FriBidiCharType type = fribidi_get_bidi_type(c);
        if (FRIBIDI_IS_LETTER(type)) {
            return FRIBIDI_IS_RTL(type);
        }
    }
    return false;
}

void TextShaper::prepare(std::span<const std::string_view> texts, float regular_size,
                         float bold_size) {
    Impl& impl = *impl_;
    if (impl.prepared) {
        return;
    }
    impl.prepared = true;
    if (std::none_of(texts.begin(), texts.end(), needs_shaping)) {
        return;  // no face is opened for a kiosk with nothing to shape
    }
    std::uint64_t key = 0;
    if (!impl.plan_file.empty()) {
        // The program itself too: another version may shape differently.
        std::error_code ec;
        std::vector<std::filesystem::path> files = {
            std::filesystem::read_symlink("/proc/self/exe", ec)};
        for (const auto& weight : kFontFiles) {
            for (const char* file : weight) {
                files.push_back(find_font(file));
            }
        }
        key = glyph_plan_key(texts, files);
        if (auto plan = read_glyph_plan(impl.plan_file, key)) {
            impl.needs = std::move(*plan);
            return;
        }
    }
    for (int family = 0; family < kFamilies; ++family) {
        impl.face(family, regular_size);  // created here: FreeType loads faces one at a time
        impl.face(kFamilies + family, bold_size);
    }
    // Each weight has its own faces, buffer and lists, so the bold one can go to a second core.
    auto bold =
        std::async(std::launch::async, [&] { impl.needed(Weight::Bold, false, texts, bold_size); });
    impl.needed(Weight::Regular, true, texts, regular_size);
    impl.needed(Weight::Regular, false, texts, regular_size);
    bold.get();
    if (!impl.plan_file.empty()) {
        write_glyph_plan(impl.plan_file, key, impl.needs);  // else shaped again next time
    }
}

void TextShaper::keep_plan_in(std::filesystem::path file) {
    impl_->plan_file = std::move(file);
}

void TextShaper::plan_glyphs(std::span<const std::string_view> texts,
                             const std::filesystem::path& file) {
    TextShaper own;  // its own FreeType library and faces: nothing shared with another thread
    own.keep_plan_in(file);
    constexpr float kAnySize = 40;  // glyph ids are the same at every size
    own.prepare(texts, kAnySize, kAnySize);
}

TextShaper* TextShaper::of(const ImFont& font) {
    const auto found = registry().find(font.ContainerAtlas);
    return found == registry().end() ? nullptr : found->second;
}

void TextShaper::add_font(ImFontAtlas& atlas, const ImFont& font, Weight weight,
                          std::span<const std::string_view> texts, bool typed) {
    registry()[&atlas] = this;
    impl_->weights[&font] = weight;
    // ImGui sets FontSize (and ConfigData) when it builds the atlas, which is after this.
    float size = 0;
    for (const ImFontConfig& config : atlas.ConfigData) {
        size = config.DstFont == &font ? config.SizePixels : size;
    }
    for (const auto& [face_index, glyph] : impl_->needed(weight, typed, texts, size)) {
        impl_->reserve(face_index, glyph, size, atlas);
    }
}

void TextShaper::paint(ImFontAtlas& atlas) {
    // FreeType renders the reserved glyphs while ImGui builds its own with stb_truetype: the
    // atlas build touches no FreeType face, and the glyphs touch no atlas until both are done.
    std::future<void> rendered;
    if (!impl_->glyphs.empty()) {
        rendered = std::async(std::launch::async, [this] {
            for (auto& [key, image] : impl_->glyphs) {
                if (image.region >= 0 && image.pixels.empty()) {
                    impl_->render(key, image);
                }
            }
        });
    }
    unsigned char* texture = nullptr;
    int texture_width = 0;
    int texture_height = 0;
    atlas.GetTexDataAsAlpha8(&texture, &texture_width, &texture_height);  // builds if needed
    if (rendered.valid()) {
        rendered.get();
    }
    for (const auto& [key, image] : impl_->glyphs) {
        if (image.region < 0) {
            continue;
        }
        const ImFontAtlasCustomRect* rect = atlas.GetCustomRectByIndex(image.region);
        for (int y = 0; y < image.height; ++y) {
            std::copy_n(image.pixels.begin() + y * image.width, image.width,
                        texture + (rect->Y + 1 + y) * texture_width + rect->X + 1);
        }
    }
}

float TextShaper::width(const ImFont& font, std::string_view line) {
    return impl_->cached(font, line).width;
}

void TextShaper::draw(ImDrawList& draw, const ImFont& font, ImVec2 pos, ImU32 color,
                      std::string_view line, Direction direction) {
    const ShapedLine& shaped = impl_->cached(font, line, direction);
    const ImFontAtlas& atlas = *font.ContainerAtlas;
    const float baseline = pos.y + font.Ascent;
    for (const PlacedGlyph& g : shaped.glyphs) {
        const auto found = impl_->glyphs.find(std::make_tuple(g.face, font.FontSize, g.glyph));
        if (found == impl_->glyphs.end()) {
            if (!draw_imgui_glyph(draw, font, g, pos, color)) {
                ++impl_->unreserved;
            }
            continue;
        }
        const GlyphImage& image = found->second;
        if (image.region < 0) {
            continue;
        }
        const ImFontAtlasCustomRect& rect = atlas.CustomRects[image.region];
        const ImVec2 a(std::round(pos.x + g.x) + static_cast<float>(image.left),
                       std::round(baseline + g.y) - static_cast<float>(image.top));
        const ImVec2 b(a.x + static_cast<float>(image.width),
                       a.y + static_cast<float>(image.height));
        const ImVec2 uv_a(static_cast<float>(rect.X + 1) * atlas.TexUvScale.x,
                          static_cast<float>(rect.Y + 1) * atlas.TexUvScale.y);
        const ImVec2 uv_b(static_cast<float>(rect.X + 1 + image.width) * atlas.TexUvScale.x,
                          static_cast<float>(rect.Y + 1 + image.height) * atlas.TexUvScale.y);
        draw.PrimReserve(6, 4);
        draw.PrimRectUV(a, b, uv_a, uv_b, color);
    }
}

std::span<const char* const> ui_font_files(Weight weight) {
    return kFontFiles[weight == Weight::Bold ? 1 : 0];
}

bool is_invisible_format_character(char32_t c) {
    return (c >= 0x200B && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
           (c >= 0x2060 && c <= 0x2064) || (c >= 0x2066 && c <= 0x2069) || c == 0xFEFF ||
           c == 0x061C;
}

std::vector<char32_t> TextShaper::missing(const ImFont& font, std::string_view line) {
    std::vector<char32_t> missing;
    for (const PlacedGlyph& g : impl_->cached(font, line).glyphs) {
        const bool reserved =
            impl_->glyphs.contains(std::make_tuple(g.face, font.FontSize, g.glyph)) ||
            (g.face % kFamilies == 0 && g.source <= 0xFFFF &&
             font.FindGlyphNoFallback(static_cast<ImWchar>(g.source)) != nullptr);
        if ((g.glyph == 0 || !reserved) && !is_invisible_format_character(g.source)) {
            missing.push_back(g.source);
        }
    }
    return missing;
}

std::size_t TextShaper::unreserved_glyphs() const {
    return impl_->unreserved;
}

float line_width(const ImFont& font, std::string_view line) {
    if (TextShaper* shaper = TextShaper::of(font);
        shaper != nullptr && TextShaper::needs_shaping(line)) {
        return shaper->width(font, line);
    }
    return font.CalcTextSizeA(font.FontSize, FLT_MAX, 0.0f, line.data(), line.data() + line.size())
        .x;
}

void draw_line(ImDrawList& draw, const ImFont& font, ImVec2 pos, ImU32 color, std::string_view line,
               Direction paragraph) {
    if (TextShaper* shaper = TextShaper::of(font);
        shaper != nullptr && TextShaper::needs_shaping(line)) {
        shaper->draw(draw, font, pos, color, line, paragraph);
        return;
    }
    draw.AddText(&font, font.FontSize, pos, color, line.data(), line.data() + line.size());
}

}  // namespace fbk::platform
