// systemd's service protocol (sd_notify): READY=1 once the first frame is on screen, WATCHDOG=1
// from the main loop while it keeps turning, STOPPING=1 on the way out. Outside systemd (no
// NOTIFY_SOCKET) every call does nothing. A main loop that stops calling feed() stops the
// pings, and systemd restarts the service after WatchdogSec.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace fbk::sync::service {

class ServiceNotifier {
  public:
    ServiceNotifier();

    void ready();
    void stopping();
    void status(std::string_view text);

    // WATCHDOG=1 now (for a service that decides itself when it is healthy).
    void ping();
    // Pings the watchdog if half its interval has passed since the last ping. Returns how long
    // the loop may sleep before the next ping is due, or nullopt without a watchdog.
    std::optional<std::int64_t> feed(std::int64_t now_mono_ms);
    std::optional<std::int64_t> watchdog_interval_ms() const;

  private:
    std::int64_t interval_ms_ = 0;  // 0: no watchdog
    std::int64_t last_feed_ms_ = -1;
};

}  // namespace fbk::sync::service
