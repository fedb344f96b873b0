#include "kiosk/ui/screen_record.h"

#include <algorithm>

namespace fbk::kiosk::ui {

void ScreenRecord::clear() {
    targets_.clear();
    problems_.clear();
}

void ScreenRecord::add_target(std::string id, Rect rect) {
    targets_.emplace_back(std::move(id), rect);
}

const Rect* ScreenRecord::find_target(std::string_view id) const {
    const auto it = std::find_if(targets_.begin(), targets_.end(),
                                 [&](const auto& t) { return t.first == id; });
    return it == targets_.end() ? nullptr : &it->second;
}

void ScreenRecord::add_layout_problem(std::string problem) {
    problems_.push_back(std::move(problem));
}

}  // namespace fbk::kiosk::ui
