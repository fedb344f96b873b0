// Time and identity of this boot. A Raspberry Pi has no battery-backed clock: wall time can be
// wrong until NTP syncs, so every record keeps wall time, the boot id and monotonic time, and
// every timer runs on monotonic time.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace fbk::platform {

std::int64_t wall_now_ms();
std::int64_t monotonic_now_ms();
std::int64_t monotonic_now_us();  // for frame times
// /proc/sys/kernel/random/boot_id, or "unknown" where there is none.
std::string read_boot_id();

struct LocalClock {
    int weekday = 0;  // 0 = Monday .. 6 = Sunday
    int minute = 0;   // minutes after local midnight
};
// The local (TZ) weekday and time of day of `wall_ms`, for opening hours and schedules.
LocalClock local_clock(std::int64_t wall_ms);

// The clock the kiosk's flow runs on: the system clocks plus an offset that only a replay script
// moves (`advance 31s`), so tests can step through timeouts without sleeping.
class FlowClock {
  public:
    std::int64_t wall_ms() const { return wall_now_ms() + offset_ms_.load(); }
    std::int64_t mono_ms() const { return monotonic_now_ms() + offset_ms_.load(); }
    void advance(std::int64_t ms) { offset_ms_ += ms; }

  private:
    std::atomic<std::int64_t> offset_ms_{0};
};

}  // namespace fbk::platform
