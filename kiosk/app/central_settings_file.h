// The settings the hub manages for this kiosk (sync/protocol/central_settings.h): checked on
// top of the configuration file exactly as the file's own values are, then against the survey
// pack the kiosk runs, before they replace anything. Good ones are kept in
// <data_dir>/central-settings.json with their ETag, so that the next start begins with them
// and the hub answers 304; a bad one is refused with the reason, and the last good stay.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/kiosk_config.h"

namespace fbk::kiosk::app {

struct SettingsOffer {
    // The configuration to use from now on; null when refused.
    std::shared_ptr<const core::KioskConfig> config;
    std::string refusal;  // why not, naming the setting
};

// `local`: the configuration file as loaded; `body`: the hub's document.
SettingsOffer check_offered_settings(const std::string& body, const core::KioskConfig& local);

// Keeps an accepted document and its ETag. Throws std::runtime_error when it cannot be written.
void keep_central_settings(const core::KioskConfig& local, const std::string& body,
                           const std::string& etag);

// The ETag of the kept settings, "" if none.
std::string kept_settings_etag(const core::KioskConfig& local);

// What to start with: `local` with the kept settings when they still fit (the image or the
// pack may have changed since), else `local`, with the reason in `warnings`.
core::KioskConfig config_at_start(const core::KioskConfig& local,
                                  std::vector<std::string>& warnings);

// "timing.idle_timeout=45s (site:ward-3), kiosk.staff_pin_hash=(set) (all)": for logs and
// staff mode, never the PIN's hash.
std::string describe_central_settings(const sync::protocol::CentralSettings& settings);

}  // namespace fbk::kiosk::app
