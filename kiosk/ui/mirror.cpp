#include "kiosk/ui/mirror.h"

#include <algorithm>
#include <cfloat>
#include <vector>

#include "platform/text_shaper.h"

namespace fbk::kiosk::ui {

bool is_right_to_left(const core::UiStrings& strings, std::string_view language) {
    return platform::TextShaper::right_to_left(strings.get(language, "language.name"));
}

MirroredPointer::MirroredPointer(bool mirrored, float width) : mirrored_(mirrored) {
    ImGuiIO& io = ImGui::GetIO();
    real_ = io.MousePos;
    if (mirrored_ && ImGui::IsMousePosValid(&io.MousePos)) {
        io.MousePos.x = width - io.MousePos.x;
    }
}

MirroredPointer::~MirroredPointer() {
    if (mirrored_) {
        ImGui::GetIO().MousePos = real_;  // the next frame's mouse delta starts from the real one
    }
}

namespace {

// A flipped triangle turns the other way round: its corners are put back in ImGui's order. A
// rectangle ImGui made of two triangles (PrimRect: corners 0 1 2 3, indices 0 1 2 0 2 3) gets
// its corners swapped instead, so it is again top-left first: SDL's software renderer draws such
// a pair as a rectangle from its first and third corners, and a mirrored one came out empty.
void restore_winding(ImDrawList& draw, const ImDrawCmd& cmd, const std::vector<bool>& moved) {
    ImVector<ImDrawIdx>& idx = draw.IdxBuffer;
    const auto at = [&](unsigned e) { return cmd.VtxOffset + idx[static_cast<int>(e)]; };
    const unsigned end = cmd.IdxOffset + cmd.ElemCount;
    for (unsigned e = cmd.IdxOffset; e + 2 < end;) {
        const unsigned v = at(e);
        if (moved[v]) {
            e += 3;
            continue;
        }
        const bool rectangle = e + 5 < end && at(e + 1) == v + 1 && at(e + 2) == v + 2 &&
                               at(e + 3) == v && at(e + 4) == v + 2 && at(e + 5) == v + 3;
        if (rectangle) {
            std::swap(draw.VtxBuffer[static_cast<int>(v)], draw.VtxBuffer[static_cast<int>(v + 1)]);
            std::swap(draw.VtxBuffer[static_cast<int>(v + 2)],
                      draw.VtxBuffer[static_cast<int>(v + 3)]);
            e += 6;
        } else {
            std::swap(idx[static_cast<int>(e + 1)], idx[static_cast<int>(e + 2)]);
            e += 3;
        }
    }
}

}  // namespace

void mirror_frame(ImDrawList& draw, std::span<const VertexRange> upright, float width,
                  ScreenRecord& record) {
    std::vector<bool> moved(static_cast<std::size_t>(draw.VtxBuffer.Size), false);
    for (const VertexRange& range : upright) {
        float left = FLT_MAX;
        float right = -FLT_MAX;
        for (int i = range.begin; i < range.end; ++i) {
            left = std::min(left, draw.VtxBuffer[i].pos.x);
            right = std::max(right, draw.VtxBuffer[i].pos.x);
        }
        // The block's left edge goes where its right edge is mirrored to.
        const float shift = width - right - left;
        for (int i = range.begin; i < range.end; ++i) {
            draw.VtxBuffer[i].pos.x += shift;
            moved[static_cast<std::size_t>(i)] = true;
        }
    }
    for (int i = 0; i < draw.VtxBuffer.Size; ++i) {
        if (!moved[static_cast<std::size_t>(i)]) {
            draw.VtxBuffer[i].pos.x = width - draw.VtxBuffer[i].pos.x;
        }
    }
    for (ImDrawCmd& cmd : draw.CmdBuffer) {
        restore_winding(draw, cmd, moved);
        const float left = width - cmd.ClipRect.z;
        cmd.ClipRect.z = width - cmd.ClipRect.x;
        cmd.ClipRect.x = left;
    }
    record.mirror(width);
}

Rect mirrored_in(Rect rect, const Rect& area) {
    rect.x = area.x + (area.x + area.w) - (rect.x + rect.w);
    return rect;
}

}  // namespace fbk::kiosk::ui
