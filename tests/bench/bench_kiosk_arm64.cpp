// A Pi-class kiosk without a Pi: the arm64 build (deploy/arm64/cross-build.sh) run through
// qemu-user beside the amd64 build, in turn: start to the first frame, CPU over 10 s idle, peak
// RSS, and tap to durable (each build's own fbk_bench --only tap-to-durable). qemu-user translates
// every instruction, so the ratios are those of the arm64 code through an emulator on this machine,
// not a Raspberry Pi's own figures: what they show is an arm64 build that starts, idles and stays
// as small as the amd64 one relative to each other, and a change that makes arm64 alone slower. The
// arm64 RSS includes the emulator's.
#include <cstdlib>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/bench/benches.h"
#include "tests/bench/child.h"
#include "tests/bench/kiosk_start.h"
#include "tests/bench/proc_stats.h"
#include "tests/support/fixtures.h"

namespace fbk::bench {

namespace {

using namespace std::chrono_literals;
constexpr int kRuns = 5;
constexpr std::int64_t kIdleMs = 10'000;
const std::filesystem::path kQemu = "/usr/bin/qemu-aarch64-static";

std::filesystem::path from_env(const char* name, const std::filesystem::path& otherwise) {
    const char* value = std::getenv(name);
    return value != nullptr && *value != '\0' ? std::filesystem::path(value) : otherwise;
}

struct Idle {
    double cpu_ms = 0;
    double peak_rss_mib = 0;
};

// The language screen for 10 s, nobody touching it, after 3 s to start (arm64 starts slower).
Idle idle_kiosk(const std::vector<std::string>& launcher, const std::filesystem::path& exe,
                const std::filesystem::path& config, const std::filesystem::path& log) {
    std::vector<std::string> argv = launcher;
    argv.insert(argv.end(), {exe.string(), "run", "--config", config.string(), "--headless"});
    ChildGroup kiosk(argv, log);
    std::this_thread::sleep_for(3s);  // past start-up: measure the idle state only
    TreeWatch watch = watch_tree(kiosk.pid(), kIdleMs);
    watch.peak_rss_bytes = std::max(watch.peak_rss_bytes, peak_rss_bytes(kiosk.pid()));
    return {static_cast<double>(watch.cpu_ms),
            static_cast<double>(watch.peak_rss_bytes) / (1024.0 * 1024.0)};
}

// The rows of `fbk_bench --only tap-to-durable` run by `launcher`: the p50 and p99 of the
// outbox commit from the last tap.
std::pair<double, double> tap_to_durable_of(const std::vector<std::string>& launcher,
                                            const std::filesystem::path& bench,
                                            const std::filesystem::path& out) {
    std::vector<std::string> argv = launcher;
    argv.insert(argv.end(), {bench.string(), "--only", "tap-to-durable", "--out", out.string()});
    ChildGroup run(argv, out.string() + ".log");
    if (run.wait() != 0) {
        throw std::runtime_error("tap-to-durable failed; see " + out.string() + ".log");
    }
    double p50 = 0;
    double p99 = 0;
    const auto results = nlohmann::json::parse(test::read_file(out));
    for (const auto& row : results.at("results")) {
        if (row.at("subject").get<std::string>().starts_with("last tap")) {
            (row.at("metric") == "p50, ms" ? p50 : p99) = row.at("value").get<double>();
        }
    }
    return {p50, p99};
}

}  // namespace

void kiosk_arm64(BenchContext& ctx) {
    auto& r = ctx.results;
    const auto arm64_build = from_env("FBK_ARM64_BUILD", test::source_dir() / "build-arm64");
    const auto arm64_exe = arm64_build / "kiosk/feedback-kiosk";
    const auto arm64_bench = arm64_build / "tests/bench/fbk_bench";
    const auto sysroot = from_env("FBK_ARM64_SYSROOT", test::source_dir() / ".cache/arm64-sysroot");
    if (!std::filesystem::exists(arm64_exe) || !std::filesystem::exists(arm64_bench) ||
        !std::filesystem::exists(kQemu) ||
        !std::filesystem::exists(sysroot / "usr/lib/aarch64-linux-gnu")) {
        throw std::runtime_error(
            "no arm64 build: run deploy/arm64/cross-build.sh --bench "
            "(deploy/dev.sh bench does)");
    }
    // A data directory each: each build keeps its own glyph plan (keyed by the program).
    const auto amd64_dir = ctx.work_dir / "kiosk-arm64" / "amd64";
    const auto arm64_dir = ctx.work_dir / "kiosk-arm64" / "arm64";
    std::filesystem::create_directories(amd64_dir);
    std::filesystem::create_directories(arm64_dir);
    const auto setup = test::kiosk_setup("http://127.0.0.1:9", "fbk_kiosk_bench");
    const auto amd64_config = test::write_kiosk_config(amd64_dir, setup);
    const auto arm64_config = test::write_kiosk_config(arm64_dir, setup);
    const std::vector<std::string> qemu = {kQemu.string(), "-L", sysroot.string()};

    std::vector<double> amd64_runs;
    std::vector<double> arm64_runs;
    for (int i = 0; i < kRuns; ++i) {  // in turn
        amd64_runs.push_back(kiosk_start_ms({}, test::kiosk_exe(), amd64_config, amd64_dir));
        arm64_runs.push_back(kiosk_start_ms(qemu, arm64_exe, arm64_config, arm64_dir));
    }
    const double amd64_start = median(amd64_runs);
    const double arm64_start = median(arm64_runs);
    const Idle amd64_idle = idle_kiosk({}, test::kiosk_exe(), amd64_config, amd64_dir / "idle.log");
    const Idle arm64_idle = idle_kiosk(qemu, arm64_exe, arm64_config, arm64_dir / "idle.log");

    // Tap to durable: each build's own benchmark binary, one after the other.
    const auto [amd64_p50, amd64_p99] = tap_to_durable_of(
        {}, std::filesystem::read_symlink("/proc/self/exe"), amd64_dir / "tap.json");
    const auto [arm64_p50, arm64_p99] =
        tap_to_durable_of(qemu, arm64_bench, arm64_dir / "tap.json");

    const std::string runs = "median of " + std::to_string(kRuns) + ", runs in turn";
    r.add("kiosk arm64", "amd64 build", "start to first frame, ms", amd64_start, runs);
    r.add("kiosk arm64", "arm64 build under qemu-user", "start to first frame, ms", arm64_start,
          runs + "; every instruction translated");
    r.add("kiosk arm64", "ratio arm64 (qemu-user) / amd64", "start to first frame",
          arm64_start / amd64_start);
    r.add("kiosk arm64", "amd64 build", "CPU over 10 s idle, ms", amd64_idle.cpu_ms);
    r.add("kiosk arm64", "arm64 build under qemu-user", "CPU over 10 s idle, ms", arm64_idle.cpu_ms,
          "the uploader retrying a hub that is not there included");
    r.add("kiosk arm64", "amd64 build", "peak RSS, MiB", amd64_idle.peak_rss_mib);
    r.add("kiosk arm64", "arm64 build under qemu-user", "peak RSS, MiB", arm64_idle.peak_rss_mib,
          "includes qemu-user's own memory and translated code");
    r.add("kiosk arm64", "amd64 build", "tap to durable, p50 ms", amd64_p50,
          "p99 " + std::to_string(amd64_p99).substr(0, 5) + " ms");
    r.add("kiosk arm64", "arm64 build under qemu-user", "tap to durable, p50 ms", arm64_p50,
          "p99 " + std::to_string(arm64_p99).substr(0, 5) +
              " ms; the fsync is the disk's either way");
    r.add("kiosk arm64", "ratio arm64 (qemu-user) / amd64", "tap to durable, p50",
          arm64_p50 / amd64_p50);
}

}  // namespace fbk::bench
