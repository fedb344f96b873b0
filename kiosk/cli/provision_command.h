// `feedback-kiosk provision`: a kiosk's first boot. IT staff copy the hub's provisioning file
// (kiosk/core/provision_file.h) onto the boot partition; a oneshot unit runs this command, which
// writes the kiosk's id, stage, site and hub token into its configuration and its Wi-Fi network
// into a wpa_supplicant file, and only then erases the provisioning file (zeros over its bytes,
// then unlink), so that no secret stays on the FAT partition. A power cut before the erase just
// repeats the same provisioning on the next boot.
#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>
#include <string_view>

namespace fbk::kiosk::cli {

struct ProvisionOptions {
    std::filesystem::path from;      // the provisioning file
    std::filesystem::path config;    // the kiosk configuration to fill in (the image's template)
    std::filesystem::path wifi_out;  // wpa_supplicant file; required when `from` has [wifi]
    std::string group = "feedback-kiosk";  // group of `config` when running as root
};

// Exit status: 0 done (one line on `out`), 2 the provisioning file or the resulting
// configuration was refused (nothing changed), 1 a system error (a missing group, I/O).
// Neither stream ever gets the token or the Wi-Fi passphrase.
int provision(const ProvisionOptions& options, std::ostream& out, std::ostream& err);

// The WPA pre-shared key as wpa_passphrase computes it: PBKDF2-HMAC-SHA1(passphrase, ssid, 4096
// iterations, 32 bytes), in 64 lowercase hex digits.
std::string wpa_psk_hex(std::string_view passphrase, std::string_view ssid);

}  // namespace fbk::kiosk::cli
