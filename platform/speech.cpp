#include "platform/speech.h"

#include <algorithm>
#include <cstring>
#include <fstream>
#include <utility>

#include <espeak-ng/speak_lib.h>

namespace fbk::platform {

namespace {

// What the synthesis callback needs: the utterance it belongs to and where samples go.
struct Synthesis {
    Speech* speech = nullptr;
    std::uint64_t generation = 0;
    std::vector<std::int16_t> samples;
    bool play = false;
    bool cancelled = false;
};

void put_le(std::ofstream& out, std::uint32_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) {
        out.put(static_cast<char>((value >> (8 * i)) & 0xFF));
    }
}

void write_wav(const std::filesystem::path& file, const std::vector<std::int16_t>& samples,
               int rate) {
    std::ofstream out(file, std::ios::binary);
    const auto data_bytes = static_cast<std::uint32_t>(samples.size() * 2);
    out.write("RIFF", 4);
    put_le(out, 36 + data_bytes, 4);
    out.write("WAVEfmt ", 8);
    put_le(out, 16, 4);
    put_le(out, 1, 2);  // PCM
    put_le(out, 1, 2);  // mono
    put_le(out, static_cast<std::uint32_t>(rate), 4);
    put_le(out, static_cast<std::uint32_t>(rate * 2), 4);
    put_le(out, 2, 2);
    put_le(out, 16, 2);
    out.write("data", 4);
    put_le(out, data_bytes, 4);
    for (const std::int16_t s : samples) {
        put_le(out, static_cast<std::uint16_t>(s), 2);
    }
}

}  // namespace

// espeak-ng calls this with each chunk of audio; returning 1 stops the synthesis.
int speech_callback(short* wav, int count, void* events) {
    auto* synthesis = static_cast<Synthesis*>(static_cast<espeak_EVENT*>(events)->user_data);
    if (synthesis == nullptr) {
        return 0;
    }
    // Queued under the lock that stop() takes: no chunk of a cancelled utterance slips in after
    // stop() cleared the output.
    const std::lock_guard lock(synthesis->speech->mutex_);
    if (synthesis->speech->generation_ != synthesis->generation || synthesis->speech->quit_) {
        synthesis->cancelled = true;
        return 1;
    }
    if (wav != nullptr && count > 0) {
        synthesis->samples.insert(synthesis->samples.end(), wav, wav + count);
        if (synthesis->play) {
            synthesis->speech->output_.queue({wav, static_cast<std::size_t>(count)});
        }
    }
    return 0;
}

namespace {
int on_synth(short* wav, int count, espeak_EVENT* events) {
    return speech_callback(wav, count, events);
}
}  // namespace

Speech::Speech(SpeechOptions options) : options_(std::move(options)), worker_([this] { run(); }) {}

Speech::~Speech() {
    {
        const std::lock_guard lock(mutex_);
        quit_ = true;
        ++generation_;
    }
    wake_.notify_all();
    worker_.join();
}

void Speech::prepare_output(bool reopen) {
    if (!options_.play) {
        return;
    }
    const std::lock_guard lock(mutex_);
    if (reopen) {
        output_.close();
    }
    if (!output_.open(kOutputRate) && problem_.empty()) {
        problem_ = "speech is not played: " + output_.error();
    }
}

void Speech::say(std::string text, std::string language, int volume) {
    {
        const std::lock_guard lock(mutex_);
        pending_ = Request{std::move(text), std::move(language), volume, ++generation_};
    }
    wake_.notify_all();
}

void Speech::stop() {
    const std::lock_guard lock(mutex_);
    pending_.reset();
    ++generation_;
    output_.clear();
}

bool Speech::idle() const {
    const std::lock_guard lock(mutex_);
    return !pending_ && !busy_;
}

bool Speech::wait_idle(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return idle_.wait_for(lock, timeout, [this] { return !pending_ && !busy_; });
}

std::string Speech::take_problem() {
    const std::lock_guard lock(mutex_);
    return std::exchange(problem_, {});
}

void Speech::run() {
    while (true) {
        Request request;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return quit_ || pending_.has_value(); });
            if (quit_) {
                break;
            }
            request = std::move(*pending_);
            pending_.reset();
            busy_ = true;
        }
        speak(request);
        {
            const std::lock_guard lock(mutex_);
            busy_ = false;
        }
        idle_.notify_all();
    }
}

namespace {

// espeak-ng is one engine per process, and 1.51 hangs when started again after espeak_Terminate:
// it is started once, kept until the process ends, and used by one synthesis at a time.
std::mutex& engine_mutex() {
    static std::mutex m;
    return m;
}

int engine_sample_rate() {
    static const int rate = [] {
        // Without DONT_EXIT, espeak-ng 1.51 calls exit() when its data is missing.
        const int r =
            espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 200, nullptr, espeakINITIALIZE_DONT_EXIT);
        if (r > 0) {
            espeak_SetSynthCallback(on_synth);
        }
        return r;
    }();
    return rate;
}

}  // namespace

bool Speech::start_engine() {
    if (!engine_tried_) {
        engine_tried_ = true;
        const int rate = engine_sample_rate();
        engine_ok_ = rate > 0;
        if (!engine_ok_) {
            const std::lock_guard lock(mutex_);
            problem_ = "espeak-ng did not start: install espeak-ng-data";
            return false;
        }
        sample_rate_ = rate;
        if (rate != kOutputRate) {
            const std::lock_guard lock(mutex_);
            problem_ = "espeak-ng speaks at " + std::to_string(rate) + " Hz, not " +
                       std::to_string(kOutputRate) + ": speech is recorded but not played";
        }
    }
    return engine_ok_;
}

void Speech::speak(const Request& request) {
    if (!start_engine()) {
        return;
    }
    {
        const std::lock_guard lock(mutex_);
        output_.clear();  // the next action replaces what was being said
    }
    const std::lock_guard engine(engine_mutex());
    espeak_VOICE spec{};
    spec.languages = request.language.c_str();
    if (espeak_SetVoiceByProperties(&spec) != EE_OK) {
        const std::lock_guard lock(mutex_);
        problem_ = "espeak-ng has no voice for '" + request.language + "'";
        return;
    }
    espeak_SetParameter(espeakRATE, options_.rate_wpm, 0);
    espeak_SetParameter(espeakVOLUME, std::clamp(request.volume, 0, 200), 0);
    Synthesis synthesis;
    synthesis.speech = this;
    synthesis.generation = request.generation;
    synthesis.play = options_.play && sample_rate_ == kOutputRate;
    espeak_Synth(request.text.c_str(), request.text.size() + 1, 0, POS_CHARACTER, 0,
                 espeakCHARS_UTF8, nullptr, &synthesis);
    record(request, synthesis.samples, !synthesis.cancelled);
}

void Speech::record(const Request& request, const std::vector<std::int16_t>& samples,
                    bool complete) {
    if (options_.record_dir.empty()) {
        return;
    }
    try {
        write_record(request, samples, complete);
    } catch (const std::exception& e) {
        const std::lock_guard lock(mutex_);
        problem_ = std::string("cannot record speech: ") + e.what();
    }
}

void Speech::write_record(const Request& request, const std::vector<std::int16_t>& samples,
                          bool complete) {
    ++utterances_;
    char name[32];
    std::snprintf(name, sizeof name, "speech-%03d.wav", utterances_);
    std::filesystem::create_directories(options_.record_dir);
    write_wav(options_.record_dir / name, samples, sample_rate_);
    std::ofstream log(options_.record_dir / "speech.log", std::ios::app);
    log << utterances_ << '\t' << request.language << '\t' << request.volume << '\t'
        << samples.size() * 1000 / static_cast<std::size_t>(sample_rate_) << '\t'
        << (complete ? "complete" : "interrupted") << '\t' << request.text << '\n';
}

}  // namespace fbk::platform
