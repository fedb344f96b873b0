// Resource use of a process and all its descendants, read from /proc: what a browser kiosk
// costs is the sum over its 9-10 processes, not its first one.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace fbk::bench {

struct TreeSample {
    std::int64_t rss_bytes = 0;  // resident set, summed
    std::int64_t cpu_ms = 0;     // user + system time so far, summed over the living processes
    int processes = 0;
};

TreeSample sample_tree(pid_t root);

// Samples every `interval_ms` for `duration_ms`; returns the peak summed RSS and the CPU time
// used during the window.
struct TreeWatch {
    std::int64_t peak_rss_bytes = 0;
    std::int64_t cpu_ms = 0;
    int max_processes = 0;
};
TreeWatch watch_tree(pid_t root, std::int64_t duration_ms, std::int64_t interval_ms = 100);

// VmHWM: the peak resident set of one process over its life.
std::int64_t peak_rss_bytes(pid_t pid);
std::int64_t current_rss_bytes(pid_t pid);

}  // namespace fbk::bench
