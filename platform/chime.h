// The audible half of the idle warning: a short two-tone chime through SDL audio. A kiosk
// without a sound device still shows the visible warning; the chime then reports why once.
#pragma once

#include <string>

#include "platform/audio_output.h"

namespace fbk::platform {

class Chime {
  public:
    // Queues the chime; returns false (and sets last_error) when no audio device can play it.
    bool play();
    const std::string& last_error() const { return output_.error(); }
    int played() const { return played_; }

  private:
    AudioOutput output_;
    int played_ = 0;
};

}  // namespace fbk::platform
