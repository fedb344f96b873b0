// espeak-ng through platform::Speech, recorded to WAV: a new utterance or stop() cuts off the one
// being said, and a voice is found for each of the kiosk's languages.
#include <doctest/doctest.h>

#include <sstream>

#include "platform/speech.h"
#include "tests/support/temp_dir.h"

namespace platform = fbk::platform;
using namespace std::chrono_literals;

namespace {

std::vector<std::string> log_lines(const std::filesystem::path& dir) {
    std::vector<std::string> lines;
    std::istringstream in(fbk::test::read_file(dir / "speech.log"));
    std::string line;
    while (std::getline(in, line)) {
        lines.push_back(line);
    }
    return lines;
}

std::string long_text() {
    std::string text;
    for (int i = 0; i < 200; ++i) {
        text += "This sentence is here to keep the speech engine busy for a while. ";
    }
    return text;
}

}  // namespace

TEST_CASE("the next utterance replaces the one being said, and stop() silences it") {
    fbk::test::TempDir dir;
    platform::Speech speech({dir.path(), false});
    speech.say(long_text(), "en", 100);
    speech.say("Short.", "en", 100);
    REQUIRE(speech.wait_idle(30s));
    auto lines = log_lines(dir.path());
    REQUIRE(!lines.empty());
    // The long one never finished: it was cut off, or replaced before it began.
    if (lines.size() == 2) {
        CHECK(lines[0].find("\tinterrupted\tThis sentence") != std::string::npos);
    }
    CHECK(lines.back().ends_with("\tcomplete\tShort."));

    speech.say(long_text(), "en", 100);
    speech.stop();
    REQUIRE(speech.wait_idle(30s));
    lines = log_lines(dir.path());
    CHECK(lines.back().find("\tcomplete\tThis sentence") == std::string::npos);
    CHECK(speech.take_problem().empty());
}

TEST_CASE("espeak-ng has a voice for every language the kiosk ships but Somali") {
    fbk::test::TempDir dir;
    platform::Speech speech({dir.path(), false});
    for (const char* language :
         {"fi", "sv", "da", "nl", "en", "uk", "ar", "fa", "et", "ru", "tr"}) {
        speech.say("1 2 3", language, 100);
        REQUIRE(speech.wait_idle(10s));
        CAPTURE(language);
        CHECK(speech.take_problem().empty());
    }
    CHECK(log_lines(dir.path()).size() == 11);
    // Somali is offered on screen, but Debian's espeak-ng 1.51 has no Somali voice (README
    // "Languages"): speech mode says so instead of reading Somali with another language's rules.
    speech.say("1 2 3", "so", 100);
    REQUIRE(speech.wait_idle(10s));
    CHECK(speech.take_problem() == "espeak-ng has no voice for 'so'");
    speech.say("1 2 3", "xx-nowhere", 100);
    REQUIRE(speech.wait_idle(10s));
    CHECK(speech.take_problem() == "espeak-ng has no voice for 'xx-nowhere'");
}
