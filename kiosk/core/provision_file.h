// The provisioning file that `feedback-hub kiosk provision` writes for one kiosk (see
// sync/hub/kiosk_provision.h) and that `feedback-kiosk provision` reads on the kiosk's first boot:
//
//   [kiosk]  id, stage (both required), site
//   [hub]    token (required), url
//   [wifi]   ssid, country (both required when [wifi] is there), psk (none: an open network)
//
// It holds two secrets, the hub token and the Wi-Fi key: no message here ever shows them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/ini_edit.h"
#include "sync/protocol/printable.h"

namespace fbk::kiosk::core {

inline constexpr std::string_view kKioskTokenPrefix = "fbk_kiosk_";

struct WifiNetwork {
    std::string ssid;     // 1-32 bytes, any of them
    std::string psk;      // 8-63 printable ASCII characters; empty: an open network
    std::string country;  // two capital letters: which channels may be used
};

struct ProvisionFile {
    std::string kiosk_id;
    std::string stage;
    std::string site;  // empty: not given
    std::string token;
    std::string hub_url;  // empty: not given
    std::optional<WifiNetwork> wifi;
};

struct ProvisionLoad {
    std::optional<ProvisionFile> file;
    std::vector<std::string> errors;  // "FILE:LINE: [section] key: problem", file order
};

// `source` names the file in messages. Unknown sections and settings, settings given twice,
// missing required ones and bad values are errors; a file with any error gives no ProvisionFile.
ProvisionLoad parse_provision_file(std::string_view text, std::string_view source);

// The kiosk configuration settings the file gives: [kiosk] id, stage, site and [hub] token, url
// (site and url only when given), for set_ini_values.
std::vector<IniValue> kiosk_config_values(const ProvisionFile& file);

// Lowercase hexadecimal of every byte.
std::string hex_encode(std::string_view bytes);

// `value` for a one-line message: control characters as \n, \t, \xNN.
using sync::protocol::printable;

// A wpa_supplicant configuration for this one network. The SSID is written in hexadecimal (any
// bytes are safe); `psk_hex` is the 64-hex-digit key derived from the passphrase (see
// wpa_psk_hex in kiosk/cli/provision_command.h), so the passphrase itself is not stored. An open
// network (no psk) gets key_mgmt=NONE.
std::string wpa_supplicant_conf(const WifiNetwork& wifi, std::string_view psk_hex);

}  // namespace fbk::kiosk::core
