#include "platform/clock.h"

#include <ctime>

#include <chrono>
#include <fstream>

namespace fbk::platform {

std::int64_t wall_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t monotonic_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::int64_t monotonic_now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string read_boot_id() {
    std::ifstream in("/proc/sys/kernel/random/boot_id");
    std::string id;
    if (!(in >> id) || id.empty()) {
        return "unknown";
    }
    return id;
}

LocalClock local_clock(std::int64_t wall_ms) {
    const std::time_t seconds = static_cast<std::time_t>(wall_ms / 1000);
    std::tm local{};
    localtime_r(&seconds, &local);
    return {(local.tm_wday + 6) % 7, local.tm_hour * 60 + local.tm_min};
}

}  // namespace fbk::platform
