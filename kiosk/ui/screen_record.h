// What one drawn frame offers: the tappable targets (id -> rectangle) that replay scripts aim
// at, and layout problems (text that does not fit its box) that tests assert are absent.
#pragma once

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

class ScreenRecord {
  public:
    void clear();
    struct Target {
        std::string id;
        Rect rect;
        TargetKind kind = TargetKind::Answer;
    };

    void add_target(std::string id, Rect rect, TargetKind kind);
    const Rect* find_target(std::string_view id) const;
    const std::vector<Target>& targets() const { return targets_; }
    std::vector<std::string> target_ids() const;

    // Alarms and other things shown that are not touch targets (staff-mode alarms), by id, so
    // tests and replays can see them.
    void add_notice(std::string id);
    bool shows(std::string_view id) const;

    void add_layout_problem(std::string problem);
    const std::vector<std::string>& layout_problems() const { return problems_; }

  private:
    std::vector<Target> targets_;
    std::vector<std::string> problems_;
    std::vector<std::string> notices_;
};

}  // namespace fbk::kiosk::ui
