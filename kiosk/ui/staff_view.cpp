// Staff screens: the PIN pad and the kiosk's status. Shown in the kiosk's default language; they
// never show a patient's answers.
#include <algorithm>
#include <string>

#include "kiosk/ui/frame.h"

namespace fbk::kiosk::ui {

std::optional<core::Event> staff_pin_screen(Frame& f) {
    const Theme& t = f.theme();
    std::optional<core::Event> intent;
    const auto& s = f.m.state;
    float y = t.margin() * 0.5f;
    y += draw_centered_text(f.p, *f.p.fonts.body, f.text("staff.pin.title"), t.margin(), y,
                            f.width - 2 * t.margin(), t.text, "staff.pin.title");
    std::string status(s.pin_entry.size(), '*');
    const bool locked = f.m.now.mono_ms < s.memory.pin_locked_until_mono_ms;
    if (locked) {
        const auto seconds = (s.memory.pin_locked_until_mono_ms - f.m.now.mono_ms + 999) / 1000;
        status = core::format(f.text("staff.pin.locked"), {{"seconds", std::to_string(seconds)}});
    } else if (s.pin_entry.empty() && s.memory.pin_failures > 0) {
        status = f.text("staff.pin.wrong");
    }
    y += draw_centered_text(f.p, *f.p.fonts.small, status.empty() ? " " : status, t.margin(), y,
                            f.width - 2 * t.margin(), t.muted_text, "staff.pin.status");
    const Rect pad{t.margin(), y + t.gap() * 0.5f, f.width - 2 * t.margin(),
                   f.height - y - t.gap() * 0.5f - t.margin() * 0.5f};
    static constexpr const char* kKeys[12] = {"1", "2", "3", "4",     "5", "6",
                                              "7", "8", "9", "erase", "0", "ok"};
    grid(pad, 12, 3, t.gap() * 0.5f, 260 * t.scale, 120 * t.scale, [&](int i, Rect rect) {
        const std::string key = kKeys[i];
        const bool digit = key.size() == 1;
        const std::string_view label =
            digit ? std::string_view(key) : f.text(key == "ok" ? "staff.ok" : "staff.erase");
        if (text_button(f.p, "pin." + key, label, rect,
                        key == "ok" ? ButtonStyle::Primary : ButtonStyle::Choice, *f.p.fonts.button,
                        TargetKind::Staff)) {
            if (digit) {
                intent = core::event::PinDigit{key[0]};
            } else if (key == "ok") {
                intent = core::event::PinSubmit{};
            } else {
                intent = core::event::PinErase{};
            }
        }
    });
    const Rect cancel{t.margin() * 0.5f, t.margin() * 0.5f, 200 * t.scale + 40, 80 * t.scale};
    if (text_button(f.p, "staff.cancel", f.text("staff.cancel"), cancel, ButtonStyle::Secondary,
                    *f.p.fonts.small, TargetKind::Staff)) {
        intent = core::event::StaffClose{};
    }
    return intent;
}

std::optional<core::Event> staff_screen(Frame& f) {
    const Theme& t = f.theme();
    std::optional<core::Event> intent;
    const ImFont& small = *f.p.fonts.small;
    float y = t.margin() * 0.5f;
    y += draw_centered_text(f.p, *f.p.fonts.body, f.text("staff.title"), t.margin(), y,
                            f.width - 2 * t.margin(), t.text, "staff.title");
    y += t.gap() * 0.5f;
    const float column_w = (f.width - 2 * t.margin() - t.gap()) / 2;
    const float line_h = small.FontSize * 1.2f;
    // Alarms first and in red: someone walking past with the PIN must not miss them.
    for (const auto& [id, text] : f.m.staff.alarms) {
        const float pad = small.FontSize * 0.3f;
        const float h = static_cast<float>(wrap_text(small, text, column_w - 2 * pad).size()) *
                            small.FontSize * 1.15f +
                        2 * pad;
        f.p.draw.AddRectFilled(ImVec2(t.margin(), y), ImVec2(t.margin() + column_w, y + h), t.alarm,
                               t.rounding() * 0.5f);
        const ImU32 ground = f.p.ground;
        f.p.ground = t.alarm;
        draw_wrapped_text(f.p, small, text, t.margin() + pad, y + pad, column_w - 2 * pad,
                          IM_COL32_WHITE);
        f.p.ground = ground;
        f.p.record.add_notice(id);
        y += h + line_h * 0.3f;
    }
    for (const auto& [key, value] : f.m.staff.lines) {
        const std::string line = std::string(f.text(key)) + ": " + value;
        y += draw_wrapped_text(f.p, small, line, t.margin(), y, column_w, t.text);
        y += line_h * 0.15f;
    }
    // Right column: the stage, then the actions.
    const float x = t.margin() + column_w + t.gap();
    float ry = t.margin() * 0.5f + f.p.fonts.body->FontSize * 1.3f + t.gap() * 0.5f;
    ry += draw_wrapped_text(f.p, small, f.text("staff.stage"), x, ry, column_w, t.text);
    std::vector<std::string> options{""};
    options.insert(options.end(), f.m.staff.stages.begin(), f.m.staff.stages.end());
    const float button_h = std::max(7.5f * t.px_per_mm, std::min(80 * t.scale + 10, line_h * 1.6f));
    const Rect stages{x, ry, column_w,
                      static_cast<float>((options.size() + 1) / 2) * (button_h + 8) - 8};
    grid(stages, static_cast<int>(options.size()), 2, 8, column_w, button_h, [&](int i, Rect rect) {
        const std::string& stage = options[static_cast<std::size_t>(i)];
        const std::string_view label =
            stage.empty() ? f.text("staff.stage_auto") : std::string_view(stage);
        const bool current = stage == f.m.staff.override_stage;
        if (text_button(f.p, "staff.stage." + (stage.empty() ? "auto" : stage), label, rect,
                        current ? ButtonStyle::ChoiceSelected : ButtonStyle::Choice, small,
                        TargetKind::Staff)) {
            intent = core::event::StaffSetStage{stage};
        }
    });
    const float actions_y = std::max(stages.y + stages.h + t.gap(), y + t.gap() * 0.5f);
    const float w = (column_w - t.gap()) / 2;
    const float h =
        std::max(button_h, std::min(110 * t.scale, f.height - actions_y - t.margin() * 0.5f));
    if (text_button(f.p, "staff.sync_now", f.text("staff.sync_now"), Rect{x, actions_y, w, h},
                    ButtonStyle::Primary, small, TargetKind::Staff)) {
        intent = core::event::StaffSyncNow{};
    }
    if (text_button(f.p, "staff.close", f.text("staff.close"),
                    Rect{x + w + t.gap(), actions_y, w, h}, ButtonStyle::Secondary, small,
                    TargetKind::Staff)) {
        intent = core::event::StaffClose{};
    }
    return intent;
}

}  // namespace fbk::kiosk::ui
