// Suspicious responses are flagged with reason codes, never dropped: a quality manager decides
// what to count. The kiosk cannot tell a child playing from a fast patient, so it only marks.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace fbk::kiosk::core {

struct MisuseRules {
    std::int64_t min_gap_ms = 3'000;       // "rapid_repeat": finished this soon after the last
    int max_per_minute = 6;                // "burst": more finished within one minute
    std::int64_t min_ms_per_answer = 700;  // "too_fast": quicker than reading the question
};

// Finish times (monotonic ms) of the last minute's responses; survives between patients.
using RecentFinishes = std::deque<std::int64_t>;

// Records this response's finish in `recent` and returns its flags.
std::vector<std::string> misuse_flags(const MisuseRules& rules, RecentFinishes& recent,
                                      std::int64_t started_mono_ms, std::int64_t finished_mono_ms,
                                      std::size_t answers);

}  // namespace fbk::kiosk::core
