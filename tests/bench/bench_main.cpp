// fbk_bench: every benchmark in one run, a table on stdout and bench-results.json. Not part of
// the test command: `deploy/dev.sh bench` runs it (see tests/bench/README.md).
#include <sys/utsname.h>
#include <unistd.h>

#include <algorithm>
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

using Bench = std::pair<std::string, std::function<void(fbk::bench::BenchContext&)>>;

// Every benchmark, in the order of a whole run; `--only` names come from here.
const std::vector<Bench>& all_benches() {
    static const std::vector<Bench> benches{
        // Every run has the calibration rows; `--only machine` gives them alone.
        {"machine", [](fbk::bench::BenchContext&) {}},
        {"kiosk-vs-browser", fbk::bench::kiosk_vs_browser},
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
    return benches;
}

bool is_bench(std::string_view name) {
    const auto& benches = all_benches();
    return std::any_of(benches.begin(), benches.end(),
                       [name](const Bench& b) { return b.first == name; });
}

int usage(const std::string& problem) {
    if (!problem.empty()) {
        std::cerr << "fbk_bench: " << problem << "\n";
    }
    std::cerr << "usage: fbk_bench [--out FILE] [--only NAME]...\nnames:";
    for (const auto& bench : all_benches()) {
        std::cerr << " " << bench.first;
    }
    std::cerr << "\n";
    return 2;
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
            if (!is_bench(only.back())) {
                return usage("no benchmark is named \"" + only.back() + "\"");
            }
        } else {
            return usage({});
        }
    }
    fbk::bench::Results results;
    fbk::bench::add_calibration(results, "before the run");
    int failed = 0;
    for (const auto& [name, run] : all_benches()) {
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
