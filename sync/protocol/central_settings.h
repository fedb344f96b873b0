// Settings an administrator manages from the hub, per kiosk, per site or for all, and the
// document a kiosk pulls (GET /api/v1/kiosk/central-settings, with ETag / If-None-Match).
//
// One table describes every such setting: its key is the kiosk configuration's own
// ("timing.idle_timeout" is [timing] idle_timeout), and its check is the one rule for the value,
// used by the hub when an administrator sets it and by the kiosk for its configuration file and
// for what the hub sends. The kiosk then checks the whole result against its survey pack and
// keeps the last good settings when that fails.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sync/protocol/issue.h"

namespace fbk::sync::protocol {

struct ManagedSetting {
    std::string_view key;   // "section.name", as in the kiosk's configuration
    std::string_view what;  // what it sets, for people
    // nullopt when `value` is good, else what is wrong with it (without the key).
    std::optional<std::string> (*check)(std::string_view value);
};

// Every setting the hub may manage, in the order the dashboard and staff mode show them.
std::span<const ManagedSetting> managed_settings();
const ManagedSetting* find_managed_setting(std::string_view key);

// The staff PIN travels and is stored only as this hash (sync/secret/pin_hash.h makes and
// checks it): "pbkdf2-sha256$ITERATIONS$SALT$HASH", salt and hash in base64url.
inline constexpr std::string_view kStaffPinHashKey = "kiosk.staff_pin_hash";

// "fi, sv, en" -> {"fi", "sv", "en"}: how lists are written in settings.
std::vector<std::string> split_setting_list(std::string_view value);

// Where a value came from: "all", "site:ID" or "kiosk:ID" (the most specific wins).
struct CentralSetting {
    std::string value;
    std::string from;
    bool operator==(const CentralSetting&) const = default;
};

struct CentralSettings {
    std::map<std::string, CentralSetting> values;  // by key; empty: nothing set centrally
};

std::string serialize(const CentralSettings& settings);
// Every key must be a managed setting and every value pass its check: a kiosk takes all of a
// hub's settings or none. Issues name the key ("$.settings.timing.idle_timeout").
std::optional<CentralSettings> parse_central_settings(std::string_view body, Issues& issues);

}  // namespace fbk::sync::protocol
