// One SDL audio output for 16-bit mono samples, opened on first use and closed with the object
// (the chime and speech each own one). A kiosk without a sound device gets a clear reason.
#pragma once

#include <atomic>
#include <cstdint>
#include <span>
#include <string>

namespace fbk::platform {

class AudioOutput {
  public:
    AudioOutput() = default;
    ~AudioOutput();
    AudioOutput(const AudioOutput&) = delete;
    AudioOutput& operator=(const AudioOutput&) = delete;

    // Opens the default output at `rate` Hz the first time; false with error() if there is none.
    bool open(int rate);
    bool queue(std::span<const std::int16_t> samples);
    // Drops what is queued and not yet played.
    void clear();
    // Closes the device; the next open() tries again (a headset was plugged in or removed).
    void close();
    const std::string& error() const { return error_; }

  private:
    bool tried_ = false;
    bool subsystem_ = false;
    std::atomic<unsigned> device_ = 0;
    std::string error_;
};

}  // namespace fbk::platform
