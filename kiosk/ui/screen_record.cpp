#include "kiosk/ui/screen_record.h"

#include <algorithm>

namespace fbk::kiosk::ui {

void ScreenRecord::clear() {
    targets_.clear();
    texts_.clear();
    chosen_.clear();
    typed_.clear();
    problems_.clear();
    notices_.clear();
    mirrored_ = false;
    language_.clear();
}

void ScreenRecord::add_notice(std::string id) {
    notices_.push_back(std::move(id));
}

bool ScreenRecord::shows(std::string_view id) const {
    return find_target(id) != nullptr ||
           std::find(notices_.begin(), notices_.end(), id) != notices_.end();
}

ScreenRecord::Target& ScreenRecord::add_target(std::string id, Rect rect, TargetKind kind) {
    Target& t = targets_.emplace_back();
    t.id = std::move(id);
    t.rect = rect;
    t.kind = kind;
    return t;
}

void ScreenRecord::add_text(Text text) {
    texts_.push_back(std::move(text));
}

const ScreenRecord::Target* ScreenRecord::find(std::string_view id) const {
    const auto it =
        std::find_if(targets_.begin(), targets_.end(), [&](const Target& t) { return t.id == id; });
    return it == targets_.end() ? nullptr : &*it;
}

std::vector<std::string> ScreenRecord::target_ids() const {
    std::vector<std::string> ids;
    for (const Target& t : targets_) {
        ids.push_back(t.id);
    }
    return ids;
}

const Rect* ScreenRecord::find_target(std::string_view id) const {
    const Target* t = find(id);
    return t == nullptr ? nullptr : &t->rect;
}

void ScreenRecord::add_layout_problem(std::string problem) {
    problems_.push_back(std::move(problem));
}

void ScreenRecord::mirror(float width) {
    for (Target& target : targets_) {
        target.rect.x = width - target.rect.x - target.rect.w;
    }
    mirrored_ = !mirrored_;
}

}  // namespace fbk::kiosk::ui
