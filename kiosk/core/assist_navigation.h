// Speech mode without sight: what a key of a keypad, keyboard or headset means on this
// screen, and which target is next in reading order. Pure, so the rules are unit-tested
// (tests/unit/test_assist_navigation.cpp); the runner maps the device's keys to these.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/flow.h"

namespace fbk::kiosk::core {

enum class AssistKey { Next, Previous, Activate, Speech, Repeat, VolumeUp, VolumeDown };

// What to do for one key: step the flow with `event`, move the focus to the next (or
// previous) target, or activate the focused target on the next frame.
struct KeyIntent {
    std::optional<Event> event;
    std::optional<bool> move_focus_forward;
    bool activate_focus = false;
};

// Someone using the keypad cannot, or would rather not, use the screen: any navigation key
// turns speech on first. A key without a meaning here gives an empty intent.
KeyIntent key_intent(AssistKey key, const State& state);

// A target as the reading order needs it.
struct FocusTarget {
    std::string id;
    int group = 0;  // 0 the answers, 1 the keyboard's keys, 2 the controls (help, back, next)
    float x = 0;
    float y = 0;
};

// The target after (or before) `focused`: the answers first, then the keys, then the
// controls, each top to bottom and left to right, wrapping round. With nothing focused, the
// first (or last). nullopt when there is nothing to focus.
std::optional<std::string> neighbour_focus(std::vector<FocusTarget> targets,
                                           std::string_view focused, bool forward);

}  // namespace fbk::kiosk::core
