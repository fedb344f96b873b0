// The kiosk's configuration file (INI-like, edited by IT staff; see README "Configuration").
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/misuse.h"
#include "sync/protocol/central_settings.h"
#include "sync/protocol/opening_hours.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::kiosk::core {

struct KioskConfig {
    // [kiosk]
    std::string kiosk_id;
    std::string stage;
    std::string site;  // optional; shown in the hub's fleet view
    std::filesystem::path pack_file;
    std::filesystem::path strings_file;    // empty: the installed default
    std::filesystem::path keyboards_file;  // empty: the installed default
    std::vector<std::string> languages;
    std::string default_language;
    std::filesystem::path data_dir;
    // The staff PIN, as written in the file or as its hash (sync/service/pin_hash.h; what the
    // hub sends). Neither set: staff mode is off. The hash wins.
    std::string staff_pin;
    std::string staff_pin_hash;
    // Which stage is asked about when ([kiosk] schedule, sync/protocol/stage_schedule.h); it
    // replaces the pack's own schedule. Empty: the pack's, then `stage`.
    std::vector<sync::protocol::ScheduleSlot> schedule;
    // The zone the opening hours and the schedule are in ("Europe/Helsinki"); empty: the
    // system's (an image is UTC unless told otherwise).
    std::string timezone;
    // [hub]
    std::string hub_url;
    std::string token;
    std::filesystem::path ca_file;  // empty: the system's CA store
    // Public-key pins, "sha256//BASE64[;sha256//BASE64]": the hub's key must match one of them,
    // on top of normal certificate verification. Empty: no pinning.
    std::string pinned_public_keys;
    // [timing]
    std::int64_t idle_timeout_ms = 30'000;
    std::int64_t thanks_ms = 6'000;
    std::int64_t still_there_ms = 20'000;
    // [misuse]
    MisuseRules misuse;
    // [sync]
    std::int64_t retention_ms = 14LL * 86'400'000;
    int batch_max_responses = 200;
    std::int64_t retry_initial_ms = 2'000;
    std::int64_t retry_max_ms = 300'000;
    std::int64_t request_timeout_ms = 30'000;
    // [storage]: below this much free space, or above this outbox size, acknowledged answers are
    // deleted before their retention ends and staff mode shows an alarm. Unsent ones never are.
    int min_free_mb = 64;
    int max_outbox_mb = 1024;
    // [display]
    int width = 1280;  // window size when not fullscreen (headless, desktop testing)
    int height = 800;
    int dpi = 150;  // of the panel: touch targets are sized in millimetres (a 10" 1280x800 is 150)
    // How far a patient's eyes are from the panel; large-text mode sizes letters for it.
    int viewing_distance_mm = 400;
    // Degrees clockwise the picture is turned on the panel: 90 or 270 for a landscape panel
    // mounted upright (the Pi's display driver cannot rotate, so the kiosk does, touch included).
    int rotation = 0;
    // Outside these hours the screen is dark until touched; empty: always open.
    sync::protocol::OpeningHours opening_hours;
    // A sysfs backlight (/sys/class/backlight/NAME) switched off while the screen is dark;
    // empty: the screen is only drawn black.
    std::filesystem::path backlight;
    // The settings the hub manages that this configuration took (apply_central_settings);
    // empty: only the file's.
    sync::protocol::CentralSettings central;
};

struct ConfigLoad {
    std::optional<KioskConfig> config;
    std::vector<std::string> errors;  // "FILE:LINE: [section] key: problem"
};

// The host a URL makes the HTTP client connect to, as that client's own URL parser reads it
// (sync/uploader's hub_url_host, with curl_url), or nullopt when it cannot use the URL. Passed
// in because this pure module may not call curl, and only curl's reading of a URL is the one
// that counts: "http://127.0.0.1@10.0.0.1/" connects to 10.0.0.1.
using UrlHostReader = std::function<std::optional<std::string>(std::string_view url)>;

// True for a host on this machine: "localhost", 127.0.0.0/8 in dotted form, "::1".
bool is_loopback_host(std::string_view host);

// `source` names the file in messages and anchors relative paths.
ConfigLoad parse_kiosk_config(std::string_view text, const std::filesystem::path& source,
                              const UrlHostReader& host_of);
ConfigLoad load_kiosk_config(const std::filesystem::path& file, const UrlHostReader& host_of);

// `local` (a configuration file as loaded) with the hub's settings on top: each value goes
// through the same table and checks as the file's ("hub setting [timing] idle_timeout
// (site:ward-3): ..."). A hub PIN replaces the file's; hub languages without a default
// language keep the file's default when offered, else take the first.
ConfigLoad apply_central_settings(const KioskConfig& local,
                                  const sync::protocol::CentralSettings& central);

}  // namespace fbk::kiosk::core
