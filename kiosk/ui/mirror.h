// Right-to-left screens (Arabic, Persian, Hebrew). The screens are laid out left to right as
// always and the finished frame is mirrored: every shape's x becomes width - x, the touch point is
// mirrored the other way before the widgets test it, and the record's targets are mirrored so
// tests, replays and speech mode see where things really are. Text and ticks keep their shape:
// their vertices (Painter::upright) move to the mirrored place instead of flipping, so a
// left-aligned paragraph ends up right-aligned, as right-to-left readers expect.
//
// So on a right-to-left screen back is on the right and continue on the left, and scales run
// right to left (the lowest smiley, 0 and a slider's minimum on the right), as Material's
// bidirectionality guidance has sliders and progress follow the reading direction. The on-screen
// keyboard keeps its national layout (keyboard_view lays it out reversed).
#pragma once

#include <span>
#include <string_view>

#include <imgui.h>

#include "kiosk/core/ui_strings.h"
#include "kiosk/ui/screen_record.h"
#include "kiosk/ui/widgets.h"

namespace fbk::kiosk::ui {

// A language is written right to left when its own name is (the "language.name" UI string):
// no list of codes to keep up to date.
bool is_right_to_left(const core::UiStrings& strings, std::string_view language);

// While alive, ImGui sees the pointer where the unmirrored layout has it.
class MirroredPointer {
  public:
    MirroredPointer(bool mirrored, float width);
    ~MirroredPointer();
    MirroredPointer(const MirroredPointer&) = delete;
    MirroredPointer& operator=(const MirroredPointer&) = delete;

  private:
    bool mirrored_;
    ImVec2 real_{};
};

// Mirrors what `draw` holds and the record's targets across the vertical centre line.
void mirror_frame(ImDrawList& draw, std::span<const VertexRange> upright, float width,
                  ScreenRecord& record);

// `rect` mirrored inside `area`: drawn there, it lands where it was once the frame is mirrored.
Rect mirrored_in(Rect rect, const Rect& area);

}  // namespace fbk::kiosk::ui
