#include "platform/pointer_input.h"

#include <SDL.h>
#include <imgui.h>

#include <cfloat>

namespace fbk::platform {

bool PointerInput::handle(const SDL_Event& e, const PanelRotation& panel) {
    const auto push = [&](float panel_x, float panel_y, bool down) {
        const Point p = panel.to_picture({panel_x, panel_y});
        queue_.push_back({p.x, p.y, down});
    };
    switch (e.type) {
        case SDL_FINGERDOWN:
        case SDL_FINGERUP:
            // Finger coordinates are normalised to the window, which covers the panel.
            push(e.tfinger.x * static_cast<float>(panel.panel_width()),
                 e.tfinger.y * static_cast<float>(panel.panel_height()), e.type == SDL_FINGERDOWN);
            return true;
        case SDL_MOUSEBUTTONDOWN:
        case SDL_MOUSEBUTTONUP:
            // SDL also synthesises mouse events from touches; the finger events already count.
            if (e.button.which != SDL_TOUCH_MOUSEID && e.button.button == SDL_BUTTON_LEFT) {
                push(static_cast<float>(e.button.x), static_cast<float>(e.button.y),
                     e.type == SDL_MOUSEBUTTONDOWN);
            }
            return true;
        case SDL_FINGERMOTION:
        case SDL_MOUSEMOTION:
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
