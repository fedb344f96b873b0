#include "kiosk/ui/widgets.h"

#include <algorithm>

namespace fbk::kiosk::ui {

namespace {

ImVec2 min_of(Rect r) {
    return {r.x, r.y};
}
ImVec2 max_of(Rect r) {
    return {r.x + r.w, r.y + r.h};
}

float text_width(const ImFont& font, std::string_view text) {
    return font.CalcTextSizeA(font.FontSize, FLT_MAX, 0.0f, text.data(), text.data() + text.size())
        .x;
}

// An invisible ImGui button over `rect`; registers the target. Returns {clicked, held}.
std::pair<bool, bool> hit_area(Painter& p, std::string_view id, Rect rect, TargetKind kind,
                               std::initializer_list<std::string_view> aliases) {
    p.record.add_target(std::string(id), rect, kind);
    for (const auto alias : aliases) {
        p.record.add_target(std::string(alias), rect, kind);
    }
    ImGui::SetCursorScreenPos(min_of(rect));
    ImGui::PushID(id.data(), id.data() + id.size());
    const bool clicked = ImGui::InvisibleButton("##target", ImVec2(rect.w, rect.h));
    const bool held = ImGui::IsItemActive();
    ImGui::PopID();
    return {clicked, held};
}

void draw_face(ImDrawList& draw, const Theme& theme, ImVec2 c, float r, int value) {
    const float line = std::max(2.0f, r * 0.07f);
    draw.AddCircleFilled(c, r, theme.smiley[std::clamp(value, 1, 5) - 1], 64);
    draw.AddCircle(c, r, theme.outline, 64, line);
    const float eye_r = r * 0.09f;
    draw.AddCircleFilled(ImVec2(c.x - r * 0.33f, c.y - r * 0.22f), eye_r, theme.outline, 16);
    draw.AddCircleFilled(ImVec2(c.x + r * 0.33f, c.y - r * 0.22f), eye_r, theme.outline, 16);
    // Mouth curvature is the meaning: -1 deep frown .. +1 broad smile.
    const float curve = static_cast<float>(value - 3) / 2.0f;
    const float half = r * 0.45f;
    const float base = c.y + r * (curve >= 0 ? 0.28f : 0.48f);
    const ImVec2 left(c.x - half, base);
    const ImVec2 right(c.x + half, base);
    const ImVec2 control(c.x, base + curve * r * 0.5f);
    draw.AddBezierQuadratic(left, control, right, theme.outline, line * 1.2f, 24);
}

}  // namespace

std::vector<std::string_view> wrap_text(const ImFont& font, std::string_view text, float width) {
    std::vector<std::string_view> lines;
    const char* p = text.data();
    const char* end = text.data() + text.size();
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\n')) {
            ++p;
        }
        if (p >= end) {
            break;
        }
        const char* brk = font.CalcWordWrapPositionA(1.0f, p, end, width);
        if (brk == p) {
            // A single word wider than the box: take it whole (the caller reports it).
            brk = std::find(p, end, ' ');
        }
        const char* line_end = brk;
        while (line_end > p && (line_end[-1] == ' ' || line_end[-1] == '\n')) {
            --line_end;
        }
        lines.emplace_back(p, static_cast<std::size_t>(line_end - p));
        p = brk;
    }
    return lines;
}

float draw_centered_text(Painter& p, const ImFont& font, std::string_view text, float x, float y,
                         float width, ImU32 color, std::string_view where) {
    const auto lines = wrap_text(font, text, width);
    float line_y = y;
    for (const auto line : lines) {
        const float w = text_width(font, line);
        if (w > width + 0.5f) {
            p.record.add_layout_problem(std::string(where) + ": '" + std::string(line) +
                                        "' is wider than its box");
        }
        p.draw.AddText(&font, font.FontSize, ImVec2(x + (width - w) / 2, line_y), color,
                       line.data(), line.data() + line.size());
        line_y += font.FontSize * 1.15f;
    }
    return line_y - y;
}

void draw_tick(Painter& p, Rect rect) {
    const float s = std::min(rect.h * 0.28f, 36 * p.theme.scale);
    const ImVec2 o(rect.x + s * 0.5f, rect.y + s * 0.4f);
    const ImVec2 points[3] = {ImVec2(o.x, o.y + s * 0.5f), ImVec2(o.x + s * 0.35f, o.y + s * 0.85f),
                              ImVec2(o.x + s, o.y)};
    p.draw.AddPolyline(points, 3, p.theme.on_primary, 0, std::max(2.0f, s * 0.16f));
}

PressChange press_area(Painter& p, std::string_view id, Rect rect) {
    p.record.add_target(std::string(id), rect, TargetKind::Staff);
    ImGui::SetCursorScreenPos(min_of(rect));
    ImGui::PushID(id.data(), id.data() + id.size());
    ImGui::InvisibleButton("##press", ImVec2(rect.w, rect.h));
    const PressChange change{ImGui::IsItemActivated(), ImGui::IsItemDeactivated()};
    ImGui::PopID();
    return change;
}

float draw_wrapped_text(Painter& p, const ImFont& font, std::string_view text, float x, float y,
                        float width, ImU32 color) {
    float line_y = y;
    for (const auto line : wrap_text(font, text, width)) {
        p.draw.AddText(&font, font.FontSize, ImVec2(x, line_y), color, line.data(),
                       line.data() + line.size());
        line_y += font.FontSize * 1.15f;
    }
    return line_y - y;
}

bool text_button(Painter& p, std::string_view id, std::string_view label, Rect rect,
                 ButtonStyle style, const ImFont& font, TargetKind kind,
                 std::initializer_list<std::string_view> aliases) {
    const auto [clicked, held] = hit_area(p, id, rect, kind, aliases);
    const Theme& t = p.theme;
    ImU32 fill = t.surface;
    ImU32 ink = t.text;
    ImU32 border = t.outline;
    switch (style) {
        case ButtonStyle::Primary:
        case ButtonStyle::ChoiceSelected:
            fill = held ? t.primary_pressed : t.primary;
            ink = t.on_primary;
            border = t.primary_pressed;
            break;
        case ButtonStyle::Secondary:
            fill = held ? t.surface_pressed : t.surface;
            ink = t.primary;
            border = t.primary;
            break;
        case ButtonStyle::Choice:
            fill = held ? t.surface_pressed : t.surface;
            break;
    }
    p.draw.AddRectFilled(min_of(rect), max_of(rect), fill, t.rounding());
    p.draw.AddRect(min_of(rect), max_of(rect), border, t.rounding(), 0, t.outline_width());

    const float pad = std::min(12 * t.scale, rect.h * 0.1f);
    const float inner = rect.w - 2 * pad;
    const auto lines = wrap_text(font, label, inner);
    const float line_h = font.FontSize * 1.1f;
    const float text_h = line_h * static_cast<float>(lines.size());
    if (text_h > rect.h - pad) {
        p.record.add_layout_problem(std::string(id) + ": label '" + std::string(label) +
                                    "' is taller than its button");
    }
    float y = rect.y + (rect.h - text_h) / 2;
    for (const auto line : lines) {
        const float w = text_width(font, line);
        if (w > inner + 0.5f) {
            p.record.add_layout_problem(std::string(id) + ": label '" + std::string(label) +
                                        "' is wider than its button");
        }
        p.draw.AddText(&font, font.FontSize, ImVec2(rect.x + (rect.w - w) / 2, y), ink, line.data(),
                       line.data() + line.size());
        y += line_h;
    }
    return clicked;
}

bool smiley_button(Painter& p, std::string_view id, int value, std::string_view label, Rect rect,
                   bool selected, std::initializer_list<std::string_view> aliases) {
    const auto [clicked, held] = hit_area(p, id, rect, TargetKind::Answer, aliases);
    const Theme& t = p.theme;
    if (held || selected) {
        p.draw.AddRectFilled(min_of(rect), max_of(rect), held ? t.surface_pressed : t.surface,
                             t.rounding());
    }
    if (selected) {
        p.draw.AddRect(min_of(rect), max_of(rect), t.primary, t.rounding(), 0,
                       t.outline_width() * 2);
    }
    const float radius = std::min(rect.w * 0.40f, rect.h * 0.30f);
    const ImVec2 centre(rect.center_x(), rect.y + 16 * t.scale + radius);
    draw_face(p.draw, t, centre, radius, value);
    const ImFont& font = *p.fonts.small;
    const float label_y = centre.y + radius + 14 * t.scale;
    const float used = draw_centered_text(p, font, label, rect.x + 6 * t.scale, label_y,
                                          rect.w - 12 * t.scale, t.text, id);
    if (label_y + used > rect.y + rect.h + 0.5f) {
        p.record.add_layout_problem(std::string(id) + ": label '" + std::string(label) +
                                    "' runs below its target");
    }
    return clicked;
}

}  // namespace fbk::kiosk::ui
