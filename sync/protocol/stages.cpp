#include "sync/protocol/stages.h"

#include <algorithm>
#include <array>

namespace fbk::sync::protocol {

namespace {
constexpr std::array<std::string_view, 9> kStages = {
    "ARRIVAL",   "WAITING",   "CONSULTATION", "EXAMINATION", "TREATMENT",
    "DISCHARGE", "FOLLOW_UP", "OVERALL",      "LABORATORY",
};
}  // namespace

std::span<const std::string_view> known_stages() {
    return kStages;
}

bool is_known_stage(std::string_view code) {
    return std::find(kStages.begin(), kStages.end(), code) != kStages.end();
}

}  // namespace fbk::sync::protocol
