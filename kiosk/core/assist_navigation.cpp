#include "kiosk/core/assist_navigation.h"

#include <algorithm>
#include <tuple>

namespace fbk::kiosk::core {

KeyIntent key_intent(AssistKey key, const State& state) {
    KeyIntent out;
    switch (key) {
        case AssistKey::Speech:
            out.event = event::ToggleAssist{AssistOption::Speech};
            break;
        case AssistKey::Next:
        case AssistKey::Previous:
        case AssistKey::Activate:
        case AssistKey::Repeat:
            if (!state.assist.speech) {
                out.event = event::ToggleAssist{AssistOption::Speech};
            } else if (key == AssistKey::Activate) {
                out.activate_focus = !state.assist.focus.empty();
            } else if (key == AssistKey::Repeat) {
                out.event = event::Repeat{};
            } else {
                out.move_focus_forward = key == AssistKey::Next;
            }
            break;
        case AssistKey::VolumeUp:
        case AssistKey::VolumeDown:
            out.event = event::ChangeVolume{key == AssistKey::VolumeUp ? 1 : -1};
            break;
    }
    return out;
}

std::optional<std::string> neighbour_focus(std::vector<FocusTarget> targets,
                                           std::string_view focused, bool forward) {
    if (targets.empty()) {
        return std::nullopt;
    }
    std::stable_sort(targets.begin(), targets.end(), [](const auto& a, const auto& b) {
        return std::tuple(a.group, a.y, a.x) < std::tuple(b.group, b.y, b.x);
    });
    const auto it = std::find_if(targets.begin(), targets.end(),
                                 [&](const FocusTarget& t) { return t.id == focused; });
    if (it == targets.end()) {
        return forward ? targets.front().id : targets.back().id;
    }
    const auto i = static_cast<std::size_t>(it - targets.begin());
    return targets[(i + (forward ? 1 : targets.size() - 1)) % targets.size()].id;
}

}  // namespace fbk::kiosk::core
