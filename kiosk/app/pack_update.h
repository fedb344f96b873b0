// Survey packs the hub offers: checked exactly as at startup (the pack itself, then against
// this kiosk's config: its stage, its languages) before anything replaces the pack in use. A
// good one is written atomically to <data_dir>/pack.json and used from the next start; a bad
// one is refused with the reason, and the kiosk keeps what it has. A newer version is always
// taken; an older one only when an administrator assigned it (a rollback), recorded in
// <data_dir>/pack.assigned so that the next start keeps it over the image's newer pack.
#pragma once

#include <filesystem>
#include <string>

#include "kiosk/app/kiosk_assets.h"
#include "kiosk/core/kiosk_config.h"

namespace fbk::kiosk::app {

std::filesystem::path installed_pack_file(const core::KioskConfig& config);

struct PackOffer {
    enum class Outcome {
        Installed,  // another version is in <data_dir>/pack.json: use it from the next start
        Unchanged,  // the version in use, or an older one nobody assigned: nothing to do
        Refused,    // `refusal` says why; the pack in use stays
    };
    Outcome outcome = Outcome::Unchanged;
    std::string refusal;
    int version = 0;  // the version the kiosk runs after this offer (from its next start)
};

// Only Installed may restart the kiosk: an offer of the version already in use changes nothing.
// `assigned`: the hub says an administrator assigned this version to the kiosk.
PackOffer install_offered_pack(const std::string& pack_json, const core::KioskConfig& config,
                               const sync::protocol::SurveyPack& in_use, bool assigned = false);

// The hub's ETag for the pack this kiosk runs, kept in <data_dir>/pack.etag with the pack's id
// and version, so that after a restart the same pack is not downloaded (and offered) again.
// "" when none is kept for `in_use`.
std::string read_pack_etag(const core::KioskConfig& config,
                           const sync::protocol::SurveyPack& in_use);
// Throws std::runtime_error when the file cannot be written.
void write_pack_etag(const core::KioskConfig& config, const std::string& etag,
                     const std::string& pack_id, int version);

// The assets to start with: the configured pack, or the installed one when it is a newer
// version of the same pack, or the version an administrator assigned, and still passes every
// check. Says which it chose on stderr unless `quiet`.
AssetsLoad load_assets_preferring_installed(const core::KioskConfig& config, bool quiet = false);

}  // namespace fbk::kiosk::app
