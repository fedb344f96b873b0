#include "platform/chime.h"

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include <SDL.h>

namespace fbk::platform {

namespace {

constexpr int kRate = 22'050;

// Two soft tones (E5 then C5) with a fade, so the cue is noticed without startling anyone.
std::vector<std::int16_t> chime_samples() {
    std::vector<std::int16_t> samples;
    for (const double freq : {659.25, 523.25}) {
        const int n = kRate / 4;
        for (int i = 0; i < n; ++i) {
            const double t = static_cast<double>(i) / kRate;
            const double envelope = std::sin(std::numbers::pi * i / n);
            samples.push_back(static_cast<std::int16_t>(
                9'000.0 * envelope * std::sin(2.0 * std::numbers::pi * freq * t)));
        }
    }
    return samples;
}

}  // namespace

Chime::~Chime() {
    if (device_ != 0) {
        SDL_CloseAudioDevice(device_);
    }
    if (opened_) {
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
    }
}

bool Chime::play() {
    if (!opened_) {
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
            last_error_ = std::string("no audio: ") + SDL_GetError();
            return false;
        }
        opened_ = true;
        SDL_AudioSpec want{};
        want.freq = kRate;
        want.format = AUDIO_S16SYS;
        want.channels = 1;
        want.samples = 1024;
        device_ = SDL_OpenAudioDevice(nullptr, 0, &want, nullptr, 0);
        if (device_ == 0) {
            last_error_ = std::string("no audio device: ") + SDL_GetError();
            return false;
        }
        SDL_PauseAudioDevice(device_, 0);
    }
    if (device_ == 0) {
        return false;
    }
    const auto samples = chime_samples();
    SDL_ClearQueuedAudio(device_);
    if (SDL_QueueAudio(device_, samples.data(),
                       static_cast<Uint32>(samples.size() * sizeof(std::int16_t))) != 0) {
        last_error_ = std::string("cannot queue audio: ") + SDL_GetError();
        return false;
    }
    ++played_;
    return true;
}

}  // namespace fbk::platform
