#include "platform/chime.h"

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

namespace fbk::platform {

namespace {

constexpr int kRate = 22'050;

// Two soft tones (E5 then C5) with a fade, so the cue is noticed without startling anyone.
std::vector<std::int16_t> chime_samples() {
    std::vector<std::int16_t> samples;
    for (const double freq : {659.25, 523.25}) {
        const int n = kRate / 4;
        for (int i = 0; i < n; ++i) {
            const double t = static_cast<double>(i) / kRate;
            const double envelope = std::sin(std::numbers::pi * i / n);
            samples.push_back(static_cast<std::int16_t>(
                9'000.0 * envelope * std::sin(2.0 * std::numbers::pi * freq * t)));
        }
    }
    return samples;
}

}  // namespace

bool Chime::play() {
    if (!output_.open(kRate)) {
        return false;
    }
    const auto samples = chime_samples();
    output_.clear();
    if (!output_.queue(samples)) {
        return false;
    }
    ++played_;
    return true;
}

}  // namespace fbk::platform
