// Touch and mouse input for Dear ImGui 1.86, owned here instead of by the stock SDL2 backend,
// which polls the real mouse state, needs window focus and ignores touch: injected and touch
// events would miss or hit the wrong widget.
//
// Each press or release becomes one transition, applied one per frame (a click takes two frames,
// so even a tap shorter than a frame is seen). A finger or button moving while down (a drag, as
// on a slider) moves the pointer; moves in a row are merged into the latest, so a fast drag costs
// one frame, not one per event. Nothing hovers between touches: a touchscreen has no hover, and
// a highlighted button that was not touched would confuse a patient.
#pragma once

#include <deque>

#include "platform/panel_rotation.h"

union SDL_Event;

namespace fbk::platform {

class PointerInput {
  public:
    // True if the event was a pointer event (consumed here; do not pass it to the backend).
    // Positions are turned from the panel's pixels into the upright picture's.
    bool handle(const SDL_Event& event, const PanelRotation& panel);
    // Call after the backend's NewFrame and before ImGui::NewFrame.
    void apply_to_imgui();
    bool has_pending() const { return !queue_.empty(); }
    // Forgets presses and releases ImGui has not seen: the touch that wakes a dark screen
    // must not also choose whatever is drawn under the finger.
    void discard_pending() {
        queue_.clear();
        queued_down_ = down_;
    }

  private:
    struct Transition {
        float x = 0;
        float y = 0;
        bool down = false;
        bool move = false;  // a drag while down (merged with the move before it)
    };
    void push(const PanelRotation& panel, float panel_x, float panel_y, bool down);
    void push_move(const PanelRotation& panel, float panel_x, float panel_y);

    std::deque<Transition> queue_;
    bool down_ = false;         // as ImGui last saw it
    bool queued_down_ = false;  // after every queued transition
    float x_ = 0;
    float y_ = 0;
};

}  // namespace fbk::platform
