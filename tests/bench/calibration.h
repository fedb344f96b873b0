// How fast this machine's cores ran during a run. On the shared virtual machine the benchmarks
// were developed on, the same binaries ran up to four times slower for hours at a time, with no
// steal time shown by vmstat; rates, latencies and even CPU-seconds moved with it. The same fixed
// work timed before the first benchmark and after the last says which kind of hour a run had,
// so that two runs are compared only when their calibration rows are alike.
#pragma once

#include "tests/bench/results.h"

namespace fbk::bench {

// Adds "machine | sort 4 000 000 integers, one core | ms, <when>": the best of three sorts of
// the same pseudo-random integers (fixed seed), so a single preempted attempt does not count.
void add_calibration(Results& results, const char* when);

}  // namespace fbk::bench
