// The kiosk's side of first-boot provisioning: reading the hub's provisioning file, the messages
// IT staff get for a bad one (never with a secret in them), and the wpa_supplicant file.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "kiosk/cli/provision_command.h"
#include "kiosk/core/provision_file.h"
#include "sync/hub/cli/kiosk_provision.h"

namespace core = fbk::kiosk::core;
namespace hub = fbk::sync::hub;

namespace {

const std::string kToken = "fbk_kiosk_S3cr3tT0kenThatMustNeverBeShown-0123456789abcdefghi";
const std::string kPsk = "correct horse battery staple";
const std::string kFile = "/boot/firmware/feedback-kiosk.provision";

std::vector<std::string> errors_of(const std::string& text) {
    const auto load = core::parse_provision_file(text, kFile);
    CHECK_FALSE(load.file);
    for (const auto& e : load.errors) {
        CAPTURE(e);
        CHECK(e.starts_with(kFile + ":"));
        CHECK(e.find(kToken) == std::string::npos);
        CHECK(e.find(kPsk) == std::string::npos);
    }
    return load.errors;
}

}  // namespace

TEST_CASE("the kiosk reads every provisioning file the hub writes") {
    hub::KioskRow row;
    row.kiosk_id = "er-lobby-1";
    row.stage = "WAITING";
    SUBCASE("everything") {
        row.site = "north";
        row.wifi_ssid = "Hospital-IoT";
        row.wifi_psk = kPsk;
        row.wifi_country = "FI";
        const auto load = core::parse_provision_file(
            hub::provision_file_text(row, kToken, "https://feedback.example.org"), kFile);
        REQUIRE(load.errors.empty());
        const auto& f = *load.file;
        CHECK(f.kiosk_id == "er-lobby-1");
        CHECK(f.stage == "WAITING");
        CHECK(f.site == "north");
        CHECK(f.token == kToken);
        CHECK(f.hub_url == "https://feedback.example.org");
        REQUIRE(f.wifi);
        CHECK(f.wifi->ssid == "Hospital-IoT");
        CHECK(f.wifi->psk == kPsk);
        CHECK(f.wifi->country == "FI");
    }
    SUBCASE("only what is required") {
        const auto load =
            core::parse_provision_file(hub::provision_file_text(row, kToken, ""), kFile);
        REQUIRE(load.errors.empty());
        CHECK(load.file->site.empty());
        CHECK(load.file->hub_url.empty());
        CHECK_FALSE(load.file->wifi);
        const auto values = core::kiosk_config_values(*load.file);
        REQUIRE(values.size() == 3);
        CHECK(values[2].section == "hub");
        CHECK(values[2].key == "token");
    }
    SUBCASE("an open network: ssid and country without a key") {
        row.wifi_ssid = "Guest";
        row.wifi_country = "SE";
        const auto load =
            core::parse_provision_file(hub::provision_file_text(row, kToken, ""), kFile);
        REQUIRE(load.errors.empty());
        REQUIRE(load.file->wifi);
        CHECK(load.file->wifi->psk.empty());
    }
}

TEST_CASE("a provisioning file saved with a byte order mark is read as without one") {
    hub::KioskRow row;
    row.kiosk_id = "er-lobby-1";
    row.stage = "WAITING";
    const auto text = hub::provision_file_text(row, kToken, "");
    const auto load = core::parse_provision_file("\xEF\xBB\xBF" + text, kFile);
    REQUIRE(load.errors.empty());
    CHECK(load.file->kiosk_id == "er-lobby-1");
    // Only at the very start: elsewhere it is an error like any other stray bytes.
    CHECK_FALSE(core::parse_provision_file(text + "\xEF\xBB\xBF\n", kFile).errors.empty());
}

TEST_CASE("provisioning file errors name the file, the line and the setting, never a secret") {
    SUBCASE("bad values, unknown names, repeats") {
        const auto e = errors_of(
            "[kiosk]\n"              // 1
            "id = ER Lobby\n"        // 2
            "stage = LOBBY\n"        // 3
            "pack = default.json\n"  // 4
            "stage = WAITING\n"      // 5
            "[hub]\n"                // 6
            "token = " +
            kToken +
            "\n"                     // 7
            "[wlan]\n"               // 8
            "ssid = x\n"             // 9
            "[wifi]\n"               // 10
            "ssid = Hospital-IoT\n"  // 11
            "psk = " +
            kPsk +
            "\n"                // 12
            "country = fi\n");  // 13
        REQUIRE(e.size() == 6);
        CHECK(e[0] == kFile +
                          ":2: [kiosk] id: 'ER Lobby' is not a kiosk id (1-64 of a-z, 0-9, "
                          "'-', '_')");
        CHECK(e[1].starts_with(kFile + ":3: [kiosk] stage: 'LOBBY' is not a journey stage code ("));
        CHECK(e[2] ==
              kFile + ":4: [kiosk] pack: unknown setting; [kiosk] takes id, stage and site");
        CHECK(e[3] == kFile + ":5: [kiosk] stage: already set on line 3");
        CHECK(e[4] == kFile +
                          ":8: [wlan]: unknown section; a provisioning file has [kiosk], [hub] "
                          "and [wifi]");
        CHECK(e[5] == kFile +
                          ":13: [wifi] country: 'fi' is not a two-letter country code in "
                          "capitals, e.g. FI");
    }
    SUBCASE("missing settings point at their section, or at the end of the file") {
        const auto e = errors_of("# comment\n[kiosk]\nid = a\n\n[wifi]\npsk = " + kPsk + "\n");
        REQUIRE(e.size() == 4);
        CHECK(e[0] == kFile + ":2: [kiosk] stage: is missing");
        CHECK(e[1] == kFile + ":5: [wifi] ssid: is missing (a [wifi] section needs it)");
        CHECK(e[2] == kFile + ":5: [wifi] country: is missing (a [wifi] section needs it)");
        CHECK(e[3] == kFile + ":6: [hub] token: is missing, and so is the [hub] section");
    }
    SUBCASE("a bad token or key is described, not shown") {
        const std::string admin = "fbk_admin_AnAdminTokenMustNeverGoOnAKiosk0123456789abcdef";
        const auto e = errors_of("[kiosk]\nid = a\nstage = ask\n[hub]\ntoken = " + admin +
                                 "\n[wifi]\nssid = s\npsk = short7\ncountry = FI\n");
        REQUIRE(e.size() == 2);
        CHECK(e[0].starts_with(kFile + ":5: [hub] token: is not a kiosk token (those start with "
                                       "'fbk_kiosk_'"));
        CHECK(e[0].find(admin) == std::string::npos);
        CHECK(e[1] == kFile + ":8: [wifi] psk: must be 8 to 63 characters (this one has 6)");
        CHECK(errors_of("[kiosk]\nid = a\nstage = ask\n[hub]\ntoken = " + kToken +
                        "\n[wifi]\nssid = s\npsk = " + kPsk + "\x01\ncountry = FI\n")
                  .at(0) == kFile + ":8: [wifi] psk: must be printable ASCII characters");
    }
    SUBCASE("a token pasted where a value is shown is hidden") {
        // The url's message quotes the url: here the token, which must not reach the journal.
        const auto e = errors_of("[kiosk]\nid = a\nstage = ask\n[hub]\ntoken = " + kToken +
                                 "\nurl = " + kToken + "\n");
        REQUIRE(e.size() == 1);
        CHECK(e[0] == kFile +
                          ":6: [hub] url: '(hidden)' must start with https:// (or http:// "
                          "for a local hub)");
    }
    SUBCASE("a Wi-Fi name longer than 32 bytes") {
        const auto e = errors_of("[kiosk]\nid = a\nstage = ask\n[hub]\ntoken = " + kToken +
                                 "\n[wifi]\nssid = " + std::string(33, 'n') + "\ncountry = FI\n");
        REQUIRE(e.size() == 1);
        CHECK(e[0].starts_with(kFile + ":7: [wifi] ssid: '"));
        CHECK(e[0].ends_with("' is longer than a Wi-Fi name can be (32 bytes)"));
    }
}

TEST_CASE("the Wi-Fi key is derived as wpa_passphrase does (IEEE 802.11i test vectors)") {
    CHECK(fbk::kiosk::cli::wpa_psk_hex("password", "IEEE") ==
          "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e");
    CHECK(fbk::kiosk::cli::wpa_psk_hex("ThisIsAPassword", "ThisIsASSID") ==
          "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af");
}

TEST_CASE("the wpa_supplicant file has the SSID in hex and the derived key, not the passphrase") {
    const std::string psk_hex = "f42c6fc52df0ebef9ebb4b90b38a5f902e83fe1b135a70e23aed762e9710a12e";
    CHECK(core::wpa_supplicant_conf({"IEEE", "password", "FI"}, psk_hex) ==
          "# Written by 'feedback-kiosk provision' from the boot partition's provisioning file.\n"
          "ctrl_interface=DIR=/run/wpa_supplicant GROUP=netdev\n"
          "update_config=0\n"
          "country=FI\n"
          "\n"
          "# \"IEEE\"\n"
          "network={\n"
          "\tssid=49454545\n"
          "\tpsk=" +
              psk_hex +
              "\n"
              "}\n");
    // Any bytes of an SSID are safe in hex; the comment shows them escaped, on one line.
    const auto odd = core::wpa_supplicant_conf({"a\"b\n}", "", "SE"}, "");
    CHECK(odd.find("\tssid=6122620a7d\n\tkey_mgmt=NONE\n}\n") != std::string::npos);
    CHECK(odd.find("# \"a\"b\\n}\"\n") != std::string::npos);
    CHECK(odd.find("psk") == std::string::npos);
}
