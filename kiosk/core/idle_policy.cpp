#include "kiosk/core/idle_policy.h"

#include <algorithm>

namespace fbk::kiosk::core {

bool ready_to_restart(const IdleFacts& f) {
    constexpr std::int64_t kQuietMs = 10'000;
    return f.screen == Screen::Language && !f.input_pending &&
           f.now_mono_ms - f.last_input_mono_ms > kQuietMs;
}

bool counting_down(const IdleFacts& f) {
    return f.screen == Screen::StillThere ||
           (f.screen == Screen::StaffPin && f.now_mono_ms < f.pin_locked_until_mono_ms);
}

std::optional<std::int64_t> ms_until_dark(const DarknessFacts& f) {
    if (f.dark || f.open_now || f.idle.screen != Screen::Language || f.idle.input_pending) {
        return std::nullopt;
    }
    const std::int64_t quiet_since = std::max(f.idle.last_input_mono_ms, f.woken_mono_ms);
    return std::max<std::int64_t>(0, quiet_since + f.idle_timeout_ms - f.idle.now_mono_ms);
}

}  // namespace fbk::kiosk::core
