#include "sync/service/service_notify.h"

#include <algorithm>
#include <string>

#include <systemd/sd-daemon.h>

namespace fbk::sync::service {

ServiceNotifier::ServiceNotifier() {
    std::uint64_t usec = 0;
    // 0 = do not unset the environment: a restarted kiosk (exec of itself) needs it again.
    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        interval_ms_ = static_cast<std::int64_t>(std::max<std::uint64_t>(usec / 1000, 2));
    }
}

void ServiceNotifier::ready() {
    sd_notify(0, "READY=1");
}

void ServiceNotifier::stopping() {
    sd_notify(0, "STOPPING=1");
}

void ServiceNotifier::status(std::string_view text) {
    sd_notify(0, ("STATUS=" + std::string(text)).c_str());
}

void ServiceNotifier::ping() {
    sd_notify(0, "WATCHDOG=1");
}

std::optional<std::int64_t> ServiceNotifier::watchdog_interval_ms() const {
    return interval_ms_ > 0 ? std::optional(interval_ms_) : std::nullopt;
}

std::optional<std::int64_t> ServiceNotifier::feed(std::int64_t now_mono_ms) {
    if (interval_ms_ == 0) {
        return std::nullopt;
    }
    const std::int64_t every = interval_ms_ / 2;  // systemd's advice: ping at half the interval
    if (last_feed_ms_ < 0 || now_mono_ms - last_feed_ms_ >= every) {
        sd_notify(0, "WATCHDOG=1");
        last_feed_ms_ = now_mono_ms;
    }
    return std::max<std::int64_t>(0, last_feed_ms_ + every - now_mono_ms);
}

}  // namespace fbk::sync::service
