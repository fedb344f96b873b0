#include "sync/protocol/kiosk_link.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "sync/protocol/ids.h"
#include "sync/protocol/json_reader.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/stages.h"

namespace fbk::sync::protocol {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxErrorText = 500;
constexpr std::size_t kMaxIdText = 100;
constexpr std::size_t kMaxAlarms = 16;
constexpr std::string_view kAlarms[] = {kAlarmLowSpace, kAlarmSaveFailed, kAlarmUnauthorized,
                                        kAlarmPackRefused, kAlarmSettingsRefused};

std::optional<std::int64_t> positive(JsonReader& r, const json& root, std::string_view key,
                                     bool allow_zero) {
    const auto value = r.integer(root, key, "$");
    if (value && (*value < 0 || (*value == 0 && !allow_zero))) {
        r.error("$." + std::string(key),
                "must be " + std::string(allow_zero ? "0 or more" : "positive"));
        return std::nullopt;
    }
    return value;
}

// A wall or monotonic time in milliseconds, within what a clock can show (messages.h).
std::optional<std::int64_t> plausible_time(JsonReader& r, const json& root, std::string_view key) {
    const auto value = r.integer(root, key, "$");
    if (value && (*value < 0 || *value > kMaxPlausibleMs)) {
        r.error("$." + std::string(key),
                std::to_string(*value) + " is not a plausible time in milliseconds");
        return std::nullopt;
    }
    return value;
}

std::optional<std::string> bounded(JsonReader& r, const json& root, std::string_view key,
                                   std::size_t max) {
    auto value = r.string(root, key, "$");
    if (value && value->size() > max) {
        r.error("$." + std::string(key), "is longer than " + std::to_string(max) + " bytes");
        return std::nullopt;
    }
    return value;
}

}  // namespace

std::string serialize(const KioskSettings& s) {
    return json{{"max_batch_responses", s.max_batch_responses},
                {"max_batch_bytes", s.max_batch_bytes},
                {"heartbeat_interval_ms", s.heartbeat_interval_ms}}
        .dump();
}

std::optional<KioskSettings> parse_kiosk_settings(std::string_view body, Issues& issues) {
    const auto root = parse_json_object(body, issues);
    if (!root) {
        return std::nullopt;
    }
    JsonReader r(issues);
    KioskSettings s;
    const auto responses = positive(r, *root, "max_batch_responses", false);
    const auto bytes = positive(r, *root, "max_batch_bytes", false);
    const auto interval = positive(r, *root, "heartbeat_interval_ms", false);
    if (!responses || !bytes || !interval) {
        return std::nullopt;
    }
    s.max_batch_responses = *responses;
    s.max_batch_bytes = *bytes;
    s.heartbeat_interval_ms = *interval;
    return s;
}

std::string serialize(const Heartbeat& h) {
    json doc{{"kiosk_id", h.kiosk_id},
             {"boot_id", h.boot_id},
             {"sent_at_ms", h.sent_at_ms},
             {"monotonic_ms", h.monotonic_ms},
             {"app_version", h.app_version},
             {"pack_id", h.pack_id},
             {"pack_version", h.pack_version},
             {"backlog", h.backlog},
             {"backlog_bytes", h.backlog_bytes},
             {"oldest_unsent_age_ms", h.oldest_unsent_age_ms},
             {"disk_free_bytes", h.disk_free_bytes},
             {"uptime_ms", h.uptime_ms},
             {"last_error", h.last_error},
             {"alarms", h.alarms},
             {"site", h.site},
             {"stage", h.stage}};
    // Only from a kiosk whose hub manages its settings, so that a hub from before them (which
    // refuses keys it does not know) still takes every other kiosk's heartbeat.
    if (!h.settings_etag.empty()) {
        doc["settings_etag"] = h.settings_etag;
    }
    return doc.dump();
}

namespace {

// The alarm codes, each one we know, at most kMaxAlarms.
void parse_alarms(JsonReader& r, const json& root, Heartbeat& h) {
    if (const json* alarms = r.array(root, "alarms", "$")) {
        if (alarms->size() > kMaxAlarms) {
            r.error("$.alarms", "has more than " + std::to_string(kMaxAlarms) + " entries");
        }
        for (std::size_t i = 0; i < alarms->size() && i < kMaxAlarms; ++i) {
            const json& a = (*alarms)[i];
            const auto path = "$.alarms[" + std::to_string(i) + "]";
            if (!a.is_string() || std::find(std::begin(kAlarms), std::end(kAlarms),
                                            a.get<std::string>()) == std::end(kAlarms)) {
                r.error(path, "is not a known alarm code");
                continue;
            }
            h.alarms.push_back(a.get<std::string>());
        }
    }
}

// The optional site and stage the kiosk serves; false (with an issue) when one is malformed.
bool parse_whereabouts(JsonReader& r, const json& root, Heartbeat& h) {
    for (const auto& [key, target] : {std::pair{"site", &h.site}, std::pair{"stage", &h.stage}}) {
        if (root.contains(key)) {
            const auto value = bounded(r, root, key, kMaxIdText);
            if (!value) {
                return false;
            }
            // A site is a plain id, like the targets pack assignments use.
            if (std::string_view(key) == "site" && !value->empty() && !is_plain_id(*value)) {
                r.error("$.site", "is not a site id (1-64 of a-z, 0-9, '-', '_')");
                return false;
            }
            // The stage a kiosk serves: a journey stage code, "ask" (the patient picks), or
            // nothing yet; pack assignments by stage match on it.
            if (std::string_view(key) == "stage" && !value->empty() && *value != "ask" &&
                !is_known_stage(*value)) {
                r.error("$.stage", "'" + *value + "' is not a journey stage code or 'ask'");
                return false;
            }
            *target = *value;
        }
    }
    return true;
}

}  // namespace

std::optional<Heartbeat> parse_heartbeat(std::string_view body, Issues& issues) {
    const auto root = parse_json_object(body, issues);
    if (!root) {
        return std::nullopt;
    }
    JsonReader r(issues);
    r.reject_unknown_keys(
        *root,
        {"kiosk_id", "boot_id", "sent_at_ms", "monotonic_ms", "app_version", "pack_id",
         "pack_version", "backlog", "backlog_bytes", "oldest_unsent_age_ms", "disk_free_bytes",
         "uptime_ms", "last_error", "alarms", "site", "stage", "settings_etag"},
        "$");
    Heartbeat h;
    const auto kiosk_id = bounded(r, *root, "kiosk_id", kMaxIdText);
    const auto boot_id = bounded(r, *root, "boot_id", kMaxBootIdBytes);
    const auto app_version = bounded(r, *root, "app_version", kMaxIdText);
    const auto pack_id = bounded(r, *root, "pack_id", kMaxIdText);
    const auto last_error = bounded(r, *root, "last_error", kMaxErrorText);
    const auto sent_at = plausible_time(r, *root, "sent_at_ms");
    const auto monotonic = plausible_time(r, *root, "monotonic_ms");
    const auto pack_version = positive(r, *root, "pack_version", true);
    if (pack_version && *pack_version > kMaxPackVersion) {
        r.error("$.pack_version", "is larger than " + std::to_string(kMaxPackVersion));
    }
    const auto backlog = positive(r, *root, "backlog", true);
    const auto backlog_bytes = positive(r, *root, "backlog_bytes", true);
    const auto oldest = positive(r, *root, "oldest_unsent_age_ms", true);
    const auto disk = positive(r, *root, "disk_free_bytes", true);
    const auto uptime = positive(r, *root, "uptime_ms", true);
    parse_alarms(r, *root, h);
    if (root->contains("settings_etag")) {
        const auto etag = bounded(r, *root, "settings_etag", kMaxIdText);
        const auto printable_ascii = [](const std::string& t) {
            return std::all_of(t.begin(), t.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
        };
        if (etag && !printable_ascii(*etag)) {
            r.error("$.settings_etag", "must be printable ASCII");
        }
        h.settings_etag = etag.value_or("");
    }
    if (!issues.empty()) {
        return std::nullopt;
    }
    h.kiosk_id = *kiosk_id;
    h.boot_id = *boot_id;
    h.app_version = *app_version;
    h.pack_id = *pack_id;
    h.last_error = *last_error;
    h.sent_at_ms = *sent_at;
    h.monotonic_ms = *monotonic;
    h.pack_version = static_cast<int>(*pack_version);
    h.backlog = *backlog;
    h.backlog_bytes = *backlog_bytes;
    h.oldest_unsent_age_ms = *oldest;
    h.disk_free_bytes = *disk;
    h.uptime_ms = *uptime;
    if (!parse_whereabouts(r, *root, h)) {
        return std::nullopt;
    }
    return h;
}

}  // namespace fbk::sync::protocol
