// Every setting of the kiosk's configuration file in one table, a section per function: what
// it sets, how it is checked, and whether it must be there. The hub's settings for a kiosk go
// through the same table (kiosk_config.h, apply_central_settings).
#include "kiosk/core/kiosk_config_keys.h"

#include <charconv>

#include "kiosk/core/stage_choice.h"
#include "sync/protocol/central_settings.h"
#include "sync/protocol/duration.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/stage_schedule.h"
#include "sync/protocol/stages.h"

namespace fbk::kiosk::core {

namespace protocol = fbk::sync::protocol;

namespace {

std::optional<std::string> set_duration(std::int64_t& out, const std::string& value) {
    if (const auto ms = protocol::parse_duration_ms(value)) {
        out = *ms;
        return std::nullopt;
    }
    return "'" + value + "' is not a duration such as 30s, 500ms, 5m, 2h or 14d";
}

std::optional<std::string> set_int(int& out, const std::string& value, int min, int max) {
    int v = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
    if (ec != std::errc() || end != value.data() + value.size() || v < min || v > max) {
        return "'" + value + "' is not a whole number from " + std::to_string(min) + " to " +
               std::to_string(max);
    }
    out = v;
    return std::nullopt;
}

// A path, relative to the configuration file's folder.
Setter path_setter(const std::filesystem::path& base, std::filesystem::path KioskConfig::*member) {
    return [base, member](KioskConfig& c, const std::string& v) -> std::optional<std::string> {
        if (v.empty()) {
            return "must name a path";
        }
        c.*member = (base / v).lexically_normal();
        return std::nullopt;
    };
}

// One table of every setting, a section per function: what it sets, how it is checked, and
// whether it must be there.
void add_kiosk_keys(Keys& keys, const std::filesystem::path& base) {
    keys["kiosk.id"] = {[](KioskConfig& c, const std::string& v) -> std::optional<std::string> {
                            if (!protocol::is_plain_id(v)) {
                                return "'" + v + "' is not a kiosk id (1-64 of a-z, 0-9, '-', '_')";
                            }
                            c.kiosk_id = v;
                            return std::nullopt;
                        },
                        true};
    keys["kiosk.site"] = {[](KioskConfig& c, const std::string& v) -> std::optional<std::string> {
                              if (!protocol::is_plain_id(v)) {
                                  return "'" + v +
                                         "' is not a site id (1-64 of a-z, 0-9, '-', '_')";
                              }
                              c.site = v;
                              return std::nullopt;
                          },
                          false};
    keys["kiosk.stage"] = {[](KioskConfig& c, const std::string& v) -> std::optional<std::string> {
                               c.stage = v;  // checked by its managed-setting rule
                               return std::nullopt;
                           },
                           true};
    keys["kiosk.schedule"] = {
        [](KioskConfig& c, const std::string& v) -> std::optional<std::string> {
            auto parsed = protocol::parse_stage_schedule(v);
            c.schedule = std::move(parsed.slots);
            return parsed.error;
        }};
    keys["kiosk.pack"] = {path_setter(base, &KioskConfig::pack_file), true};
    keys["kiosk.strings"] = {path_setter(base, &KioskConfig::strings_file), false};
    keys["kiosk.keyboards"] = {path_setter(base, &KioskConfig::keyboards_file), false};
    keys["kiosk.data_dir"] = {path_setter(base, &KioskConfig::data_dir), true};
    keys["kiosk.staff_pin"] = {
        [](KioskConfig& c, const std::string& v) -> std::optional<std::string> {
            if (v.size() < 4 || v.size() > 12 ||
                v.find_first_not_of("0123456789") != std::string::npos) {
                return "must be 4 to 12 digits";
            }
            c.staff_pin = v;
            return std::nullopt;
        }};
    keys[std::string(protocol::kStaffPinHashKey)] = {
        [](KioskConfig& c, const std::string& v) -> std::optional<std::string> {
            c.staff_pin_hash = v;  // checked by its managed-setting rule
            return std::nullopt;
        }};
    keys["kiosk.languages"] = {
        [](KioskConfig& c, const std::string& v) -> std::optional<std::string> {
            c.languages = protocol::split_setting_list(v);  // checked by its managed rule
            return std::nullopt;
        },
        true};
    keys["kiosk.default_language"] = {
        [](KioskConfig& c, const std::string& v) -> std::optional<std::string> {
            c.default_language = v;
            return std::nullopt;
        }};
    keys["kiosk.timezone"] = {[](KioskConfig& c,
                                 const std::string& v) -> std::optional<std::string> {
        // A zoneinfo name, never a path out of /usr/share/zoneinfo.
        const bool plain = !v.empty() && v.front() != '/' && v.find("..") == std::string::npos &&
                           v.find_first_not_of(
                               "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"
                               "wxyz0123456789/_+-") == std::string::npos;
        if (!plain) {
            return "'" + v + "' is not a time zone name such as Europe/Helsinki";
        }
        c.timezone = v;
        return std::nullopt;
    }};
}

void add_hub_keys(Keys& keys, const std::filesystem::path& base, bool& allow_plain_http) {
    keys["hub.url"] = {[](KioskConfig& c, const std::string& v) -> std::optional<std::string> {
                           if (!v.starts_with("http://") && !v.starts_with("https://")) {
                               return "'" + v +
                                      "' must start with https:// (or http:// for a local hub)";
                           }
                           c.hub_url = v;
                           while (c.hub_url.ends_with('/')) {
                               c.hub_url.pop_back();
                           }
                           return std::nullopt;
                       },
                       true};
    keys["hub.token"] = {
        [](KioskConfig& c, const std::string& v) -> std::optional<std::string> {
            if (v.empty()) {
                return "is empty; create one with 'feedback-hub token create --kiosk ID'";
            }
            c.token = v;
            return std::nullopt;
        },
        true};
    keys["hub.ca_file"] = {path_setter(base, &KioskConfig::ca_file)};
    keys["hub.pin_sha256"] = {[](KioskConfig& c,
                                 const std::string& v) -> std::optional<std::string> {
        // One or more base64 SHA-256 digests of the hub's public key (SPKI), separated by
        // commas: the current key and the next one, so a key rollover needs no kiosk visit.
        std::string pins;
        std::size_t start = 0;
        while (start <= v.size()) {
            const auto end = std::min(v.find(',', start), v.size());
            const auto first = v.find_first_not_of(' ', start);
            const auto last = v.find_last_not_of(' ', end - 1);
            const std::string pin =
                first < end && last != std::string::npos ? v.substr(first, last - first + 1) : "";
            const bool base64 = pin.size() == 44 && pin.ends_with('=') &&
                                pin.find_first_not_of(
                                    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
                                    "vwxyz0123456789+/=") == std::string::npos;
            if (!base64) {
                return "'" + pin +
                       "' is not a base64 SHA-256 digest (44 characters, as printed by "
                       "'openssl dgst -sha256 -binary | base64')";
            }
            pins += (pins.empty() ? "" : ";") + std::string("sha256//") + pin;
            start = end + 1;
        }
        c.pinned_public_keys = pins;
        return std::nullopt;
    }};
    keys["hub.allow_plain_http"] = {
        [&allow_plain_http](KioskConfig&, const std::string& v) -> std::optional<std::string> {
            if (v != "true" && v != "false") {
                return "must be true or false";
            }
            allow_plain_http = v == "true";
            return std::nullopt;
        }};
}

void add_tuning_keys(Keys& keys) {  // timing, misuse, sync, storage
    keys["timing.idle_timeout"] = {
        [](KioskConfig& c, const std::string& v) { return set_duration(c.idle_timeout_ms, v); }};
    keys["timing.thanks"] = {
        [](KioskConfig& c, const std::string& v) { return set_duration(c.thanks_ms, v); }};
    keys["timing.still_there"] = {
        [](KioskConfig& c, const std::string& v) { return set_duration(c.still_there_ms, v); }};
    keys["misuse.min_gap"] = {
        [](KioskConfig& c, const std::string& v) { return set_duration(c.misuse.min_gap_ms, v); }};
    keys["misuse.max_per_minute"] = {[](KioskConfig& c, const std::string& v) {
        return set_int(c.misuse.max_per_minute, v, 1, 1000);
    }};
    keys["misuse.min_time_per_answer"] = {[](KioskConfig& c, const std::string& v) {
        return set_duration(c.misuse.min_ms_per_answer, v);
    }};
    keys["sync.retention"] = {
        [](KioskConfig& c, const std::string& v) { return set_duration(c.retention_ms, v); }};
    keys["sync.batch_max_responses"] = {[](KioskConfig& c, const std::string& v) {
        return set_int(c.batch_max_responses, v, 1, 1000);
    }};
    keys["sync.retry_initial"] = {
        [](KioskConfig& c, const std::string& v) { return set_duration(c.retry_initial_ms, v); }};
    keys["sync.retry_max"] = {
        [](KioskConfig& c, const std::string& v) { return set_duration(c.retry_max_ms, v); }};
    keys["sync.request_timeout"] = {
        [](KioskConfig& c, const std::string& v) { return set_duration(c.request_timeout_ms, v); }};
    keys["storage.min_free_mb"] = {
        [](KioskConfig& c, const std::string& v) { return set_int(c.min_free_mb, v, 0, 1 << 30); }};
    keys["storage.max_outbox_mb"] = {[](KioskConfig& c, const std::string& v) {
        return set_int(c.max_outbox_mb, v, 1, 1 << 20);
    }};
}

void add_display_keys(Keys& keys, const std::filesystem::path& base) {
    keys["display.width"] = {
        [](KioskConfig& c, const std::string& v) { return set_int(c.width, v, 320, 7680); }};
    keys["display.viewing_distance"] = {[](KioskConfig& c, const std::string& v) {
        return set_int(c.viewing_distance_mm, v, 150, 2000);
    }};
    keys["display.dpi"] = {
        [](KioskConfig& c, const std::string& v) { return set_int(c.dpi, v, 50, 600); }};
    keys["display.height"] = {
        [](KioskConfig& c, const std::string& v) { return set_int(c.height, v, 240, 4320); }};
    keys["display.rotation"] = {
        [](KioskConfig& c, const std::string& v) -> std::optional<std::string> {
            if (v != "0" && v != "90" && v != "180" && v != "270") {
                return "'" + v + "' must be 0, 90, 180 or 270 (degrees clockwise)";
            }
            c.rotation = std::stoi(v);
            return std::nullopt;
        }};
    keys["display.opening_hours"] = {
        [](KioskConfig& c, const std::string& v) -> std::optional<std::string> {
            auto parsed = sync::protocol::parse_opening_hours(v);
            c.opening_hours = std::move(parsed.hours);
            return parsed.error;
        }};
    keys["display.backlight"] = {path_setter(base, &KioskConfig::backlight)};
}

}  // namespace

Keys make_keys(const std::filesystem::path& base, bool& allow_plain_http) {
    Keys keys;
    add_kiosk_keys(keys, base);
    add_hub_keys(keys, base, allow_plain_http);
    add_tuning_keys(keys);
    add_display_keys(keys, base);
    // A setting the hub may manage has one rule for its value, shared with the hub
    // (sync/protocol/central_settings.cpp): checked here before the key's own setter runs.
    for (const protocol::ManagedSetting& managed : protocol::managed_settings()) {
        Key& key = keys.at(std::string(managed.key));
        key.set = [check = managed.check, set = std::move(key.set)](
                      KioskConfig& c, const std::string& v) -> std::optional<std::string> {
            if (auto problem = check(v)) {
                return problem;
            }
            return set(c, v);
        };
    }
    return keys;
}

}  // namespace fbk::kiosk::core
