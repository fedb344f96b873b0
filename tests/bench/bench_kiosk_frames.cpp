// 7. The kiosk's heaviest screen, the comment question with its on-screen keyboard, while a
// patient types: how long each frame takes to build and present with SDL's software renderer
// (headless, the renderer a Pi without a GPU driver uses), at 1920x1080 and at the default
// 1280x800. The kiosk measures its own frames (replay's "{frame_times}").
#include <regex>

#include "tests/bench/benches.h"
#include "tests/support/fixtures.h"

namespace fbk::bench {

namespace {

using namespace std::chrono_literals;

constexpr std::string_view kTyped = "the waiting room was cold";

struct FrameSummary {
    int frames = 0;
    double p50 = 0;
    double p95 = 0;
    double max = 0;
};

FrameSummary typing_frames(const std::filesystem::path& dir, int width, int height, int dpi) {
    std::filesystem::create_directories(dir);
    auto setup = test::kiosk_setup("http://127.0.0.1:9", "fbk_kiosk_bench");
    setup.languages = "en, fi, sv";
    setup.extra_config = "[display]\nwidth = " + std::to_string(width) +
                         "\nheight = " + std::to_string(height) + "\ndpi = " + std::to_string(dpi) +
                         "\n";
    const auto config = test::write_kiosk_config(dir, setup);
    std::string script =
        "wait-screen language\ntap lang.en\ntap q.smiley.4\ntap q.nps.9\n"
        "wait-screen question.comment\nprint before {frame_times}\nthink 400ms\n";
    for (const char c : kTyped) {
        script += c == ' ' ? std::string("tap key.space\n") : "tap key." + std::string(1, c) + "\n";
    }
    script += "print typing {frame_times}\n";
    test::write_file(dir / "typing.replay", script);
    const auto [status, out] = test::run_kiosk_replay(config, dir / "typing.replay", {}, 120s);
    const std::regex line(
        "typing frames ([0-9]+), p50 ([0-9.]+) ms, p95 ([0-9.]+) ms, max ([0-9.]+) ms");
    std::smatch m;
    if (status != 0 || !std::regex_search(out, m, line)) {
        throw std::runtime_error("kiosk frames: the replay did not finish: " + out);
    }
    return {std::stoi(m[1]), std::stod(m[2]), std::stod(m[3]), std::stod(m[4])};
}

}  // namespace

void kiosk_frames(BenchContext& ctx) {
    auto& r = ctx.results;
    for (const auto& [w, h, dpi] : {std::tuple{1920, 1080, 102}, std::tuple{1280, 800, 150}}) {
        const auto size = std::to_string(w) + "x" + std::to_string(h);
        const auto f = typing_frames(ctx.work_dir / ("frames-" + size), w, h, dpi);
        const std::string subject = "comment screen with keyboard, typing, " + size;
        const std::string note = std::to_string(f.frames) + " frames for " +
                                 std::to_string(kTyped.size()) + " key taps, software renderer";
        r.add("kiosk frames", subject, "ms per frame, p50", f.p50, note);
        r.add("kiosk frames", subject, "ms per frame, p95", f.p95, "");
        r.add("kiosk frames", subject, "ms per frame, max", f.max, "");
    }
}

}  // namespace fbk::bench
