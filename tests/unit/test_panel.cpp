// The panel's turned picture and its backlight: the parts of the display that need no SDL.
#include <doctest/doctest.h>

#include <fstream>

#include "platform/backlight.h"
#include "platform/panel_rotation.h"
#include "tests/support/fixtures.h"

using fbk::platform::PanelRotation;
using fbk::platform::Point;

namespace {

void check_point(Point got, Point want) {
    CHECK(got.x == doctest::Approx(want.x));
    CHECK(got.y == doctest::Approx(want.y));
}

}  // namespace

TEST_CASE("a landscape panel turned 90 degrees shows an upright portrait picture") {
    const PanelRotation panel(90, 1280, 800);
    CHECK(panel.picture_width() == 800);
    CHECK(panel.picture_height() == 1280);
    // Clockwise: the picture's top-left corner is the panel's top-right, its bottom-left the
    // panel's top-left, its bottom-right the panel's bottom-left.
    check_point(panel.to_panel({0, 0}), {1280, 0});
    check_point(panel.to_panel({0, 1280}), {0, 0});
    check_point(panel.to_panel({800, 1280}), {0, 800});
    check_point(panel.to_panel({800, 0}), {1280, 800});
    // The top of the picture (a title at y = 100) is near the panel's right edge.
    check_point(panel.to_panel({400, 100}), {1180, 400});
}

TEST_CASE("270 degrees turns the other way, 180 upside down, 0 not at all") {
    const PanelRotation ccw(270, 1280, 800);
    check_point(ccw.to_panel({0, 0}), {0, 800});
    check_point(ccw.to_panel({800, 0}), {0, 0});
    check_point(ccw.to_panel({400, 100}), {100, 400});
    const PanelRotation flipped(180, 1280, 800);
    CHECK(flipped.picture_width() == 1280);
    check_point(flipped.to_panel({0, 0}), {1280, 800});
    check_point(flipped.to_panel({100, 50}), {1180, 750});
    const PanelRotation upright(0, 1280, 800);
    CHECK_FALSE(upright.turned());
    check_point(upright.to_panel({100, 50}), {100, 50});
}

TEST_CASE("a touch on the panel lands where the picture point was drawn") {
    for (const int degrees : {0, 90, 180, 270}) {
        const PanelRotation panel(degrees, 1280, 800);
        for (const Point p : {Point{0, 0}, Point{10.5f, 700}, Point{799, 1}, Point{333, 444}}) {
            INFO(degrees << " degrees, " << p.x << "," << p.y);
            check_point(panel.to_picture(panel.to_panel(p)), p);
        }
    }
}

TEST_CASE("the backlight is switched through sysfs and lit again at the end") {
    // A directory standing in for /sys/class/backlight/NAME: there is no panel here.
    fbk::test::TempDir dir;
    fbk::test::write_file(dir / "bl_power", "0\n");
    {
        fbk::platform::Backlight backlight(dir.path());
        CHECK(backlight.set_power(false).empty());
        CHECK(fbk::test::read_file(dir / "bl_power") == "4\n");
        CHECK(backlight.set_power(true).empty());
        CHECK(fbk::test::read_file(dir / "bl_power") == "0\n");
        CHECK(backlight.set_power(false).empty());
    }
    CHECK(fbk::test::read_file(dir / "bl_power") == "0\n");  // the destructor lit it

    fbk::platform::Backlight missing(dir / "no-such-panel");
    const auto problem = missing.set_power(false);
    CHECK(problem.find("cannot switch the backlight off through " +
                       (dir / "no-such-panel/bl_power").string() + ": No such file") !=
          std::string::npos);
    CHECK(fbk::platform::Backlight({}).set_power(false).empty());  // none configured
}
