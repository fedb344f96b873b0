// When the kiosk may restart itself, when its screen goes dark outside opening hours, and when
// a countdown is on screen: pure rules over what the runner knows at this moment, so they are
// unit-tested without a display (tests/unit/test_idle_policy.cpp).
#pragma once

#include <cstdint>
#include <optional>

#include "kiosk/core/flow.h"

namespace fbk::kiosk::core {

struct IdleFacts {
    Screen screen = Screen::Language;
    bool input_pending = false;  // touches not yet seen by the flow
    std::int64_t now_mono_ms = 0;
    std::int64_t last_input_mono_ms = 0;  // the flow's last touch
    std::int64_t pin_locked_until_mono_ms = 0;
};

// Between patients: the start screen, untouched for 10 s. A restart for a new pack waits for
// this, so nobody's answers are cut off.
bool ready_to_restart(const IdleFacts& facts);

// A countdown is shown (still-there, or a staff PIN lock-out): the screen must redraw each
// second.
bool counting_down(const IdleFacts& facts);

struct DarknessFacts {
    IdleFacts idle;
    bool dark = false;               // already dark
    bool open_now = true;            // opening hours say open
    std::int64_t woken_mono_ms = 0;  // the last touch that woke a dark screen
    std::int64_t idle_timeout_ms = 0;
};

// While closed, the screen goes dark once the start screen has been left alone for the idle
// timeout (counted from the later of the last touch and the last wake-up), so a patient
// answering at closing time finishes first. nullopt: it is not going dark (open, dark already,
// a patient on another screen, or a touch waiting); 0: now.
std::optional<std::int64_t> ms_until_dark(const DarknessFacts& facts);

}  // namespace fbk::kiosk::core
