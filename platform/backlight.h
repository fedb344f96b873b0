// A panel's backlight through Linux sysfs (/sys/class/backlight/NAME/bl_power: 0 on, 4 off),
// switched off while the kiosk's screen is dark outside opening hours. A black picture alone
// still lights an LCD; the backlight is most of the panel's power and wear.
#pragma once

#include <filesystem>
#include <string>

namespace fbk::platform {

class Backlight {
  public:
    // `device`: the sysfs directory; empty: no backlight to switch (set_power does nothing).
    explicit Backlight(std::filesystem::path device);
    // Lit again: a kiosk that stops for any reason does not leave a dark panel behind.
    ~Backlight();
    Backlight(const Backlight&) = delete;
    Backlight& operator=(const Backlight&) = delete;

    // Empty when done (or nothing to do); otherwise what went wrong, naming the file.
    std::string set_power(bool on);

  private:
    std::filesystem::path device_;
    bool switched_off_ = false;
};

}  // namespace fbk::platform
