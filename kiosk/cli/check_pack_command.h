#pragma once

#include <filesystem>
#include <iosfwd>

namespace fbk::kiosk::cli {

// `feedback-kiosk check-pack FILE`: every problem on its own line as FILE: JSON-PATH: problem.
// Returns 0 when the pack is usable (warnings allowed), 1 otherwise.
int check_pack(const std::filesystem::path& file, std::ostream& out, std::ostream& err);

}  // namespace fbk::kiosk::cli
