// The audible half of the idle warning: a short two-tone chime through SDL audio. A kiosk
// without a sound device still shows the visible warning; the chime then reports why once.
#pragma once

#include <string>

namespace fbk::platform {

class Chime {
  public:
    Chime() = default;
    ~Chime();
    Chime(const Chime&) = delete;
    Chime& operator=(const Chime&) = delete;

    // Queues the chime; returns false (and sets last_error) when no audio device can play it.
    bool play();
    const std::string& last_error() const { return last_error_; }
    int played() const { return played_; }

  private:
    unsigned device_ = 0;
    bool opened_ = false;
    int played_ = 0;
    std::string last_error_;
};

}  // namespace fbk::platform
