// The kiosk's configuration file (kiosk::core::parse_kiosk_config) and the provisioning file a
// kiosk reads on its first boot (parse_provision_file). Invariants:
//  - a configuration comes out exactly when no error does, and it keeps what the parser checks
//    (kiosk id, languages with the default among them, hub URL scheme, retry times);
//  - a configuration that loads still loads after first-boot provisioning has written a
//    provisioning file's settings into it (as `feedback-kiosk provision` does), with them;
//  - a provisioning file's error messages never show its hub token or Wi-Fi key.
#include <algorithm>
#include <optional>
#include <string>

#include "kiosk/core/ini.h"
#include "kiosk/core/ini_edit.h"
#include "kiosk/core/kiosk_config.h"
#include "kiosk/core/provision_file.h"
#include "sync/protocol/ids.h"
#include "tests/fuzz/fuzz_check.h"

namespace core = fbk::kiosk::core;

namespace {

// The host of "scheme://[user@]host[:port][/...]", a simpler reading than curl's (the kiosk
// passes curl's; this module may not call curl).
std::optional<std::string> host_of(std::string_view url) {
    const auto scheme = url.find("://");
    if (scheme == std::string_view::npos) {
        return std::nullopt;
    }
    auto rest = url.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) {
        rest = rest.substr(at + 1);
    }
    if (!rest.starts_with('[')) {
        rest = rest.substr(0, rest.find(':'));
    }
    if (rest.empty()) {
        return std::nullopt;
    }
    return std::string(rest);
}

const core::ProvisionFile kProvision = {"lobby-2",
                                        "WAITING",
                                        "north-wing",
                                        "fbk_kiosk_0123456789abcdef",
                                        "https://feedback-hub.example.org",
                                        std::nullopt};

void check_config(const core::KioskConfig& c) {
    FBK_FUZZ_CHECK(fbk::sync::protocol::is_plain_id(c.kiosk_id));
    FBK_FUZZ_CHECK(!c.languages.empty());
    FBK_FUZZ_CHECK(std::find(c.languages.begin(), c.languages.end(), c.default_language) !=
                   c.languages.end());
    FBK_FUZZ_CHECK(c.hub_url.starts_with("http://") || c.hub_url.starts_with("https://"));
    FBK_FUZZ_CHECK(!c.token.empty());
    FBK_FUZZ_CHECK(c.retry_initial_ms > 0 && c.retry_max_ms >= c.retry_initial_ms);
}

void check_kiosk_config(std::string_view text) {
    const auto load = core::parse_kiosk_config(text, "/etc/feedback-kiosk/kiosk.conf", host_of);
    FBK_FUZZ_CHECK(load.config.has_value() == load.errors.empty());
    if (!load.config) {
        return;
    }
    check_config(*load.config);
    const auto values = core::kiosk_config_values(kProvision);
    const std::string provisioned = core::set_ini_values(text, values);
    const auto again =
        core::parse_kiosk_config(provisioned, "/etc/feedback-kiosk/kiosk.conf", host_of);
    FBK_FUZZ_CHECK(again.config.has_value());
    FBK_FUZZ_CHECK(again.config->kiosk_id == kProvision.kiosk_id);
    FBK_FUZZ_CHECK(again.config->site == kProvision.site);
    FBK_FUZZ_CHECK(again.config->token == kProvision.token);
    FBK_FUZZ_CHECK(again.config->hub_url == kProvision.hub_url);
}

// A secret worth looking for: long enough not to appear in a message by chance, and once only
// in the file, so that a message holding it can only have taken it from its own line.
bool is_telltale(std::string_view text, const std::string& value) {
    return value.size() >= 12 && text.find(value) == text.rfind(value);
}

void check_provision_file(std::string_view text) {
    const auto load = core::parse_provision_file(text, "provision.ini");
    FBK_FUZZ_CHECK(load.file.has_value() == load.errors.empty());
    for (const auto& entry : core::parse_ini(text).entries) {
        const bool secret = (entry.section == "hub" && entry.key == "token") ||
                            (entry.section == "wifi" && entry.key == "psk");
        if (!secret || !is_telltale(text, entry.value)) {
            continue;
        }
        for (const auto& error : load.errors) {
            FBK_FUZZ_CHECK(error.find(entry.value) == std::string::npos);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fbk::test::fuzz::as_text(data, size);
    check_kiosk_config(text);
    check_provision_file(text);
    return 0;
}
