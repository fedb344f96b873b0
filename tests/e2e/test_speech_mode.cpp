// Speech mode end to end: the real kiosk binary, headless, driven only by key presses and touches
// (real SDL events), with espeak-ng writing every utterance as a WAV file. The test reads what
// was said (speech.log), checks that each WAV holds audible speech of a plausible length, and
// that the answers given without sight were stored.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <fstream>
#include <sstream>

#include <stb_image.h>
#include <nlohmann/json.hpp>

#include "sync/outbox/outbox.h"
#include "tests/support/fixtures.h"

using namespace fbk::test;

namespace {

struct Spoken {
    int number = 0;
    std::string language;
    int volume = 0;
    long milliseconds = 0;
    std::string status;
    std::string text;
};

std::vector<Spoken> speech_log(const std::filesystem::path& file) {
    std::vector<Spoken> out;
    std::istringstream in(read_file(file));
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        Spoken s;
        std::string number, volume, ms;
        std::getline(fields, number, '\t');
        std::getline(fields, s.language, '\t');
        std::getline(fields, volume, '\t');
        std::getline(fields, ms, '\t');
        std::getline(fields, s.status, '\t');
        std::getline(fields, s.text);
        s.number = std::stoi(number);
        s.volume = std::stoi(volume);
        s.milliseconds = std::stol(ms);
        out.push_back(s);
    }
    return out;
}

struct Wav {
    int rate = 0;
    std::size_t samples = 0;
    double rms = 0;
};

Wav read_wav(const std::filesystem::path& file) {
    const std::string bytes = read_file(file);
    REQUIRE(bytes.size() >= 44);
    REQUIRE(bytes.substr(0, 4) == "RIFF");
    REQUIRE(bytes.substr(8, 8) == "WAVEfmt ");
    const auto u32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (int i = 3; i >= 0; --i) {
            v = (v << 8) | static_cast<unsigned char>(bytes[at + static_cast<std::size_t>(i)]);
        }
        return v;
    };
    Wav wav;
    wav.rate = static_cast<int>(u32(24));
    wav.samples = u32(40) / 2;
    REQUIRE(bytes.size() == 44 + wav.samples * 2);
    double sum = 0;
    for (std::size_t i = 0; i < wav.samples; ++i) {
        const auto lo = static_cast<unsigned char>(bytes[44 + 2 * i]);
        const auto hi = static_cast<unsigned char>(bytes[45 + 2 * i]);
        const auto sample = static_cast<std::int16_t>(static_cast<std::uint16_t>(lo | (hi << 8)));
        sum += static_cast<double>(sample) * sample;
    }
    wav.rms = wav.samples > 0 ? std::sqrt(sum / static_cast<double>(wav.samples)) : 0;
    return wav;
}

std::size_t words_in(const std::string& text) {
    std::istringstream in(text);
    std::size_t n = 0;
    std::string w;
    while (in >> w) {
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE(
    "speech mode: a whole survey by keys and touch alone, read aloud in the patient's "
    "language") {
    TempDir dir;
    auto setup = kiosk_setup("http://127.0.0.1:1", "unused-token");
    setup.languages = "fi, sv, en";
    const auto config = write_kiosk_config(dir.path(), setup);
    const std::string script =
        // Patient 1 cannot see the screen: F1 (or the speaker corner) switches speech on, the
        // arrow keys move, Enter chooses.
        "wait-screen language\nkey speech\nwait-speech\n"
        "key next\nwait-speech\nkey next\nwait-speech\nkey next\nwait-speech\n"
        "key enter\nwait-screen question.satisfaction\nwait-speech\n"
        // Touch: the first touch says what is there, the second chooses it.
        "tap q.smiley.4\nwait-speech\ntap q.smiley.4\n"
        "wait-screen question.recommend\nwait-speech\n"
        // Louder, and the question again.
        "key volume-up\nkey repeat\nwait-speech\n"
        // Still too slow, even with speech mode's longer timeouts (3 x 30 s): the idle warning
        // is read out; "I need more time" by two touches.
        "advance 89s\nwait-speech\nprint {screen}\nadvance 2s\nwait-screen still-there\n"
        "wait-speech\n"
        "tap still_there.more_time\nwait-speech\ntap still_there.more_time\n"
        "wait-screen question.recommend\nwait-speech\n"
        "tap q.nps.9\nwait-speech\ntap q.nps.9\nwait-screen question.comment\nwait-speech\n"
        "tap nav.continue\nwait-speech\ntap nav.continue\nwait-screen thanks\nwait-speech\n"
        "advance 19s\nwait-screen language\n"
        // Patient 2 plugs in a headset: speech again, at the default volume.
        "headset\nwait-speech\nkey speech\nwait-speech\nprint done\n";
    write_file(dir / "speech.replay", script);
    const auto [status, out] = run_kiosk_replay(config, dir / "speech.replay",
                                                {"--speech-out", (dir / "speech").string()});
    INFO(read_file(dir / "kiosk.log"));
    REQUIRE(status == 0);
    CHECK(out.find("done") != std::string::npos);

    const auto said = speech_log(dir / "speech/speech.log");
    std::string transcript;
    for (const auto& s : said) {
        transcript += std::to_string(s.number) + " [" + s.language + " " +
                      std::to_string(s.volume) + "] " + s.text + "\n";
    }
    INFO(transcript);
    struct Expected {
        const char* language;
        int volume;
        const char* starts_with;
    };
    const std::vector<Expected> expected = {
        {"fi", 100, "Puhe päällä. Kosketa kerran"},  // the default language until one is chosen
        {"fi", 100, "Suomi"},
        {"sv", 100, "Svenska"},  // each language's name in its own voice
        {"en", 100, "English"},
        {"en", 100,
         "English, selected. How satisfied are you with your visit so far? Question 1 "
         "of 3. Choices: Very poor, Poor, Neither good nor poor, Good, Very good"},
        {"en", 100, "Good"},
        {"en", 100, "Good, selected. How likely are you to recommend us"},
        {"en", 120, "How likely are you to recommend us"},  // repeat, louder
        {"en", 120, "Are you still there?"},
        {"en", 120, "I need more time"},
        {"en", 120, "How likely are you to recommend us"},
        {"en", 120, "9"},
        {"en", 120, "9, selected. Would you like to tell us more?"},
        {"en", 120, "Skip"},
        {"en", 120, "Thank you"},
        {"fi", 100, "Puhe päällä."},  // the next patient: volume back to normal
        {"fi", 100, "Puhe pois"},
    };
    REQUIRE(said.size() == expected.size());
    for (std::size_t i = 0; i < said.size(); ++i) {
        CAPTURE(i);
        CHECK(said[i].language == expected[i].language);
        CHECK(said[i].volume == expected[i].volume);
        CHECK_MESSAGE(said[i].text.starts_with(expected[i].starts_with), said[i].text);
        CHECK(said[i].status == "complete");
    }
    CHECK(said[8].text.find("60 seconds") != std::string::npos);
    CHECK(out.find("question.recommend") != std::string::npos);  // no warning at 89 s

    for (const auto& s : said) {
        CAPTURE(s.text);
        char name[32];
        std::snprintf(name, sizeof name, "speech-%03d.wav", s.number);
        const Wav wav = read_wav(dir / "speech" / name);
        CHECK(wav.rate >= 16'000);
        const auto ms = static_cast<long>(wav.samples * 1000 / static_cast<std::size_t>(wav.rate));
        CHECK(ms == s.milliseconds);
        // Speech, not silence: espeak-ng's voices sit far above this RMS.
        CHECK(wav.rms > 500);
        // A plausible length at 150 words a minute: 0.1 s to 1.5 s a word.
        const auto words = static_cast<long>(words_in(s.text));
        CHECK(ms >= 100 * words);
        CHECK(ms <= 1'500 * words + 500);
    }

    fbk::sync::outbox::Outbox box(dir / "kiosk-data/outbox.sqlite3");
    const auto rows = box.next_batch(10, 1 << 20);
    REQUIRE(rows.size() == 1);
    const auto response = nlohmann::json::parse(rows[0].body);
    CHECK(response.at("language") == "en");
    CHECK(response.at("status") == "completed");
    CHECK(response.at("answers").at(0).at("value") == 4);
    CHECK(response.at("answers").at(1).at("value") == 9);
}

TEST_CASE("large text and high contrast are one tap away and last for one patient") {
    TempDir dir;
    auto setup = kiosk_setup("http://127.0.0.1:1", "unused-token");
    setup.languages = "fi, sv, en";
    const auto config = write_kiosk_config(dir.path(), setup);
    write_file(dir / "looks.replay",
               "wait-screen language\nscreenshot standard\n"
               "tap assist.contrast\ntap assist.large_text\nscreenshot chosen\n"
               "tap lang.en\nwait-screen question.satisfaction\nscreenshot question\n"
               "tap q.smiley.5\ntap q.nps.10\nwait-screen question.comment\ntap nav.continue\n"
               "wait-screen thanks\nadvance 7s\nwait-screen language\nscreenshot next-patient\n"
               "print done\n");
    const auto [status, out] =
        run_kiosk_replay(config, dir / "looks.replay", {"--screenshots", dir.path().string()});
    INFO(read_file(dir / "kiosk.log"));
    REQUIRE(status == 0);
    // The background colour in a corner away from every control, as the screen really drew it.
    const auto background = [&](const std::string& shot) {
        int w = 0, h = 0, channels = 0;
        unsigned char* pixels = stbi_load((dir / (shot + ".png")).c_str(), &w, &h, &channels, 3);
        REQUIRE(pixels != nullptr);
        const std::size_t at = (static_cast<std::size_t>(h - 2) * static_cast<std::size_t>(w) +
                                static_cast<std::size_t>(w / 2)) *
                               3;
        const std::array<int, 3> rgb = {pixels[at], pixels[at + 1], pixels[at + 2]};
        stbi_image_free(pixels);
        return rgb;
    };
    const std::array<int, 3> light = {0xF4, 0xF6, 0xF8};
    const std::array<int, 3> black = {0, 0, 0};
    CHECK(background("standard") == light);
    CHECK(background("chosen") == black);
    CHECK(background("question") == black);  // kept while the same patient goes on
    CHECK(background("next-patient") == light);
    CHECK(read_file(dir / "chosen.png") != read_file(dir / "standard.png"));
}
