#include "platform/glyph_plan.h"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

namespace fbk::platform {

namespace {

constexpr std::string_view kHeader = "feedback-kiosk glyph plan 1";
constexpr std::size_t kMaxGlyphsPerList = 1 << 16;

struct Fnv1a {
    std::uint64_t hash = 0xcbf29ce484222325ULL;
    void add(std::string_view bytes) {
        for (const char c : bytes) {
            hash ^= static_cast<unsigned char>(c);
            hash *= 0x100000001b3ULL;
        }
        hash ^= 0xFF;  // a separator, so that "ab" + "c" differs from "a" + "bc"
        hash *= 0x100000001b3ULL;
    }
    void add(std::uint64_t number) { add(std::to_string(number)); }
};

}  // namespace

std::uint64_t glyph_plan_key(std::span<const std::string_view> texts,
                             std::span<const std::filesystem::path> font_files) {
    Fnv1a fnv;
    fnv.add(kHeader);
    for (const auto& file : font_files) {
        std::error_code ec;
        fnv.add(file.string());
        fnv.add(static_cast<std::uint64_t>(std::filesystem::file_size(file, ec)));
        fnv.add(static_cast<std::uint64_t>(
            std::filesystem::last_write_time(file, ec).time_since_epoch().count()));
    }
    for (const std::string_view text : texts) {
        fnv.add(text);
    }
    return fnv.hash;
}

std::optional<GlyphNeeds> read_glyph_plan(const std::filesystem::path& file, std::uint64_t key) {
    std::ifstream in(file);
    std::string header;
    std::uint64_t stored = 0;
    if (!std::getline(in, header) || header != kHeader || !(in >> std::hex >> stored >> std::dec) ||
        stored != key) {
        return std::nullopt;
    }
    GlyphNeeds needs;
    for (auto& weight : needs.by_weight) {
        for (auto& list : weight) {
            std::size_t count = 0;
            if (!(in >> count) || count > kMaxGlyphsPerList) {
                return std::nullopt;
            }
            list.resize(count);
            for (auto& [face, glyph] : list) {
                if (!(in >> face >> glyph) || face < 0) {
                    return std::nullopt;
                }
            }
        }
    }
    std::string rest;
    if (in >> rest) {
        return std::nullopt;  // more than a plan: not one this kiosk wrote
    }
    return needs;
}

bool write_glyph_plan(const std::filesystem::path& file, std::uint64_t key,
                      const GlyphNeeds& needs) {
    std::ostringstream text;
    text << kHeader << "\n" << std::hex << key << std::dec << "\n";
    for (const auto& weight : needs.by_weight) {
        for (const auto& list : weight) {
            text << list.size();
            for (const auto& [face, glyph] : list) {
                text << " " << face << " " << glyph;
            }
            text << "\n";
        }
    }
    auto temporary = file;
    temporary += ".tmp";
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << text.str();
        if (!out.flush()) {
            return false;
        }
    }
    std::error_code ec;
    std::filesystem::rename(temporary, file, ec);
    return !ec;
}

}  // namespace fbk::platform
