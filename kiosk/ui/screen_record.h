// What one drawn frame offers: the tappable targets (id -> rectangle) that replay scripts aim
// at, and layout problems (text that does not fit its box) that tests assert are absent.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fbk::kiosk::ui {

// Answer targets must meet the 20 mm rule; controls (back, continue) are sized the same where
// the screen allows; keys and staff buttons are smaller by design.
enum class TargetKind { Answer, Control, Key, Staff };

struct Rect {
    float x = 0;
    float y = 0;
    float w = 0;
    float h = 0;
    float center_x() const { return x + w / 2; }
    float center_y() const { return y + h / 2; }
};

// Colours as ImGui packs them (IM_COL32: red in the low byte), without ImGui's header.
using Rgba = std::uint32_t;

class ScreenRecord {
  public:
    void clear();
    struct Target {
        std::string id;
        Rect rect;
        TargetKind kind = TargetKind::Answer;
        // What speech mode says for it (a smiley's or an icon's name, a key's letter).
        std::string label;
        std::string label_language;  // empty: the screen's language (a language's own name)
        bool selected = false;
        bool marked = false;  // its chosen state is shown by a shape (tick, thick ring) too
        bool alias = false;   // a second id for the target just before it (replay scripts)
        // Its edge against what surrounds it (WCAG 1.4.11: at least 3:1 for controls).
        Rgba edge = 0;
        Rgba surround = 0;
    };
    // Text as drawn: what the contrast check measures and speech mode reads.
    struct Text {
        std::string where;
        std::string text;
        Rgba ink = 0;
        Rgba background = 0;
        float pixels = 0;  // font size
        bool bold = false;
        bool spoken = true;  // false for a target's own label (spoken with the target)
    };

    Target& add_target(std::string id, Rect rect, TargetKind kind);
    Target& target(std::size_t index) { return targets_.at(index); }
    void add_text(Text text);
    // The answer chosen in this frame (speech mode confirms it aloud).
    void set_chosen(std::string label) { chosen_ = std::move(label); }
    const std::string& chosen() const { return chosen_; }
    // The on-screen key pressed in this frame (speech mode says it).
    void set_typed(std::string label) { typed_ = std::move(label); }
    const std::string& typed() const { return typed_; }
    const std::vector<Text>& texts() const { return texts_; }
    const Target* find(std::string_view id) const;
    const Rect* find_target(std::string_view id) const;
    const std::vector<Target>& targets() const { return targets_; }
    std::vector<std::string> target_ids() const;

    // Alarms and other things shown that are not touch targets (staff-mode alarms), by id, so
    // tests and replays can see them.
    void add_notice(std::string id);
    bool shows(std::string_view id) const;

    // The language the screen was drawn in (a question the pack lacks in the patient's
    // language is drawn in its default): speech reads it with that language's voice.
    void set_language(std::string language) { language_ = std::move(language); }
    const std::string& language() const { return language_; }

    // Right-to-left screens: every target's rectangle mirrored across x = width / 2.
    void mirror(float width);
    bool mirrored() const { return mirrored_; }

    void add_layout_problem(std::string problem);
    const std::vector<std::string>& layout_problems() const { return problems_; }

  private:
    std::vector<Target> targets_;
    std::vector<Text> texts_;
    std::string chosen_;
    std::string typed_;
    std::vector<std::string> problems_;
    std::vector<std::string> notices_;
    bool mirrored_ = false;
    std::string language_;
};

}  // namespace fbk::kiosk::ui
