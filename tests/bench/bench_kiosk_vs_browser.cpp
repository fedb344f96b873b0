// 1. The kiosk against a browser kiosk showing the same first screen: start to first frame,
// peak memory over every process, CPU over 10 s of idle.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "tests/bench/benches.h"
#include "tests/bench/child.h"
#include "tests/bench/proc_stats.h"
#include "tests/support/fixtures.h"

namespace fbk::bench {

namespace {

using namespace std::chrono_literals;
constexpr int kStartRuns = 5;
constexpr std::int64_t kIdleMs = 10'000;
constexpr const char* kLanguages[] = {"fi", "sv", "da", "nl", "en", "uk"};

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double ms_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
}

// The kiosk's language screen as a static page: the same strings, font and colours.
std::string language_page() {
    const auto strings = nlohmann::json::parse(
        test::read_file(test::source_dir() / "assets/i18n/ui.json"))["languages"];
    std::string welcome;
    std::string prompt;
    std::string buttons;
    for (const char* lang : kLanguages) {
        welcome += (welcome.empty() ? "" : " · ") + strings[lang]["welcome"].get<std::string>();
        prompt +=
            (prompt.empty() ? "" : " · ") + strings[lang]["language.prompt"].get<std::string>();
        buttons += "<button>" + strings[lang]["language.name"].get<std::string>() + "</button>";
    }
    return "<!doctype html><html><head><meta charset=utf-8><style>"
           "body{margin:48px;background:#F4F6F8;color:#1B1F24;font-family:'Noto Sans',sans-serif;"
           "text-align:center}h1{font-size:44px}p{font-size:26px;color:#3D444D}"
           "main{display:grid;grid-template-columns:repeat(3,1fr);gap:24px;margin-top:32px}"
           "button{height:160px;font:bold 36px 'Noto Sans',sans-serif;background:#fff;"
           "border:3px solid #1B1F24;border-radius:18px}</style></head><body><h1>" +
           welcome + "</h1><p>" + prompt + "</p><main>" + buttons + "</main></body></html>";
}

std::vector<std::string> chromium_argv(const std::filesystem::path& profile) {
    return {"chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--user-data-dir=" + profile.string(),
            "--window-size=1280,800"};
}

std::filesystem::path kiosk_config(const std::filesystem::path& dir) {
    auto setup = test::kiosk_setup("http://127.0.0.1:9", "fbk_kiosk_bench");
    setup.languages = "fi, sv, da, nl, en, uk";
    return test::write_kiosk_config(dir, setup);
}

}  // namespace

void kiosk_vs_browser(BenchContext& ctx) {
    auto& r = ctx.results;
    const auto dir = ctx.work_dir / "kiosk-vs-browser";
    std::filesystem::create_directories(dir);
    const auto config = kiosk_config(dir);
    test::write_file(dir / "ready.replay", "wait-screen language\nprint ready\n");
    const auto page = dir / "language.html";
    test::write_file(page, language_page());

    // Start to the first complete frame.
    std::vector<double> kiosk_ms;
    for (int i = 0; i < kStartRuns; ++i) {
        const auto start = std::chrono::steady_clock::now();
        test::Process kiosk({test::kiosk_exe(), "run", "--config", config.string(), "--headless",
                             "--replay", (dir / "ready.replay").string()},
                            dir / "kiosk.log");
        kiosk.wait_for_line("ready", 20s);
        kiosk_ms.push_back(ms_since(start));
        kiosk.wait(20s);
    }
    std::vector<double> browser_ms;
    for (int i = 0; i < kStartRuns; ++i) {
        const auto shot = dir / ("shot" + std::to_string(i) + ".png");
        auto argv = chromium_argv(dir / ("profile-start" + std::to_string(i)));
        argv.push_back("--screenshot=" + shot.string());
        argv.push_back("file://" + page.string());
        const auto start = std::chrono::steady_clock::now();
        ChildGroup browser(argv, dir / "chromium.log");
        browser.wait();
        browser_ms.push_back(ms_since(start));
        if (!std::filesystem::exists(shot)) {
            throw std::runtime_error("chromium wrote no screenshot; see " +
                                     (dir / "chromium.log").string());
        }
    }
    const double kiosk_start = median(kiosk_ms);
    const double browser_start = median(browser_ms);
    r.add("kiosk vs browser", "feedback-kiosk (headless)", "start to first frame, ms", kiosk_start,
          "median of 5; to the first settled frame");
    r.add("kiosk vs browser", "chromium --headless", "start to screenshot, ms", browser_start,
          "median of 5; same screen as a static page");
    r.add("kiosk vs browser", "ratio chromium / kiosk", "start time", browser_start / kiosk_start);

    // Idle: the start screen, nobody touching it.
    TreeWatch kiosk_idle;
    {
        ChildGroup kiosk({test::kiosk_exe(), "run", "--config", config.string(), "--headless"},
                         dir / "kiosk-idle.log");
        std::this_thread::sleep_for(2s);  // past start-up: measure the idle state only
        kiosk_idle = watch_tree(kiosk.pid(), kIdleMs);
        // One process: its own high-water mark includes start-up, which sampling may miss.
        kiosk_idle.peak_rss_bytes =
            std::max(kiosk_idle.peak_rss_bytes, peak_rss_bytes(kiosk.pid()));
    }
    TreeWatch browser_idle;
    {
        auto argv = chromium_argv(dir / "profile-idle");
        argv.push_back("--remote-debugging-port=0");
        argv.push_back("file://" + page.string());
        ChildGroup browser(argv, dir / "chromium-idle.log");
        std::this_thread::sleep_for(3s);
        browser_idle = watch_tree(browser.pid(), kIdleMs);
    }
    const auto mib = [](std::int64_t b) { return static_cast<double>(b) / (1024.0 * 1024.0); };
    r.add("kiosk vs browser", "feedback-kiosk (headless)", "peak RSS, MiB",
          mib(kiosk_idle.peak_rss_bytes), std::to_string(kiosk_idle.max_processes) + " process");
    r.add("kiosk vs browser", "chromium --headless", "peak RSS, MiB",
          mib(browser_idle.peak_rss_bytes),
          "summed over " + std::to_string(browser_idle.max_processes) + " processes");
    r.add("kiosk vs browser", "ratio kiosk / chromium", "peak RSS",
          static_cast<double>(kiosk_idle.peak_rss_bytes) /
              static_cast<double>(std::max<std::int64_t>(1, browser_idle.peak_rss_bytes)));
    r.add("kiosk vs browser", "feedback-kiosk (headless)", "CPU over 10 s idle, ms",
          static_cast<double>(kiosk_idle.cpu_ms));
    r.add("kiosk vs browser", "chromium --headless", "CPU over 10 s idle, ms",
          static_cast<double>(browser_idle.cpu_ms));
    r.add("kiosk vs browser", "ratio kiosk / chromium", "idle CPU",
          static_cast<double>(kiosk_idle.cpu_ms) /
              static_cast<double>(std::max<std::int64_t>(1, browser_idle.cpu_ms)));
}

}  // namespace fbk::bench
