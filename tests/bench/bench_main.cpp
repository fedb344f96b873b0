// fbk_bench: every benchmark in one run, a table on stdout and bench-results.json. Not part of
// the test command: `deploy/dev.sh bench` runs it (see tests/bench/README.md).
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "tests/bench/benches.h"
#include "tests/bench/calibration.h"
#include "tests/support/temp_dir.h"

namespace {

std::string machine() {
    std::string model = "unknown CPU";
    std::ifstream cpuinfo("/proc/cpuinfo");
    for (std::string line; std::getline(cpuinfo, line);) {
        if (line.rfind("model name", 0) == 0) {
            model = line.substr(line.find(':') + 2);
            break;
        }
    }
    utsname u{};
    uname(&u);
    return model + ", " + std::to_string(sysconf(_SC_NPROCESSORS_ONLN)) + " cores, " + u.sysname +
           " " + u.release;
}

}  // namespace

int main(int argc, char** argv) {
    std::string out = "bench-results.json";
    std::vector<std::string> only;
    for (int i = 1; i < argc; ++i) {
        const std::string_view a = argv[i];
        if (a == "--out" && i + 1 < argc) {
            out = argv[++i];
        } else if (a == "--only" && i + 1 < argc) {
            only.emplace_back(argv[++i]);
        } else {
            std::cerr << "usage: fbk_bench [--out FILE] [--only NAME]...\n"
                         "names: kiosk-vs-browser tap-to-durable hub-ingest hub-ingest-comments "
                         "postgres "
                         "hub-ingest-postgres backlog-drain "
                         "export fleet fleet-nginx comments kiosk-frames kiosk-arm64\n";
            return 2;
        }
    }
    const std::vector<std::pair<std::string, std::function<void(fbk::bench::BenchContext&)>>>
        benches{{"kiosk-vs-browser", fbk::bench::kiosk_vs_browser},
                {"tap-to-durable", fbk::bench::tap_to_durable},
                {"hub-ingest", fbk::bench::hub_ingest},
                {"hub-ingest-comments", fbk::bench::hub_ingest_comments},
                {"postgres", fbk::bench::postgres_raw},
                {"hub-ingest-postgres", fbk::bench::hub_ingest_postgres},
                {"backlog-drain", fbk::bench::backlog_drain},
                {"export", fbk::bench::export_million},
                {"fleet", fbk::bench::fleet_load},
                {"fleet-nginx", fbk::bench::fleet_nginx},
                {"comments", fbk::bench::comment_analysis},
                {"kiosk-frames", fbk::bench::kiosk_frames},
                {"kiosk-arm64", fbk::bench::kiosk_arm64}};
    fbk::bench::Results results;
    fbk::bench::add_calibration(results, "before the run");
    int failed = 0;
    for (const auto& [name, run] : benches) {
        if (!only.empty() && std::find(only.begin(), only.end(), name) == only.end()) {
            continue;
        }
        std::cerr << "bench: running " << name << "\n";
        try {
            fbk::test::TempDir dir("fbk-bench");
            fbk::bench::BenchContext ctx{results, dir.path()};
            run(ctx);
        } catch (const std::exception& e) {
            std::cerr << "bench: " << name << " failed: " << e.what() << "\n";
            ++failed;
        }
    }
    fbk::bench::add_calibration(results, "after the run");
    results.print_table(std::cout);
    std::ofstream(out) << results.json(machine());
    std::cerr << "bench: wrote " << out << "\n";
    return failed == 0 ? 0 : 1;
}
