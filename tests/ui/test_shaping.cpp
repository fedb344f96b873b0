// Arabic and Persian drawn for real: shaped by HarfBuzz, ordered by FriBidi, rasterised into the
// atlas and drawn by SDL's software renderer, then measured in the PNG's pixels.
#include <doctest/doctest.h>

#include <stb_image.h>

#include <array>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#include <imgui.h>

#include "platform/display.h"
#include "platform/glyph_plan.h"
#include "platform/text_shaper.h"
#include "tests/support/paths.h"
#include "tests/support/temp_dir.h"

namespace {

using namespace fbk::test;
namespace platform = fbk::platform;

// "Welcome" (مرحبا), its letters one by one, and the word followed by a number.
const std::string kWord = "مرحبا";
const std::vector<std::string> kLetters = {"م", "ر", "ح", "ب", "ا"};
const std::string kWordAndNumber = "مرحبا 2026";
const std::string kNumber = "2026";
const std::string kAnchor = "0 = غير محتمل";

// Columns of the picture that have ink (any channel above a threshold) between rows y0 and y1.
std::vector<bool> ink_columns(const std::filesystem::path& png, int y0, int y1) {
    int width = 0;
    int height = 0;
    int channels = 0;
    std::unique_ptr<unsigned char, decltype(&stbi_image_free)> pixels(
        stbi_load(png.c_str(), &width, &height, &channels, 3), stbi_image_free);
    REQUIRE(pixels != nullptr);
    std::vector<bool> ink(static_cast<std::size_t>(width), false);
    for (int y = y0; y < y1 && y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            const unsigned char* p = pixels.get() + (static_cast<std::size_t>(y) * width + x) * 3;
            if (p[0] > 96 || p[1] > 96 || p[2] > 96) {
                ink[static_cast<std::size_t>(x)] = true;
            }
        }
    }
    return ink;
}

struct Span {
    int first = -1;
    int last = -1;
    int width() const { return first < 0 ? 0 : last - first + 1; }
};

// The inked stretches of a row of columns, split where at least `gap` blank columns lie between.
std::vector<Span> ink_spans(const std::vector<bool>& ink, int gap) {
    std::vector<Span> spans;
    int blank = gap;
    for (int x = 0; x < static_cast<int>(ink.size()); ++x) {
        if (!ink[static_cast<std::size_t>(x)]) {
            ++blank;
            continue;
        }
        if (blank >= gap || spans.empty()) {
            spans.push_back({x, x});
        }
        spans.back().last = x;
        blank = 0;
    }
    return spans;
}

struct Placed {
    float x;
    int row;  // top at 20 + 100 * row
    std::string text;
};

// One frame with each text drawn in white on black (800 x 600: six rows).
void draw_rows(platform::Display& display, const platform::FontSet& fonts,
               const std::vector<Placed>& rows, const std::filesystem::path& png) {
    for (int frame = 0; frame < 2; ++frame) {
        display.begin_frame();
        ImGui::SetNextWindowPos(ImVec2(0, 0));
        ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
        ImGui::Begin("shaping", nullptr, ImGuiWindowFlags_NoDecoration);
        ImDrawList& draw = *ImGui::GetWindowDrawList();
        draw.AddRectFilled(ImVec2(0, 0), ImGui::GetIO().DisplaySize, IM_COL32(0, 0, 0, 255));
        for (const Placed& text : rows) {
            platform::draw_line(draw, *fonts.body,
                                ImVec2(text.x, 20.0f + 100.0f * static_cast<float>(text.row)),
                                IM_COL32_WHITE, text.text);
        }
        ImGui::End();
        display.end_frame(frame == 1 ? png : std::filesystem::path{});
    }
}

std::vector<Span> row_spans(const std::filesystem::path& png, std::size_t row, int gap) {
    const int top = 20 + 100 * static_cast<int>(row);
    return ink_spans(ink_columns(png, top, top + 90), gap);
}

}  // namespace

TEST_CASE("an Arabic word is drawn joined, and a number in it keeps its own order") {
    TempDir dir;
    platform::Display display({.headless = true, .width = 800, .height = 600});
    std::vector<std::string_view> texts = {kWord, kWordAndNumber, kNumber, kAnchor};
    for (const auto& l : kLetters) {
        texts.push_back(l);
    }
    const std::array<platform::FontSizes, 1> sizes{};
    const platform::FontSet fonts = display.load_fonts(texts, sizes).at(0);
    CHECK(platform::TextShaper::needs_shaping(kWord));
    CHECK_FALSE(platform::TextShaper::needs_shaping("Hyvää päivää, Добрий день"));
    CHECK(platform::TextShaper::right_to_left("2026 " + kWord));
    CHECK_FALSE(platform::TextShaper::right_to_left("2026 Welcome " + kWord));

    std::vector<Placed> rows = {
        {20, 0, kWord}, {20, 1, kWordAndNumber}, {20, 2, kNumber}, {20, 4, kAnchor}, {20, 5, "0"}};
    float x = 20;
    for (const auto& l : kLetters) {
        rows.push_back({x, 3, l});  // each letter alone: its isolated form
        x += 120;
    }
    const char* shots = std::getenv("FBK_SCREENSHOT_DIR");  // to look at it
    const auto png = (shots != nullptr ? std::filesystem::path(shots) : dir.path()) / "shaping.png";
    draw_rows(display, fonts, rows, png);
    const auto* shaper = platform::TextShaper::of(*fonts.body);
    REQUIRE(shaper != nullptr);
    CHECK(shaper->unreserved_glyphs() == 0);

    // Joined: one stroke from end to end (ح and ب join their neighbours), narrower than the
    // letters set apart in their isolated forms.
    const auto word = row_spans(png, 0, 3);
    REQUIRE_FALSE(word.empty());
    const int word_width = word.back().last - word.front().first + 1;
    const auto isolated = ink_spans(ink_columns(png, 320, 410), 40);
    REQUIRE(isolated.size() == kLetters.size());
    int isolated_width = 0;
    for (const Span& letter : isolated) {
        isolated_width += letter.width();
    }
    MESSAGE("مرحبا: " << word_width << " px joined, " << isolated_width
                      << " px as isolated letters");
    CHECK(word_width < isolated_width * 9 / 10);
    CHECK(word.size() <= 2);  // م‍ر and ح‍ب‍ا: ر does not join to the left

    // "مرحبا 2026" in a right-to-left paragraph: the number stands left of the word, digits
    // left to right, as a reader of Arabic expects.
    const auto mixed = row_spans(png, 1, 8);
    const auto number = row_spans(png, 2, 8);
    REQUIRE(mixed.size() == 2);
    REQUIRE(number.size() == 1);
    CHECK(std::abs(mixed.front().width() - number.front().width()) <= 2);
    CHECK(std::abs(mixed.back().width() - word_width) <= 2);

    // A scale's end as the pack writes it, "0 = <Arabic>": the paragraph is right to left, so
    // the 0 its reader meets first stands at the right end.
    const auto anchor = row_spans(png, 4, 8);
    const auto zero = row_spans(png, 5, 8);
    REQUIRE(anchor.size() >= 3);
    REQUIRE(zero.size() == 1);
    CHECK(anchor.back().width() == zero.front().width());
    CHECK(anchor.front().width() > 3 * zero.front().width());
}

TEST_CASE("a glyph the atlas was not given is counted, not drawn as a wrong shape") {
    TempDir dir;
    platform::Display display({.headless = true, .width = 800, .height = 480});
    const std::array<std::string_view, 1> texts = {kWord};
    const std::array<platform::FontSizes, 1> sizes{};
    const platform::FontSet fonts = display.load_fonts(texts, sizes).at(0);
    auto* shaper = platform::TextShaper::of(*fonts.body);
    REQUIRE(shaper != nullptr);
    // ش ك were in no text and are no key of any keyboard.
    draw_rows(display, fonts, {{20, 0, "شكرا"}}, dir / "unreserved.png");
    CHECK(shaper->unreserved_glyphs() > 0);
}

TEST_CASE("the glyphs shaped at one start are read back at the next while nothing changed") {
    TempDir dir;
    const auto plan = dir / "glyph-plan";
    const std::array<std::string_view, 2> texts = {kWord, kWordAndNumber};
    const std::vector<Placed> rows = {{20, 0, kWord}, {20, 1, kWordAndNumber}};
    // One start of a kiosk: its display, fonts and a frame; returns the glyphs it lacked.
    const auto start = [&](const std::filesystem::path& png) {
        platform::Display display({.headless = true, .width = 800, .height = 600});
        display.keep_glyph_plan_in(plan);
        const std::array<platform::FontSizes, 1> sizes{};
        const platform::FontSet fonts = display.load_fonts(texts, sizes).at(0);
        draw_rows(display, fonts, rows, png);
        return platform::TextShaper::of(*fonts.body)->unreserved_glyphs();
    };
    CHECK(start(dir / "first.png") == 0);
    REQUIRE(std::filesystem::exists(plan));
    CHECK(start(dir / "second.png") == 0);
    CHECK(read_file(dir / "first.png") == read_file(dir / "second.png"));

    // The plan is what the second start used: one naming a single Latin glyph under the same
    // key leaves the Arabic ones out of the atlas.
    const std::string kept = read_file(plan);
    const auto key_end = kept.find('\n', kept.find('\n') + 1) + 1;
    write_file(plan, kept.substr(0, key_end) + "1 0 3\n1 0 3\n1 0 3\n1 0 3\n");
    CHECK(start(dir / "replaced.png") > 0);
    // A damaged plan is shaped again and written anew.
    write_file(plan, kept.substr(0, key_end) + "3 0 1\n");
    CHECK(start(dir / "damaged.png") == 0);
    CHECK(read_file(plan) == kept);

    // Other texts, or other files, give another key.
    const std::array<std::filesystem::path, 1> files = {plan};
    const std::array<std::string_view, 2> other = {kWord, kNumber};
    CHECK(platform::glyph_plan_key(texts, files) != platform::glyph_plan_key(other, files));
    const std::array<std::string_view, 1> joined = {"مرحبامرحبا 2026"};
    CHECK(platform::glyph_plan_key(texts, files) != platform::glyph_plan_key(joined, files));
    CHECK(platform::glyph_plan_key(texts, files) == platform::glyph_plan_key(texts, files));
    CHECK_FALSE(platform::read_glyph_plan(plan, platform::glyph_plan_key(other, files)));
}
