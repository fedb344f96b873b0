// `feedback-hub kiosk provision`: a whole site at once from a CSV with one row per kiosk. Each
// kiosk gets a token (as `token create --kiosk`) and a provisioning file, OUT/<id>/
// feedback-kiosk.provision, that IT staff copy onto its boot partition for its first boot.
// All or nothing: every row is checked before anything is created, the tokens are stored in
// one transaction, and an existing provisioning file is never replaced (no second token).
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sync/hub/store/hub_store.h"

namespace fbk::sync::hub {

inline constexpr std::string_view kProvisionFileName = "feedback-kiosk.provision";

// One CSV row, checked.
struct KioskRow {
    std::size_t line = 0;  // in the CSV, for messages
    std::string kiosk_id;
    std::string stage;
    std::string site;          // optional
    std::string wifi_ssid;     // optional; the others of wifi need it
    std::string wifi_psk;      // optional (an open network without it)
    std::string wifi_country;  // two capital letters, required with wifi_ssid
};

struct KioskCsv {
    std::vector<KioskRow> kiosks;
    // "FILE:LINE: column 'value': problem", in file order; a Wi-Fi key is never shown.
    std::vector<std::string> problems;
};

// The CSV's text; `file` names it in the problems. The header row names the columns (exactly):
// kiosk_id and stage required, site, wifi_ssid, wifi_psk and wifi_country optional, any order.
KioskCsv read_kiosk_csv(std::string_view text, std::string_view file);

// Why `value` cannot be an INI value (a line break or other control character, leading or
// trailing space, '#' or ';'), or empty when it can.
std::string ini_value_problem(std::string_view value);

// Problems that make provisioning into `out` impossible: `out` or OUT/<id> is not a directory,
// or a kiosk has a provisioning file there already.
std::vector<std::string> output_problems(std::span<const KioskRow> kiosks,
                                         const std::filesystem::path& out, std::string_view file);

// The provisioning file of one kiosk. `hub_url` empty: no url line.
std::string provision_file_text(const KioskRow& kiosk, std::string_view token,
                                std::string_view hub_url);

// Creates `out` if needed (mode 0700), OUT/<id>/ (0700) and in it the provisioning file (0600,
// written to a temporary name, synced, renamed), with a new token for each kiosk. All or
// nothing: on any failure the tokens are not stored and the files and directories made are
// removed, then the error is thrown. Returns the files, in the order of `kiosks`.
std::vector<std::filesystem::path> provision_kiosks(HubStore& store,
                                                    std::span<const KioskRow> kiosks,
                                                    const std::filesystem::path& out,
                                                    std::string_view hub_url, std::int64_t now_ms);

}  // namespace fbk::sync::hub
