#include "kiosk/core/staff_view.h"

#include <algorithm>

namespace fbk::kiosk::core {

std::string format_size(std::uint64_t bytes) {
    constexpr std::uint64_t kKiB = 1024;
    constexpr std::uint64_t kMiB = 1024 * kKiB;
    constexpr std::uint64_t kGiB = 1024 * kMiB;
    if (bytes < kMiB) {
        return std::to_string((bytes + kKiB / 2) / kKiB) + " KiB";
    }
    if (bytes < 10 * kGiB) {
        return std::to_string((bytes + kMiB / 2) / kMiB) + " MiB";
    }
    const auto tenths = (bytes * 10 + kGiB / 2) / kGiB;
    return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " GiB";
}

namespace {

std::vector<std::pair<std::string, std::string>> alarms_of(const StaffFacts& f,
                                                           const UiStrings& strings,
                                                           std::string_view lang) {
    std::vector<std::pair<std::string, std::string>> out;
    const auto add = [&](std::string key, std::string text) {
        out.emplace_back(std::move(key), std::move(text));
    };
    if (f.last_commit_failed) {
        add("staff.alarm.save_failed", std::string(strings.get(lang, "staff.alarm.save_failed")));
    }
    if (f.unauthorized) {
        add("staff.alarm.unauthorized", std::string(strings.get(lang, "staff.alarm.unauthorized")));
    }
    if (!f.pack_refusal.empty()) {
        add("staff.alarm.pack_refused",
            format(strings.get(lang, "staff.alarm.pack_refused"), {{"reason", f.pack_refusal}}));
    }
    if (!f.settings_refusal.empty()) {
        add("staff.alarm.settings_refused",
            format(strings.get(lang, "staff.alarm.settings_refused"),
                   {{"reason", f.settings_refusal}}));
    }
    if (f.low_space) {
        add("staff.alarm.low_space",
            format(strings.get(lang, "staff.alarm.low_space"),
                   {{"free", format_size(f.free_bytes)}, {"outbox", format_size(f.outbox_bytes)}}));
    }
    return out;
}

}  // namespace

StaffView make_staff_view(const StaffFacts& f, const UiStrings& strings,
                          std::string_view language) {
    // Whole minutes since then; "never" for a time that never came.
    const auto age = [&](std::int64_t wall_ms) -> std::string {
        if (wall_ms == 0) {
            return std::string(strings.get(language, "staff.never"));
        }
        return std::to_string(std::max<std::int64_t>(0, f.now_wall_ms - wall_ms) / 60'000) + " min";
    };
    StaffView view;
    view.lines = {
        {"staff.kiosk", f.kiosk_id},
        {"staff.stage", f.stage + " (" + f.stage_source + ")"},
        {"staff.unsent", std::to_string(f.unsent)},
        {"staff.oldest", f.unsent == 0 ? "-" : age(f.oldest_unsent_wall_ms)},
        {"staff.last_sync", age(f.last_sync_wall_ms)},
        {"staff.last_error", f.last_error.empty() ? "-" : f.last_error},
        {"staff.hub",
         std::string(strings.get(language, f.hub_reachable ? "staff.hub_ok" : "staff.hub_down"))},
        {"staff.disk", f.disk_available ? format_size(*f.disk_available) : "?"},
        {"staff.version", f.version},
        {"staff.settings", f.central_settings.empty() ? "-" : f.central_settings},
    };
    view.alarms = alarms_of(f, strings, language);
    view.override_stage = f.override_stage;
    view.stages = f.stages;
    return view;
}

}  // namespace fbk::kiosk::core
