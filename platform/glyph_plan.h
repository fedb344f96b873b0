// The glyphs a kiosk's texts need shaped (Arabic, Persian) are the same from one start to the
// next until its pack, UI strings or fonts change. Shaping them is the larger part of loading
// the fonts, so the result is kept in a small file in the kiosk's data directory, keyed by the
// texts and the font files, and read back at the next start. It is a cache: a missing, stale,
// foreign or damaged file is ignored, the texts are shaped and the file written again.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace fbk::platform {

// (face, glyph id) pairs, per weight (0 regular, 1 bold), without and with the typed forms.
struct GlyphNeeds {
    std::array<std::array<std::vector<std::pair<int, unsigned>>, 2>, 2> by_weight;
};

// FNV-1a over a format version, each file's path, size and modification time (the fonts and
// the program), and every text in order: any change to what is shaped, or to what shapes it,
// changes the key.
std::uint64_t glyph_plan_key(std::span<const std::string_view> texts,
                             std::span<const std::filesystem::path> font_files);

std::optional<GlyphNeeds> read_glyph_plan(const std::filesystem::path& file, std::uint64_t key);
// Written to a temporary file and renamed over `file`; false when it could not be (the kiosk
// then shapes again at its next start, nothing else).
bool write_glyph_plan(const std::filesystem::path& file, std::uint64_t key,
                      const GlyphNeeds& needs);

}  // namespace fbk::platform
