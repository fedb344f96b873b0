#include "kiosk/core/misuse.h"

namespace fbk::kiosk::core {

std::vector<std::string> misuse_flags(const MisuseRules& rules, RecentFinishes& recent,
                                      std::int64_t started_mono_ms, std::int64_t finished_mono_ms,
                                      std::size_t answers) {
    std::vector<std::string> flags;
    if (!recent.empty() && finished_mono_ms - recent.back() < rules.min_gap_ms) {
        flags.emplace_back("rapid_repeat");
    }
    while (!recent.empty() && finished_mono_ms - recent.front() >= 60'000) {
        recent.pop_front();
    }
    recent.push_back(finished_mono_ms);
    if (static_cast<int>(recent.size()) > rules.max_per_minute) {
        flags.emplace_back("burst");
    }
    const auto needed = static_cast<std::int64_t>(answers) * rules.min_ms_per_answer;
    if (answers > 0 && finished_mono_ms - started_mono_ms < needed) {
        flags.emplace_back("too_fast");
    }
    return flags;
}

}  // namespace fbk::kiosk::core
