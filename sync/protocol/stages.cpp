#include "sync/protocol/stages.h"

#include <algorithm>
#include <array>

namespace fbk::sync::protocol {

namespace {
// In the order a patient meets them: the journey view, the dashboard and the report show the
// stages in this order. OVERALL is the visit as a whole and comes last.
constexpr std::array<std::string_view, 9> kStages = {
    "ARRIVAL",    "WAITING",   "CONSULTATION", "EXAMINATION", "TREATMENT",
    "LABORATORY", "DISCHARGE", "FOLLOW_UP",    "OVERALL",
};
}  // namespace

std::span<const std::string_view> known_stages() {
    return kStages;
}

bool is_known_stage(std::string_view code) {
    return std::find(kStages.begin(), kStages.end(), code) != kStages.end();
}

}  // namespace fbk::sync::protocol
