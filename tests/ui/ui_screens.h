// Shared by the ui tests: every screen of the default pack as a state, and a headless display
// that draws one with the real UI.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/app/kiosk_assets.h"
#include "kiosk/ui/kiosk_ui.h"
#include "platform/display.h"

namespace fbk::test {

namespace app = fbk::kiosk::app;
namespace core = fbk::kiosk::core;
namespace ui = fbk::kiosk::ui;
namespace platform = fbk::platform;
namespace protocol = fbk::sync::protocol;

extern const std::vector<std::string> kLanguages;

struct Panel {
    int width;
    int height;
    int dpi;
    const char* name;
    float viewing_distance_mm;  // a 7" panel is read from closer than a 22" one
    // Large text reaches 0.7 degrees at that distance (not on a panel under 10 cm tall: README
    // "Accessibility").
    bool large_text_angle = true;
};

// 7" Raspberry Pi display, 10.1" tablet, 21.5" touch monitor, and the tablet upright.
extern const std::vector<Panel> kPanels;

// Every target inside the panel, at least its kind's size (answers 20 mm) at the panel's DPI,
// none overlapping another, answers 3 mm apart.
void check_targets(const ui::ScreenRecord& record, const Panel& panel);

struct NamedState {
    std::string name;
    core::State state;
};

// Every screen a patient or staff member can see, with answers filled in where a screen shows
// them (a chosen smiley, ticked reasons, a half-typed comment).
std::vector<NamedState> every_screen(const protocol::SurveyPack& pack, const std::string& lang);

// The kiosk configuration the ui tests draw with: the default pack at WAITING in its six
// languages; or any pack file at its first survey's first stage, in the pack's languages.
core::KioskConfig default_pack_config();
core::KioskConfig pack_config(const std::filesystem::path& pack_file);

struct Screen {
    Panel panel;
    platform::Display display;
    std::unique_ptr<app::KioskAssets> assets;
    ui::UiFonts fonts;
    ui::ScreenRecord record;
    ui::StaffView staff;
    core::SurveyContext ctx;

    // `rotation`: degrees clockwise the picture is turned onto the panel (kiosk.conf's
    // [display] rotation); the UI then lays out the panel's size turned.
    explicit Screen(Panel p, int rotation = 0,
                    const core::KioskConfig& config = default_pack_config());
    std::optional<core::Event> frame(const core::State& state,
                                     const std::filesystem::path& screenshot = {});
    // Draws `state` for a few frames, until the UI reports what a queued touch asked for
    // (a press and a release take a frame each); nullopt if nothing was asked.
    std::optional<core::Event> intent_after_touch(const core::State& state);
    // Draws `state` twice (ImGui settles on the second frame); returns the intent of the last.
    std::optional<core::Event> draw(const core::State& state,
                                    const std::filesystem::path& screenshot = {});
};

}  // namespace fbk::test
