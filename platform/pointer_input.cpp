#include "platform/pointer_input.h"

#include <SDL.h>
#include <imgui.h>

#include <cfloat>

namespace fbk::platform {

void PointerInput::push(const PanelRotation& panel, float panel_x, float panel_y, bool down) {
    const Point p = panel.to_picture({panel_x, panel_y});
    queue_.push_back({p.x, p.y, down, false});
    queued_down_ = down;
}

void PointerInput::push_move(const PanelRotation& panel, float panel_x, float panel_y) {
    if (!queued_down_) {
        return;  // no hover: a pointer that is not pressed goes nowhere
    }
    const Point p = panel.to_picture({panel_x, panel_y});
    if (!queue_.empty() && queue_.back().move) {
        queue_.back().x = p.x;
        queue_.back().y = p.y;
        return;
    }
    queue_.push_back({p.x, p.y, true, true});
}

bool PointerInput::handle(const SDL_Event& e, const PanelRotation& panel) {
    // Finger coordinates are normalised to the window, which covers the panel.
    const auto finger_x = [&] { return e.tfinger.x * static_cast<float>(panel.panel_width()); };
    const auto finger_y = [&] { return e.tfinger.y * static_cast<float>(panel.panel_height()); };
    switch (e.type) {
        case SDL_FINGERDOWN:
        case SDL_FINGERUP:
            push(panel, finger_x(), finger_y(), e.type == SDL_FINGERDOWN);
            return true;
        case SDL_FINGERMOTION:
            push_move(panel, finger_x(), finger_y());
            return true;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            // SDL also synthesises mouse events from touches; the finger events already count.
            if (e.button.which != SDL_TOUCH_MOUSEID && e.button.button == SDL_BUTTON_LEFT) {
                push(panel, static_cast<float>(e.button.x), static_cast<float>(e.button.y),
                     e.type == SDL_MOUSEBUTTONDOWN);
            }
            return true;
        case SDL_MOUSEMOTION:
            if (e.motion.which != SDL_TOUCH_MOUSEID && (e.motion.state & SDL_BUTTON_LMASK) != 0) {
                push_move(panel, static_cast<float>(e.motion.x), static_cast<float>(e.motion.y));
            }
            return true;
        case SDL_MOUSEWHEEL:
            return true;
        default:
            return false;
    }
}

void PointerInput::apply_to_imgui() {
    ImGuiIO& io = ImGui::GetIO();
    if (!queue_.empty()) {
        const Transition t = queue_.front();
        queue_.pop_front();
        down_ = t.down;
        x_ = t.x;
        y_ = t.y;
        // The release frame keeps the position so the widget under the finger sees its click.
        io.MousePos = ImVec2(x_, y_);
        io.MouseDown[0] = down_;
    } else if (down_) {
        io.MousePos = ImVec2(x_, y_);
        io.MouseDown[0] = true;
    } else {
        io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
        io.MouseDown[0] = false;
    }
    io.MouseDown[1] = false;
    io.MouseDown[2] = false;
}

}  // namespace fbk::platform
