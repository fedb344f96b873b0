#include "tests/bench/proc_stats.h"

#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fbk::bench {

namespace {

struct ProcInfo {
    pid_t ppid = 0;
    std::int64_t cpu_ticks = 0;
    std::int64_t rss_pages = 0;
};

bool read_proc(pid_t pid, ProcInfo& info) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(in, text)) {
        return false;
    }
    // The command name may hold spaces and parentheses: fields start after the last ')'.
    const auto close = text.rfind(')');
    if (close == std::string::npos) {
        return false;
    }
    std::istringstream fields(text.substr(close + 2));
    std::vector<std::string> f;
    for (std::string w; fields >> w;) {
        f.push_back(w);
    }
    if (f.size() < 22) {
        return false;
    }
    // f[0] is field 3 (state): ppid is field 4, utime 14, stime 15, rss 24.
    info.ppid = static_cast<pid_t>(std::stol(f[1]));
    info.cpu_ticks = std::stoll(f[11]) + std::stoll(f[12]);
    info.rss_pages = std::stoll(f[21]);
    return true;
}

std::int64_t status_kib(pid_t pid, const std::string& key) {
    std::ifstream in("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(in, line);) {
        if (line.rfind(key + ":", 0) == 0) {
            return std::stoll(line.substr(key.size() + 1));
        }
    }
    return 0;
}

}  // namespace

TreeSample sample_tree(pid_t root) {
    std::map<pid_t, ProcInfo> all;
    for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
        const auto name = entry.path().filename().string();
        if (name.find_first_not_of("0123456789") != std::string::npos) {
            continue;
        }
        ProcInfo info;
        if (read_proc(static_cast<pid_t>(std::stol(name)), info)) {
            all[static_cast<pid_t>(std::stol(name))] = info;
        }
    }
    const long page = sysconf(_SC_PAGESIZE);
    const long ticks = sysconf(_SC_CLK_TCK);
    TreeSample sample;
    std::vector<pid_t> todo{root};
    while (!todo.empty()) {
        const pid_t pid = todo.back();
        todo.pop_back();
        const auto it = all.find(pid);
        if (it == all.end()) {
            continue;
        }
        ++sample.processes;
        sample.rss_bytes += it->second.rss_pages * page;
        sample.cpu_ms += it->second.cpu_ticks * 1000 / ticks;
        for (const auto& [child, info] : all) {
            if (info.ppid == pid) {
                todo.push_back(child);
            }
        }
    }
    return sample;
}

TreeWatch watch_tree(pid_t root, std::int64_t duration_ms, std::int64_t interval_ms) {
    TreeWatch watch;
    const auto first = sample_tree(root);
    const auto start = std::chrono::steady_clock::now();
    TreeSample last = first;
    while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(duration_ms)) {
        std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
        last = sample_tree(root);
        watch.peak_rss_bytes = std::max(watch.peak_rss_bytes, last.rss_bytes);
        watch.max_processes = std::max(watch.max_processes, last.processes);
    }
    watch.cpu_ms = last.cpu_ms - first.cpu_ms;
    return watch;
}

std::int64_t peak_rss_bytes(pid_t pid) {
    return status_kib(pid, "VmHWM") * 1024;
}

std::int64_t current_rss_bytes(pid_t pid) {
    return status_kib(pid, "VmRSS") * 1024;
}

}  // namespace fbk::bench
