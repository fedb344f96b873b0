// A small file replaced so that a power cut leaves the old content or the new, never half of
// either: written to a temporary name in the same directory, synced, renamed over the file,
// and the directory synced.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string_view>

namespace fbk::kiosk::app {

// Throws std::runtime_error naming the file. `mode` is set whatever the umask.
void replace_file_durably(const std::filesystem::path& file, std::string_view text,
                          mode_t mode = 0640);

}  // namespace fbk::kiosk::app
