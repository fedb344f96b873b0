// What the staff screen shows, built from facts the runner gathers (outbox counts, the
// uploader's status, disk space) while it is open. Pure: the wording, the ages and the alarms
// are unit-tested without a display (tests/unit/test_staff_view.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/ui_strings.h"

namespace fbk::kiosk::core {

struct StaffView {
    std::vector<std::pair<std::string, std::string>> lines;  // UI string key -> value
    std::string override_stage;                              // empty: automatic
    std::vector<std::string> stages;                         // every stage the pack serves
    // Shown first, in red: notice id (e.g. "staff.alarm.low_space") -> text to show.
    std::vector<std::pair<std::string, std::string>> alarms;
};

struct StaffFacts {
    std::string kiosk_id;
    std::string stage;         // the stage now, or "ask"
    std::string stage_source;  // "config", "schedule", "staff", ...
    std::int64_t unsent = 0;
    std::int64_t oldest_unsent_wall_ms = 0;
    std::int64_t last_sync_wall_ms = 0;  // 0: never
    std::string last_error;
    bool hub_reachable = true;
    bool unauthorized = false;     // the hub refused the kiosk's token
    std::string pack_refusal;      // why the hub's pack was not installed; empty: none
    std::string settings_refusal;  // why the hub's settings were not taken; empty: none
    // The settings the hub manages that are in force, with where each came from; empty: none.
    std::string central_settings;
    bool last_commit_failed = false;
    std::optional<std::uint64_t> disk_available;  // nullopt: could not be read
    bool low_space = false;
    std::uint64_t free_bytes = 0;
    std::uint64_t outbox_bytes = 0;
    std::string version;  // the app's and the pack's
    std::string override_stage;
    std::vector<std::string> stages;
    std::int64_t now_wall_ms = 0;
};

// "120 KiB", "63 MiB", "12.5 GiB": small amounts must not read as "0 MiB" on an alarm.
std::string format_size(std::uint64_t bytes);

// Lines and alarms in `language` (the kiosk's default: staff read the clinic's language).
StaffView make_staff_view(const StaffFacts& facts, const UiStrings& strings,
                          std::string_view language);

}  // namespace fbk::kiosk::core
