// The kiosk's other conversations with its hub, beside batches (API version 1):
//   GET  /api/v1/kiosk/settings   what the hub asks of its kiosks (batch limits, heartbeat pace)
//   GET  /api/v1/kiosk/pack?id=   the newest version of a survey pack (ETag / If-None-Match)
//   GET  /api/v1/kiosk/central-settings?site=   what administrators set for this kiosk, its
//                                 site or all (central_settings.h; ETag / If-None-Match)
//   POST /api/v1/heartbeat        the kiosk's health, every few minutes
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sync/protocol/issue.h"

namespace fbk::sync::protocol {

struct KioskSettings {
    std::int64_t max_batch_responses = 1000;
    std::int64_t max_batch_bytes = 32 * 1024 * 1024;  // uncompressed
    std::int64_t heartbeat_interval_ms = 300'000;
};

std::string serialize(const KioskSettings& settings);
std::optional<KioskSettings> parse_kiosk_settings(std::string_view body, Issues& issues);

// Alarm codes a heartbeat may carry.
inline constexpr std::string_view kAlarmLowSpace = "storage_low";
inline constexpr std::string_view kAlarmSaveFailed = "save_failed";
inline constexpr std::string_view kAlarmUnauthorized = "unauthorized";
inline constexpr std::string_view kAlarmPackRefused = "pack_refused";
inline constexpr std::string_view kAlarmSettingsRefused = "settings_refused";

struct Heartbeat {
    std::string kiosk_id;
    std::string boot_id;
    std::int64_t sent_at_ms = 0;  // kiosk wall clock
    std::int64_t monotonic_ms = 0;
    std::string app_version;
    std::string pack_id;
    int pack_version = 0;
    std::int64_t backlog = 0;  // responses not yet acknowledged
    std::int64_t backlog_bytes = 0;
    std::int64_t oldest_unsent_age_ms = 0;  // 0 when nothing waits
    std::int64_t disk_free_bytes = 0;
    std::int64_t uptime_ms = 0;
    std::string last_error;           // never contains answers
    std::vector<std::string> alarms;  // kAlarm* codes
    // Optional (older kiosks leave them out): where the kiosk stands and what it asks now.
    std::string site;
    std::string stage;
    // The ETag of the hub's settings the kiosk runs with; empty: none from the hub.
    std::string settings_etag;
};

std::string serialize(const Heartbeat& heartbeat);
// Checks types, sizes and that alarms are known codes.
std::optional<Heartbeat> parse_heartbeat(std::string_view body, Issues& issues);

}  // namespace fbk::sync::protocol
