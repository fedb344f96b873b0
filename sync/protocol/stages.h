// Journey stages: stable codes that name where in a care pathway a survey is answered. They are
// stored with every response and used for reporting, so codes are never renamed, only added.
#pragma once

#include <span>
#include <string_view>

namespace fbk::sync::protocol {

// In pathway order (the order of README "The care pathway"), the whole visit (OVERALL) last.
std::span<const std::string_view> known_stages();
bool is_known_stage(std::string_view code);

}  // namespace fbk::sync::protocol
