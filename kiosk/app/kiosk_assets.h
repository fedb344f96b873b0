// What the kiosk shows, loaded and cross-checked against its config before the screen opens:
// the survey pack (with a survey for the configured stage), the UI strings and the on-screen
// keyboard layouts.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/flow.h"
#include "kiosk/core/keyboard_layout.h"
#include "kiosk/core/kiosk_config.h"
#include "kiosk/core/ui_strings.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::kiosk::app {

struct KioskAssets {
    sync::protocol::SurveyPack pack;
    core::UiStrings strings;
    core::KeyboardLayouts keyboards;
    core::FlowSettings flow;

    // Every string that can reach the screen, for the font atlas.
    std::vector<std::string_view> all_texts() const;
};

struct AssetsLoad {
    std::unique_ptr<KioskAssets> assets;
    std::vector<std::string> errors;
    std::vector<std::string> warnings;
};

std::filesystem::path default_strings_file();
std::filesystem::path default_keyboards_file();
// Where the glyphs the texts need shaped are kept between starts (platform/glyph_plan.h).
std::filesystem::path glyph_plan_file(const core::KioskConfig& config);
AssetsLoad load_assets(const core::KioskConfig& config);

// What the flow takes from the configuration: languages, timeouts, the staff PIN, misuse rules.
// Also used when the hub's settings change while the kiosk runs.
void configure_flow(core::FlowSettings& flow, const core::KioskConfig& config);

}  // namespace fbk::kiosk::app
