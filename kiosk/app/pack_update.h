// Survey packs the hub offers: checked exactly as at startup (the pack itself, then against
// this kiosk's config: its stage, its languages) before anything replaces the pack in use. A
// good one is written atomically to <data_dir>/pack.json and used from the next start; a bad
// one is refused with the reason, and the kiosk keeps what it has.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "kiosk/app/kiosk_assets.h"
#include "kiosk/core/kiosk_config.h"

namespace fbk::kiosk::app {

std::filesystem::path installed_pack_file(const core::KioskConfig& config);

// nullopt: installed, or nothing to do (same or older version). Otherwise why it was refused.
std::optional<std::string> install_offered_pack(const std::string& pack_json,
                                                const core::KioskConfig& config,
                                                const sync::protocol::SurveyPack& in_use);

// The assets to start with: the configured pack, or the installed one when it is a newer
// version of the same pack and still passes every check. Says which it chose.
AssetsLoad load_assets_preferring_installed(const core::KioskConfig& config);

}  // namespace fbk::kiosk::app
