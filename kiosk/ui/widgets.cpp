// Every widget of the kiosk's screens. Long because they share hit testing, focus edges, speech
// labels and the drawing of faces and icons, which stay private to this file; each widget
// itself is short.
#include "kiosk/ui/widgets.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "kiosk/core/utf8.h"
#include "kiosk/ui/contrast.h"
#include "platform/text_shaper.h"

namespace fbk::kiosk::ui {

namespace {

ImVec2 min_of(Rect r) {
    return {r.x, r.y};
}
ImVec2 max_of(Rect r) {
    return {r.x + r.w, r.y + r.h};
}

bool is_bold(const Painter& p, const ImFont& font) {
    return &font == p.fonts.title || &font == p.fonts.button;
}

// One line of text, kept readable when the frame is mirrored.
void draw_line(Painter& p, const ImFont& font, ImVec2 pos, ImU32 color, std::string_view line,
               platform::Direction paragraph = platform::Direction::Auto) {
    const int begin = p.draw.VtxBuffer.Size;
    if (line.find(core::kSoftHyphen) != std::string_view::npos) {
        platform::draw_line(p.draw, font, pos, color, visible_line(line), paragraph);
    } else {
        platform::draw_line(p.draw, font, pos, color, line, paragraph);
    }
    p.upright.push_back({begin, p.draw.VtxBuffer.Size});
}

// Lines wrapped out of one paragraph keep its direction (a line of an Arabic paragraph that
// starts with a Latin word still reads right to left).
platform::Direction direction_of(std::string_view paragraph) {
    if (!platform::TextShaper::needs_shaping(paragraph)) {
        return platform::Direction::Auto;
    }
    return platform::TextShaper::right_to_left(paragraph) ? platform::Direction::RightToLeft
                                                          : platform::Direction::LeftToRight;
}

void record_text(Painter& p, const ImFont& font, std::string_view text, ImU32 ink, ImU32 ground,
                 std::string_view where, bool spoken) {
    // Without soft hyphens: this is what speech reads.
    p.record.add_text({std::string(where), core::without_soft_hyphens(text), ink, ground,
                       font.FontSize, is_bold(p, font), spoken});
}

struct Hit {
    bool clicked = false;
    bool held = false;
    std::size_t index = 0;  // in the record
};

// An invisible ImGui button over `rect`; registers the target with what speech mode says for it.
Hit hit_area(Painter& p, std::string_view id, Rect rect, TargetKind kind,
             std::initializer_list<std::string_view> aliases, Spoken spoken, bool selected) {
    const std::size_t index = p.record.targets().size();
    auto& target = p.record.add_target(std::string(id), rect, kind);
    target.label = std::string(spoken.text);
    target.label_language = std::string(spoken.language);
    target.selected = selected;
    for (const auto alias : aliases) {
        auto& a = p.record.add_target(std::string(alias), rect, kind);
        a.alias = true;
        a.label = std::string(spoken.text);
    }
    ImGui::SetCursorScreenPos(min_of(rect));
    ImGui::PushID(id.data(), id.data() + id.size());
    Hit hit;
    hit.index = index;
    // ImGui asserts on an empty button; a pack too long for its panel can squeeze one to nothing
    // (check-pack --display reports that screen), and the kiosk must still not stop for it.
    hit.clicked =
        ImGui::InvisibleButton("##target", ImVec2(std::max(rect.w, 1.0f), std::max(rect.h, 1.0f)));
    hit.held = ImGui::IsItemActive();
    ImGui::PopID();
    if (p.speech && kind != TargetKind::Staff) {
        const bool focused = p.focus == id;
        if (hit.clicked && !focused) {
            // Heard before chosen: the first touch only says what this is.
            p.focus_request = std::string(id);
            hit.clicked = false;
        }
        if (p.activate && focused) {
            hit.clicked = true;
        }
        if (hit.clicked && kind == TargetKind::Answer) {
            p.record.set_chosen(std::string(spoken.text));
        } else if (hit.clicked && kind == TargetKind::Key) {
            p.record.set_typed(std::string(spoken.text));
        }
    }
    return hit;
}

void set_edge(Painter& p, const Hit& hit, ImU32 edge, ImU32 surround) {
    auto& t = p.record.target(hit.index);
    t.edge = edge;
    t.surround = surround;
}

void draw_face(ImDrawList& draw, const Theme& theme, ImVec2 c, float r, int value) {
    const float line = std::max(2.0f, r * 0.07f);
    draw.AddCircleFilled(c, r, theme.smiley[std::clamp(value, 1, 5) - 1], 64);
    draw.AddCircle(c, r, theme.outline, 64, line);
    const float eye_r = r * 0.09f;
    draw.AddCircleFilled(ImVec2(c.x - r * 0.33f, c.y - r * 0.22f), eye_r, theme.face_ink, 16);
    draw.AddCircleFilled(ImVec2(c.x + r * 0.33f, c.y - r * 0.22f), eye_r, theme.face_ink, 16);
    // Mouth curvature is the meaning: -1 deep frown .. +1 broad smile.
    const float curve = static_cast<float>(value - 3) / 2.0f;
    const float half = r * 0.45f;
    const float base = c.y + r * (curve >= 0 ? 0.28f : 0.48f);
    const ImVec2 left(c.x - half, base);
    const ImVec2 right(c.x + half, base);
    const ImVec2 control(c.x, base + curve * r * 0.5f);
    draw.AddBezierQuadratic(left, control, right, theme.face_ink, line * 1.2f, 24);
}

}  // namespace

namespace {

// Shaped text is measured word by word (letters never join across a space, and reordering
// keeps a line's width): whole words are added to a line while it fits, and a word wider than
// the box stands alone (the caller reports it). Each word is shaped once, not every prefix.
std::vector<std::string_view> wrap_shaped_text(const ImFont& font, std::string_view text,
                                               float width) {
    std::vector<std::string_view> lines;
    const float space = platform::line_width(font, " ");
    std::size_t start = std::string_view::npos;  // of the current line
    std::size_t end = 0;                         // of its last word
    float used = 0;
    std::size_t at = 0;
    while (at < text.size()) {
        if (text[at] == ' ' || text[at] == '\n') {
            if (text[at] == '\n' && start != std::string_view::npos) {
                lines.push_back(text.substr(start, end - start));
                start = std::string_view::npos;
            }
            ++at;
            continue;
        }
        const std::size_t word_end = std::min(text.find_first_of(" \n", at), text.size());
        const float word = platform::line_width(font, text.substr(at, word_end - at));
        if (start != std::string_view::npos && used + space + word > width) {
            lines.push_back(text.substr(start, end - start));
            start = std::string_view::npos;
        }
        if (start == std::string_view::npos) {
            start = at;
            used = word;
        } else {
            used += space + word;
        }
        end = word_end;
        at = word_end;
    }
    if (start != std::string_view::npos) {
        lines.push_back(text.substr(start, end - start));
    }
    return lines;
}

using core::kSoftHyphen;

// Where a line starting with a word too wide for `width` ends: after the last soft hyphen
// (U+00AD; the kiosk puts them into long Finnish words, a pack may write its own) whose part,
// with its hyphen showing, fits; else at the word's end.
const char* break_long_word(const ImFont& font, std::string_view rest, float width) {
    const std::size_t word_end = std::min(rest.find_first_of(" \n"), rest.size());
    std::size_t brk = word_end;
    for (std::size_t h = rest.find(kSoftHyphen); h < word_end; h = rest.find(kSoftHyphen, h + 1)) {
        if (text_width(font, rest.substr(0, h + kSoftHyphen.size())) > width) {
            break;
        }
        brk = h + kSoftHyphen.size();
    }
    return rest.data() + brk;
}

}  // namespace

std::string visible_line(std::string_view line) {
    std::string out;
    out.reserve(line.size());
    for (std::size_t at = 0; at < line.size();) {
        const std::size_t h = line.find(kSoftHyphen, at);
        out.append(line.substr(at, std::min(h, line.size()) - at));
        if (h == std::string_view::npos) {
            break;
        }
        at = h + kSoftHyphen.size();
        if (at == line.size()) {
            out += '-';  // the word was broken here
        }
    }
    return out;
}

float text_width(const ImFont& font, std::string_view text) {
    if (text.find(kSoftHyphen) != std::string_view::npos) {
        return platform::line_width(font, visible_line(text));
    }
    return platform::line_width(font, text);
}

std::vector<std::string_view> wrap_text(const ImFont& font, std::string_view text, float width) {
    if (platform::TextShaper::needs_shaping(text)) {
        return wrap_shaped_text(font, text, width);
    }
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
        const bool mid_word =
            brk > p && brk < end && *brk != ' ' && *brk != '\n' && brk[-1] != ' ' && brk[-1] != '-';
        if (brk == p || mid_word) {
            // A word wider than the box (ImGui would cut it anywhere): broken after the last
            // soft hyphen whose part fits, or taken whole, and the caller reports it.
            brk = break_long_word(font, std::string_view(p, static_cast<std::size_t>(end - p)),
                                  width);
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
                         float width, ImU32 color, std::string_view where, bool spoken) {
    record_text(p, font, text, color, p.ground, where, spoken);
    const auto lines = wrap_text(font, text, width);
    const platform::Direction direction = direction_of(text);
    float line_y = y;
    for (const auto line : lines) {
        const float w = text_width(font, line);
        if (w > width + 0.5f) {
            p.record.add_layout_problem(std::string(where) + ": '" + std::string(line) +
                                        "' is wider than its box");
        }
        draw_line(p, font, ImVec2(x + (width - w) / 2, line_y), color, line, direction);
        line_y += font.FontSize * 1.15f;
    }
    return line_y - y;
}

void draw_text_at(Painter& p, const ImFont& font, ImVec2 pos, ImU32 color, std::string_view text,
                  std::string_view where) {
    record_text(p, font, text, color, p.ground, where, true);
    draw_line(p, font, pos, color, text);
}

namespace {

float tick_size(const Painter& p, const Rect& rect) {
    return std::min(rect.h * 0.28f, 36 * p.theme.scale);
}

struct LabelLines {
    std::vector<std::string_view> lines;
    float inner = 0;  // the width they were wrapped to
};

// A button's label wrapped to its width; on an answer that can be ticked (draw_tick, top left),
// narrower on both sides where its top line would run under the tick and the narrower wrap
// still fits. Decided from the geometry only, so the label does not move when it is chosen.
LabelLines button_label_lines(const Painter& p, const ImFont& font, std::string_view label,
                              const Rect& rect, float pad, bool tickable) {
    LabelLines wide{wrap_text(font, label, rect.w - 2 * pad), rect.w - 2 * pad};
    if (!tickable || wide.lines.empty()) {
        return wide;
    }
    const float s = tick_size(p, rect);
    const float tick_bottom = rect.y + 1.25f * s + pad * 0.25f;
    const float tick_right = rect.x + 1.5f * s + pad * 0.5f;
    const auto height = [&](std::size_t lines) {
        return font.FontSize * 1.1f * static_cast<float>(lines - 1) + font.FontSize;
    };
    const float top = rect.y + (rect.h - height(wide.lines.size())) / 2;
    const float first_left = rect.x + (rect.w - text_width(font, wide.lines.front())) / 2;
    if (top >= tick_bottom || first_left >= tick_right) {
        return wide;
    }
    LabelLines narrow{{}, rect.w - 2 * (tick_right - rect.x)};
    if (narrow.inner <= 0) {
        return wide;
    }
    narrow.lines = wrap_text(font, label, narrow.inner);
    const bool fits =
        height(narrow.lines.size()) <= rect.h - pad &&
        std::all_of(narrow.lines.begin(), narrow.lines.end(), [&](std::string_view line) {
            return text_width(font, line) <= narrow.inner + 0.5f;
        });
    return fits ? narrow : wide;
}

}  // namespace

void draw_tick(Painter& p, Rect rect) {
    const float s = tick_size(p, rect);
    const ImVec2 o(rect.x + s * 0.5f, rect.y + s * 0.4f);
    const ImVec2 points[3] = {ImVec2(o.x, o.y + s * 0.5f), ImVec2(o.x + s * 0.35f, o.y + s * 0.85f),
                              ImVec2(o.x + s, o.y)};
    const int begin = p.draw.VtxBuffer.Size;
    p.draw.AddPolyline(points, 3, p.theme.on_primary, 0, std::max(2.0f, s * 0.16f));
    p.upright.push_back({begin, p.draw.VtxBuffer.Size});  // a tick is not mirrored
    // Ticks are drawn on a chosen target's fill: measured as a graphic against it.
    p.record.add_text({"tick", "", p.theme.on_primary, p.theme.primary, 0, false, false});
    const auto& targets = p.record.targets();
    for (std::size_t i = targets.size(); i-- > 0;) {
        const Rect& r = targets[i].rect;
        if (!targets[i].alias && r.x == rect.x && r.y == rect.y && r.w == rect.w) {
            p.record.target(i).marked = true;
            break;
        }
    }
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
    record_text(p, font, text, color, p.ground, "text", true);
    float line_y = y;
    const platform::Direction direction = direction_of(text);
    for (const auto line : wrap_text(font, text, width)) {
        draw_line(p, font, ImVec2(x, line_y), color, line, direction);
        line_y += font.FontSize * 1.15f;
    }
    return line_y - y;
}

void fill_rounded_rect(ImDrawList& draw, ImVec2 min, ImVec2 max, ImU32 color, float rounding) {
    min = ImVec2(std::round(min.x), std::round(min.y));
    max = ImVec2(std::round(max.x), std::round(max.y));
    const float r = std::floor(std::min({rounding, (max.x - min.x) / 2, (max.y - min.y) / 2}));
    if (r < 1) {
        draw.AddRectFilled(min, max, color);
        return;
    }
    draw.AddRectFilled(ImVec2(min.x + r, min.y), ImVec2(max.x - r, max.y), color);
    draw.AddRectFilled(ImVec2(min.x, min.y + r), ImVec2(min.x + r, max.y - r), color);
    draw.AddRectFilled(ImVec2(max.x - r, min.y + r), ImVec2(max.x, max.y - r), color);
    // Quarter discs, clockwise from the top left (ImGui's angles: 0 is right, y down).
    constexpr float kPi = std::numbers::pi_v<float>;
    const std::array<std::pair<ImVec2, float>, 4> corners = {{
        {ImVec2(min.x + r, min.y + r), kPi},
        {ImVec2(max.x - r, min.y + r), kPi * 1.5f},
        {ImVec2(max.x - r, max.y - r), 0},
        {ImVec2(min.x + r, max.y - r), kPi * 0.5f},
    }};
    // Without anti-aliasing: its fringe would run along the fans' straight sides too, a faint
    // seam against the rectangles; the outline drawn over the arc smooths it.
    const ImDrawListFlags flags = draw.Flags;
    draw.Flags &= ~ImDrawListFlags_AntiAliasedFill;
    for (const auto& [centre, from] : corners) {
        draw.PathLineTo(centre);
        draw.PathArcTo(centre, r, from, from + kPi * 0.5f);
        draw.PathFillConvex(color);
    }
    draw.Flags = flags;
}

bool text_button(Painter& p, std::string_view id, std::string_view label, Rect rect,
                 ButtonStyle style, const ImFont& font, TargetKind kind,
                 std::initializer_list<std::string_view> aliases, Spoken spoken) {
    if (spoken.text.empty()) {
        spoken.text = label;
    }
    const Hit hit =
        hit_area(p, id, rect, kind, aliases, spoken, style == ButtonStyle::ChoiceSelected);
    const bool held = hit.held;
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
    // What tells the button from the screen: its ring, or its fill where that stands out more.
    set_edge(p, hit,
             contrast_ratio(border, p.ground) >= contrast_ratio(fill, p.ground) ? border : fill,
             p.ground);
    fill_rounded_rect(p.draw, min_of(rect), max_of(rect), fill, t.rounding());
    p.draw.AddRect(min_of(rect), max_of(rect), border, t.rounding(), 0, t.outline_width());

    const float pad = std::min(12 * t.scale, rect.h * 0.1f);
    const bool tickable = kind == TargetKind::Answer &&
                          (style == ButtonStyle::Choice || style == ButtonStyle::ChoiceSelected);
    const auto [lines, inner] = button_label_lines(p, font, label, rect, pad, tickable);
    const float line_h = font.FontSize * 1.1f;
    const float text_h =
        line_h * static_cast<float>(std::max<std::size_t>(lines.size(), 1) - 1) + font.FontSize;
    if (text_h > rect.h - pad) {
        p.record.add_layout_problem(std::string(id) + ": label '" + std::string(label) +
                                    "' is taller than its button");
    }
    record_text(p, font, label, ink, fill, id, false);
    const platform::Direction direction = direction_of(label);
    float y = rect.y + (rect.h - text_h) / 2;
    for (const auto line : lines) {
        const float w = text_width(font, line);
        if (w > inner + 0.5f) {
            p.record.add_layout_problem(std::string(id) + ": label '" + std::string(label) +
                                        "' is wider than its button");
        }
        draw_line(p, font, ImVec2(rect.x + (rect.w - w) / 2, y), ink, line, direction);
        y += line_h;
    }
    return hit.clicked;
}

namespace {

void draw_speaker(ImDrawList& d, ImVec2 c, float s, ImU32 ink) {
    const float line = std::max(2.0f, s * 0.07f);
    const ImVec2 body[6] = {ImVec2(c.x - s * 0.45f, c.y - s * 0.15f),
                            ImVec2(c.x - s * 0.25f, c.y - s * 0.15f),
                            ImVec2(c.x, c.y - s * 0.38f),
                            ImVec2(c.x, c.y + s * 0.38f),
                            ImVec2(c.x - s * 0.25f, c.y + s * 0.15f),
                            ImVec2(c.x - s * 0.45f, c.y + s * 0.15f)};
    d.AddConvexPolyFilled(body, 6, ink);
    for (const float r : {s * 0.2f, s * 0.38f}) {
        d.PathArcTo(ImVec2(c.x + s * 0.05f, c.y), r, -0.9f, 0.9f, 12);
        d.PathStroke(ink, 0, line);
    }
}

void draw_icon(Painter& p, Icon icon, Rect rect, ImU32 ink, ImU32 fill) {
    ImDrawList& d = p.draw;
    const ImVec2 c(rect.center_x(), rect.center_y());
    const float s = std::min(rect.w, rect.h) * 0.62f;
    const float line = std::max(2.0f, s * 0.08f);
    switch (icon) {
        case Icon::Speech:
            draw_speaker(d, c, s, ink);
            break;
        case Icon::Repeat: {
            // A circular arrow: "again".
            const float r = s * 0.36f;
            d.PathArcTo(c, r, 0.6f, 5.6f, 24);
            d.PathStroke(ink, 0, line);
            const ImVec2 tip(c.x + r * std::cos(0.6f), c.y + r * std::sin(0.6f));
            d.AddTriangleFilled(ImVec2(tip.x - s * 0.2f, tip.y - s * 0.02f),
                                ImVec2(tip.x + s * 0.14f, tip.y - s * 0.06f),
                                ImVec2(tip.x - s * 0.02f, tip.y + s * 0.2f), ink);
            break;
        }
        case Icon::LargeText: {
            // A small and a large letter A.
            const ImFont& small = *p.fonts.small;
            const ImFont& big = *p.fonts.title;
            const float sw = text_width(small, "A");
            const float bw = text_width(big, "A");
            const float x = c.x - (sw + bw) / 2;
            const float base = c.y + big.FontSize * 0.35f;
            d.AddText(&small, small.FontSize, ImVec2(x, base - small.FontSize * 0.85f), ink, "A");
            d.AddText(&big, big.FontSize, ImVec2(x + sw, base - big.FontSize * 0.85f), ink, "A");
            break;
        }
        case Icon::Contrast:
            // A circle, half filled: the usual sign for contrast.
            d.AddCircleFilled(c, s * 0.38f, fill, 48);
            d.PathArcTo(c, s * 0.38f, -1.5708f, 1.5708f, 24);
            d.PathFillConvex(ink);
            d.AddCircle(c, s * 0.38f, ink, 48, line);
            break;
    }
}

}  // namespace

bool icon_button(Painter& p, std::string_view id, Icon icon, std::string_view name, Rect rect,
                 bool on) {
    const Hit hit = hit_area(p, id, rect, TargetKind::Control, {}, {name, {}}, on);
    const Theme& t = p.theme;
    const ImU32 fill = on ? (hit.held ? t.primary_pressed : t.primary)
                          : (hit.held ? t.surface_pressed : t.surface);
    const ImU32 ink = on ? t.on_primary : t.primary;
    set_edge(p, hit, on ? fill : t.primary, p.ground);
    fill_rounded_rect(p.draw, min_of(rect), max_of(rect), fill, t.rounding());
    p.draw.AddRect(min_of(rect), max_of(rect), on ? t.primary_pressed : t.primary, t.rounding(), 0,
                   t.outline_width());
    draw_icon(p, icon, rect, ink, fill);
    p.record.add_text({std::string(id) + ".icon", "", ink, fill, 0, false, false});
    if (on) {
        draw_tick(p, rect);
        // The tick is drawn on the primary fill; keep it in the fill's own ink.
    }
    return hit.clicked;
}

bool smiley_button(Painter& p, std::string_view id, int value, std::string_view label, Rect rect,
                   bool selected, std::initializer_list<std::string_view> aliases) {
    const Hit hit = hit_area(p, id, rect, TargetKind::Answer, aliases, {label, {}}, selected);
    const Theme& t = p.theme;
    const ImU32 under = hit.held ? t.surface_pressed : selected ? t.surface : p.ground;
    if (hit.held || selected) {
        fill_rounded_rect(p.draw, min_of(rect), max_of(rect), under, t.rounding());
    }
    // The face's ring is what outlines the target.
    set_edge(p, hit, t.outline, under);
    if (selected) {
        p.draw.AddRect(min_of(rect), max_of(rect), t.primary, t.rounding(), 0,
                       t.outline_width() * 2);
        p.record.target(hit.index).marked = true;  // the thick ring, not only a colour
    }
    const ImFont& font = *p.fonts.small;
    // The face shrinks to leave its label room (large text wraps it into more lines).
    const auto label_lines =
        static_cast<float>(wrap_text(font, label, rect.w - 12 * t.scale).size());
    const float label_h = font.FontSize * 1.15f * label_lines;
    const float radius = std::max(
        8.0f, std::min({rect.w * 0.40f, rect.h * 0.30f, (rect.h - 34 * t.scale - label_h) / 2}));
    const ImVec2 centre(rect.center_x(), rect.y + 16 * t.scale + radius);
    draw_face(p.draw, t, centre, radius, value);
    const float label_y = centre.y + radius + 14 * t.scale;
    const ImU32 ground = p.ground;
    p.ground = under;
    const float used = draw_centered_text(p, font, label, rect.x + 6 * t.scale, label_y,
                                          rect.w - 12 * t.scale, t.text, id, false);
    p.ground = ground;
    p.record.add_text(
        {std::string(id) + ".face", "", t.face_ink, t.smiley[value - 1], 0, false, false});
    if (label_y + used > rect.y + rect.h + 0.5f) {
        p.record.add_layout_problem(std::string(id) + ": label '" + std::string(label) +
                                    "' runs below its target");
    }
    return hit.clicked;
}

std::optional<int> slider_track(Painter& p, std::string_view id, Rect rect, int min, int max,
                                std::optional<std::int64_t> value, std::string_view spoken) {
    const Hit hit = hit_area(p, id, rect, TargetKind::Answer, {}, {spoken, {}}, value.has_value());
    const Theme& t = p.theme;
    // The ends sit a thumb's radius inside the target, so 0 and 100 are as easy to reach as 50.
    const float radius = std::min(rect.h * 0.3f, 14 * t.px_per_mm / 2);
    const float left = rect.x + radius;
    const float width = std::max(1.0f, rect.w - 2 * radius);
    const float mid_y = rect.center_y();
    const auto x_of = [&](std::int64_t v) {
        return left + width * static_cast<float>(v - min) / static_cast<float>(max - min);
    };
    const float line = std::max(4.0f, 2 * t.outline_width());
    p.draw.AddRectFilled(ImVec2(left, mid_y - line / 2), ImVec2(left + width, mid_y + line / 2),
                         t.outline, line / 2);
    // Ticks at the ends and the middle, so the scale reads as a scale before it is touched.
    for (const int v : {min, (min + max) / 2, max}) {
        p.draw.AddRectFilled(ImVec2(x_of(v) - line / 2, mid_y - radius * 0.6f),
                             ImVec2(x_of(v) + line / 2, mid_y + radius * 0.6f), t.outline);
    }
    set_edge(p, hit, t.outline, p.ground);
    if (value) {
        const float x = x_of(*value);
        p.draw.AddRectFilled(ImVec2(left, mid_y - line), ImVec2(x, mid_y + line), t.primary, line);
        p.draw.AddCircleFilled(ImVec2(x, mid_y), radius, hit.held ? t.primary_pressed : t.primary);
        p.draw.AddCircle(ImVec2(x, mid_y), radius, t.on_primary, 0, t.outline_width());
        p.record.target(hit.index).marked = true;  // the thumb is a shape, not only a colour
    }
    const bool may_move = !p.speech || p.focus == id;
    if (!hit.held || !may_move) {
        return std::nullopt;
    }
    const float along = std::clamp((ImGui::GetIO().MousePos.x - left) / width, 0.0f, 1.0f);
    const int under = min + static_cast<int>(std::lround(along * static_cast<float>(max - min)));
    if (value && *value == under) {
        return std::nullopt;
    }
    return under;
}

}  // namespace fbk::kiosk::ui
