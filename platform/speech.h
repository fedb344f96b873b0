// Text-to-speech with espeak-ng (Debian's libespeak-ng1 + espeak-ng-data) for the kiosk's speech
// mode. Synthesis runs on its own thread, so the UI never waits for it; a new utterance replaces
// the one being said. Audio goes to the sound device through SDL, and, when a recording
// directory is given (tests, demos), each utterance is also written as a WAV file with a line in
// speech.log: "<n>\t<language>\t<volume>\t<milliseconds>\t<complete|interrupted>\t<text>".
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "platform/audio_output.h"

namespace fbk::platform {

struct SpeechOptions {
    std::filesystem::path record_dir;  // empty: not recorded
    bool play = true;                  // through the default sound device, if there is one
    int rate_wpm = 150;                // a little slower than espeak-ng's 175: older listeners
};

class Speech {
  public:
    explicit Speech(SpeechOptions options);
    ~Speech();
    Speech(const Speech&) = delete;
    Speech& operator=(const Speech&) = delete;

    // Opens the sound output, on the thread that runs SDL's events (the UI thread), before
    // speech is first needed; `reopen` moves to the current default output (a headset was
    // plugged in).
    void prepare_output(bool reopen = false);
    // Replaces whatever is being said. `language`: "fi", "sv", …; `volume`: percent of normal.
    void say(std::string text, std::string language, int volume);
    void stop();
    // Nothing waiting and nothing being synthesised (the sound device may still be playing).
    bool idle() const;
    // Waits until idle(), at most `timeout`; returns idle().
    bool wait_idle(std::chrono::milliseconds timeout);
    // Why speech is silent or incomplete, once per problem (empty when all is well).
    std::string take_problem();

  private:
    struct Request {
        std::string text;
        std::string language;
        int volume = 100;
        std::uint64_t generation = 0;
    };
    void run();
    void speak(const Request& request);
    bool start_engine();
    void record(const Request& request, const std::vector<std::int16_t>& samples, bool complete);
    void write_record(const Request& request, const std::vector<std::int16_t>& samples,
                      bool complete);
    static constexpr int kOutputRate = 22'050;  // espeak-ng's voices
    friend int speech_callback(short* wav, int count, void* events);

    SpeechOptions options_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable idle_;
    std::optional<Request> pending_;
    bool busy_ = false;
    bool quit_ = false;
    std::uint64_t generation_ = 0;
    std::string problem_;
    // Owned by the worker thread.
    bool engine_tried_ = false;
    bool engine_ok_ = false;
    int sample_rate_ = 22'050;
    AudioOutput output_;  // opened on the UI thread; queued to by the worker, under mutex_
    int utterances_ = 0;
    std::thread worker_;  // last: starts after everything it uses exists
};

}  // namespace fbk::platform
