// A landscape panel mounted upright: the kiosk turns its picture onto the panel and turns each
// touch back. Checked against the upright drawing pixel by pixel, and with real SDL touches.
#include <doctest/doctest.h>

#include <SDL.h>
#include <stb_image.h>

#include <cstring>

#include <memory>

#include "tests/support/temp_dir.h"
#include "tests/ui/ui_screens.h"

namespace {

using namespace fbk::test;

struct Image {
    int width = 0;
    int height = 0;
    std::unique_ptr<unsigned char, decltype(&stbi_image_free)> pixels{nullptr, stbi_image_free};

    explicit Image(const std::filesystem::path& png) {
        int channels = 0;
        pixels.reset(stbi_load(png.c_str(), &width, &height, &channels, 3));
        REQUIRE(pixels != nullptr);
    }
    const unsigned char* at(int x, int y) const {
        return pixels.get() + (static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                               static_cast<std::size_t>(x)) *
                                  3;
    }
};

// Which pixel of the upright picture (w x h) a panel pixel shows, written out per angle
// independently of the kiosk's own mapping: clockwise, as the kiosk.conf documents.
std::pair<int, int> upright_pixel(int degrees, int px, int py, int w, int h) {
    switch (degrees) {
        case 90:  // the picture's left column runs along the panel's top row
            return {py, h - 1 - px};
        case 180:
            return {w - 1 - px, h - 1 - py};
        default:  // 270: the picture's right column runs along the panel's top row
            return {w - 1 - py, px};
    }
}

}  // namespace

TEST_CASE("a turned panel shows exactly the upright picture, turned clockwise") {
    TempDir dir;
    const Panel upright_panel = kPanels[3];  // the 10" tablet upright: 800 x 1280
    REQUIRE(upright_panel.width == 800);
    // One display at a time (Dear ImGui has one context): the upright pictures first.
    // States point into their screen's pack: each screen makes its own.
    const auto two_states = [](const Screen& screen) {
        const auto screens = every_screen(screen.assets->pack, "en");
        return std::vector<NamedState>{screens.front(), screens.at(screens.size() / 2)};
    };
    {
        Screen upright(upright_panel);
        const auto states = two_states(upright);
        for (std::size_t i = 0; i < states.size(); ++i) {
            upright.draw(states[i].state, dir / ("upright-" + std::to_string(i) + ".png"));
        }
    }
    for (const int degrees : {90, 180, 270}) {
        Panel panel = upright_panel;
        if (degrees != 180) {
            std::swap(panel.width, panel.height);  // the landscape panel, mounted upright
        }
        Screen turned(panel, degrees);
        const auto states = two_states(turned);
        CHECK(turned.display.width() == 800);
        CHECK(turned.display.height() == 1280);
        for (std::size_t i = 0; i < states.size(); ++i) {
            INFO(degrees << " degrees, " << states[i].name);
            turned.draw(states[i].state, dir / "turned.png");
            const Image want(dir / ("upright-" + std::to_string(i) + ".png"));
            const Image got(dir / "turned.png");
            REQUIRE(got.width == panel.width);
            REQUIRE(got.height == panel.height);
            int wrong = 0;
            for (int py = 0; py < got.height; ++py) {
                for (int px = 0; px < got.width; ++px) {
                    const auto [ux, uy] = upright_pixel(degrees, px, py, want.width, want.height);
                    wrong += std::memcmp(got.at(px, py), want.at(ux, uy), 3) != 0 ? 1 : 0;
                }
            }
            CHECK(wrong == 0);
        }
    }
}

TEST_CASE("a touch on a turned panel chooses what is drawn under the finger") {
    Panel panel = kPanels[3];
    std::swap(panel.width, panel.height);
    Screen screen(panel, 90);
    core::State start;
    screen.draw(start);
    const ui::Rect* sv = screen.record.find_target("lang.sv");
    REQUIRE(sv != nullptr);
    // Where a finger really lands: the picture point turned clockwise onto the 1280 x 800 panel
    // (x from the right edge by the picture's y, y down by the picture's x).
    const float panel_x = 1280.0f - sv->center_y();
    const float panel_y = sv->center_x();
    // A real touchscreen's events, normalised to the panel, straight into SDL's queue.
    for (const Uint32 type : {SDL_FINGERDOWN, SDL_FINGERUP}) {
        SDL_Event event{};
        event.type = type;
        event.tfinger.touchId = 1;
        event.tfinger.fingerId = 1;
        event.tfinger.x = panel_x / 1280.0f;
        event.tfinger.y = panel_y / 800.0f;
        event.tfinger.pressure = type == SDL_FINGERDOWN ? 1.0f : 0.0f;
        REQUIRE(SDL_PushEvent(&event) == 1);
    }
    const auto intent = screen.intent_after_touch(start);
    REQUIRE(intent.has_value());
    const auto* choose = std::get_if<core::event::ChooseLanguage>(&*intent);
    REQUIRE(choose != nullptr);
    CHECK(choose->language == "sv");
}
