#include "platform/backlight.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace fbk::platform {

namespace {

// The kernel's FB_BLANK_UNBLANK and FB_BLANK_POWERDOWN.
constexpr const char* kPowerOn = "0\n";
constexpr const char* kPowerOff = "4\n";

}  // namespace

Backlight::Backlight(std::filesystem::path device) : device_(std::move(device)) {}

Backlight::~Backlight() {
    if (switched_off_) {
        set_power(true);
    }
}

std::string Backlight::set_power(bool on) {
    if (device_.empty()) {
        return {};
    }
    const auto file = device_ / "bl_power";
    // sysfs takes the whole value in one write; no truncation or temp file is possible there.
    std::ofstream out(file, std::ios::out | std::ios::in);
    if (out) {
        out << (on ? kPowerOn : kPowerOff) << std::flush;
    }
    if (!out) {
        return "cannot switch the backlight " + std::string(on ? "on" : "off") + " through " +
               file.string() + ": " + std::strerror(errno);
    }
    switched_off_ = !on;
    return {};
}

}  // namespace fbk::platform
