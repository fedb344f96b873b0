#include "tests/bench/kiosk_start.h"

#include <algorithm>

#include "tests/support/fixtures.h"

namespace fbk::bench {

using namespace std::chrono_literals;

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

double ms_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

double kiosk_start_ms(const std::vector<std::string>& launcher, const std::filesystem::path& exe,
                      const std::filesystem::path& config, const std::filesystem::path& dir) {
    test::write_file(dir / "ready.replay", "wait-screen language\nprint ready\n");
    std::vector<std::string> argv = launcher;
    for (const std::string& arg :
         {exe.string(), std::string("run"), std::string("--config"), config.string(),
          std::string("--headless"), std::string("--replay"), (dir / "ready.replay").string()}) {
        argv.push_back(arg);
    }
    const auto start = std::chrono::steady_clock::now();
    test::Process kiosk(argv, dir / "kiosk.log");
    kiosk.wait_for_line("ready", 60s);
    const double ms = ms_since(start);
    kiosk.wait(60s);
    return ms;
}

}  // namespace fbk::bench
