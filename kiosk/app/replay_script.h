// Replay scripts drive the real UI with real SDL touch events (see README "Headless harness").
//
//   # comment
//   tap TARGET [TIMEOUT]          touch the centre of a target the UI registered (default 5s),
//                                 after the think time has passed on the kiosk's clock
//   hold TARGET DURATION          press a target, let DURATION pass on the kiosk's clock, release
//   think DURATION                the kiosk-clock time before each later tap (default 1s): taps
//                                 quicker than a person are debounced and flagged by the kiosk
//   wait-screen NAME [TIMEOUT]    until the flow shows screen NAME (default 10s); NAME|OTHER
//                                 waits for either
//   wait-shown ID [TIMEOUT]       until a target or notice (a staff alarm) ID is drawn (10s)
//   wait-text TEXT                until some text drawn contains TEXT (the rest of the line;
//                                 10s), e.g. a line of the staff screen
//   screenshot NAME               write NAME.png into --screenshots DIR (skipped without it)
//   advance DURATION              move the kiosk's clock forward (idle and thank-you timeouts)
//   wait-synced [TIMEOUT]         until the outbox has nothing left to upload (default 60s)
//   idle DURATION                 let real time pass with no input (a patient reading)
//   print TEXT                    write TEXT to standard output (tests wait for it); "{frames}"
//                                 becomes the number of frames drawn so far, "{screen}" the
//                                 current screen, "{frame_times}" how long the frames drawn
//                                 since the last such print took (count, p50, p95, max)
//   key NAME                      press a key as real SDL key events: next, previous, enter,
//                                 speech, repeat, volume-up, volume-down (a keypad's keys)
//   headset                       a sound output appears as if plugged in (SDL's device event;
//                                 a stand-in for hardware that tests cannot plug)
//   wait-speech [TIMEOUT]         until speech has finished synthesising (default 10s)
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/display.h"

namespace fbk::kiosk::app {

struct ReplayCommand {
    enum class Kind {
        Tap,
        Hold,
        Think,
        WaitScreen,
        WaitShown,
        WaitText,
        Screenshot,
        Advance,
        WaitSynced,
        Idle,
        Print,
        Key,
        Headset,
        WaitSpeech
    };
    Kind kind = Kind::Tap;
    std::string argument;
    std::int64_t duration_ms = 0;  // timeout, or the clock step for advance / hold / think
    int line = 0;
};

struct ReplayScript {
    std::string source;  // file name, for messages
    std::vector<ReplayCommand> commands;
};

struct ReplayParse {
    ReplayScript script;
    std::vector<std::string> errors;  // "FILE:LINE: problem"
};

ReplayParse parse_replay(std::string_view text, std::string source);
// The key a `key NAME` command presses (next, previous, enter, speech, repeat, volume-up,
// volume-down).
std::optional<platform::AssistKey> replay_key(std::string_view name);
ReplayParse load_replay(const std::filesystem::path& file);

}  // namespace fbk::kiosk::app
