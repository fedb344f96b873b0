#include "platform/audio_output.h"

#include <SDL.h>

namespace fbk::platform {

AudioOutput::~AudioOutput() {
    close();
}

void AudioOutput::close() {
    if (device_ != 0) {
        SDL_CloseAudioDevice(device_);
        device_ = 0;
    }
    if (subsystem_) {
        SDL_QuitSubSystem(SDL_INIT_AUDIO);
        subsystem_ = false;
    }
    tried_ = false;
    error_.clear();
}

bool AudioOutput::open(int rate) {
    if (tried_) {
        return device_ != 0;
    }
    tried_ = true;
    if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0) {
        error_ = std::string("no audio: ") + SDL_GetError();
        return false;
    }
    subsystem_ = true;
    SDL_AudioSpec want{};
    want.freq = rate;
    want.format = AUDIO_S16SYS;
    want.channels = 1;
    want.samples = 1024;
    device_ = SDL_OpenAudioDevice(nullptr, 0, &want, nullptr, 0);
    if (device_ == 0) {
        error_ = std::string("no audio device: ") + SDL_GetError();
        return false;
    }
    SDL_PauseAudioDevice(device_, 0);
    return true;
}

bool AudioOutput::queue(std::span<const std::int16_t> samples) {
    if (device_ == 0) {
        return false;
    }
    if (SDL_QueueAudio(device_, samples.data(), static_cast<Uint32>(samples.size_bytes())) != 0) {
        error_ = std::string("cannot queue audio: ") + SDL_GetError();
        return false;
    }
    return true;
}

void AudioOutput::clear() {
    if (device_ != 0) {
        SDL_ClearQueuedAudio(device_);
    }
}

}  // namespace fbk::platform
