// The stage staff chose on the kiosk survives restarts: one line in <data_dir>/staff-stage.
#pragma once

#include <filesystem>
#include <string>

namespace fbk::kiosk::app {

// The saved stage, or "" when none is saved or the file holds no known stage.
std::string read_staff_stage(const std::filesystem::path& file);
// Saves `stage` atomically ("" removes the override). Throws std::runtime_error.
void write_staff_stage(const std::filesystem::path& file, const std::string& stage);

}  // namespace fbk::kiosk::app
