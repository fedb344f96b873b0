// A kiosk's start to its first settled frame, timed from outside: shared by the benchmarks that
// compare starts (kiosk vs browser, kiosk text, kiosk arm64).
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace fbk::bench {

double median(std::vector<double> values);
double ms_since(std::chrono::steady_clock::time_point start);

// One start of `exe run --config CONFIG --headless` to its language screen, in ms. `launcher`
// runs it (empty, or qemu-user and its arguments); the kiosk's stderr goes to DIR/kiosk.log.
double kiosk_start_ms(const std::vector<std::string>& launcher, const std::filesystem::path& exe,
                      const std::filesystem::path& config, const std::filesystem::path& dir);

}  // namespace fbk::bench
