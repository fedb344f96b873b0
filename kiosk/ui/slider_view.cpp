// The slider (0-100 between two anchors the pack words, a visual analogue scale): a hint, the
// value over the thumb, the line between "Less" and "More" buttons, and the anchors under the
// line's ends. No thumb is drawn before the patient touches the line, so no value is suggested;
// a drag moves it (platform/pointer_input.cpp passes moves while pressed), and Continue confirms.
// The buttons step by 5 for patients who cannot drag, and for speech mode and the arrow keys.
#include <algorithm>
#include <array>
#include <string>

#include "kiosk/ui/question_views.h"

namespace fbk::kiosk::ui {

namespace {

constexpr int kStep = 5;

// Next multiple of kStep below / above `value` (from the middle while nothing is chosen).
int step_value(std::optional<std::int64_t> value, int direction, const protocol::ValueRange& r) {
    const int base = static_cast<int>(value.value_or((r.min + r.max) / 2));
    const int next =
        direction < 0 ? ((base + kStep - 1) / kStep - 1) * kStep : (base / kStep + 1) * kStep;
    return std::clamp(next, r.min, r.max);
}

}  // namespace

void slider_view(Frame& f, const AnswerArea& a, std::optional<core::Event>& intent) {
    const protocol::Question& q = a.question;
    const protocol::ValueRange range = *protocol::value_range(q.type);
    const auto value = f.m.state.draft_value;
    const Theme& t = f.theme();
    const ImFont& small = *f.p.fonts.small;
    const ImFont& button = *f.p.fonts.button;
    const std::array<std::string_view, 2> steps = {f.text("slider.less"), f.text("slider.more")};
    const float button_w =
        std::max(t.min_target() * 1.2f, longest_word(button, steps) + 32 * t.scale);
    const float row_h = std::max(t.min_target(), 110 * t.scale);
    const float track_left = a.rect.x + button_w + t.gap();
    const float track_right = a.rect.x + a.rect.w - button_w - t.gap();
    // A slider's pack always words both ends (the pack parser refuses one that does not).
    const protocol::Anchors none;
    const protocol::Anchors& anchors = q.anchors ? *q.anchors : none;
    const std::string_view low = f.m.survey.pack->text(anchors.low, f.language());
    const std::string_view high = f.m.survey.pack->text(anchors.high, f.language());
    const float half_w = (track_right - track_left - t.gap()) / 2;
    const auto anchor_lines =
        std::max(wrap_text(small, low, half_w).size(), wrap_text(small, high, half_w).size());
    const std::string_view hint = f.text("slider.hint");
    const float hint_h =
        small.FontSize * 1.15f * static_cast<float>(wrap_text(small, hint, a.rect.w).size());
    const float readout_h = button.FontSize * 1.3f;
    const float block_h = hint_h + t.gap() * 0.4f + readout_h + row_h + t.gap() * 0.4f +
                          small.FontSize * 1.15f * static_cast<float>(anchor_lines);
    float y = a.rect.y + std::max(0.0f, (a.rect.h - block_h) / 2);
    y += draw_centered_text(f.p, small, hint, a.rect.x, y, a.rect.w, t.muted_text, "slider.hint");
    y += t.gap() * 0.4f;
    const Rect track{track_left, y + readout_h, track_right - track_left, row_h};
    const std::string spoken = value ? std::to_string(*value) : std::string(hint);
    if (const auto moved =
            slider_track(f.p, "q." + q.id + ".track", track, range.min, range.max, value, spoken)) {
        intent = core::event::AnswerQuestion{q.id, *moved};
    }
    if (value) {
        // The number over the thumb, kept inside the line's ends.
        const std::string number = std::to_string(*value);
        const float w = text_width(button, number);
        const float along =
            static_cast<float>(*value - range.min) / static_cast<float>(range.max - range.min);
        const float x =
            std::clamp(track.x + along * track.w - w / 2, track.x, track.x + track.w - w);
        draw_text_at(f.p, button, ImVec2(x, y), t.text, number, "slider.value");
    }
    const auto step_button = [&](std::string_view id, std::size_t which, float x, int direction) {
        if (text_button(f.p, "q." + q.id + "." + std::string(id), steps[which],
                        Rect{x, track.y, button_w, row_h}, ButtonStyle::Choice, button)) {
            intent = core::event::AnswerQuestion{q.id, step_value(value, direction, range)};
        }
    };
    step_button("less", 0, a.rect.x, -1);
    step_button("more", 1, a.rect.x + a.rect.w - button_w, +1);
    scale_anchors(f, low, high, track_left, track_right, track.y + row_h + t.gap() * 0.4f,
                  "slider.high");
}

}  // namespace fbk::kiosk::ui
