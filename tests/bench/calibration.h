// How fast this machine ran the hub's own kind of work during a run. On the shared virtual
// machine the benchmarks were developed on, the same binaries ran two to four times slower for
// hours at a time, with no steal time in vmstat; rates, latencies and even CPU-seconds moved with
// it: the hub's parsing ran at 46 000-51 000 responses/s in such an hour against 101 800-134 000
// at the usual speed. So the same parse and validation is timed before the first benchmark and
// after the last, and two runs are compared only when these rows are alike.
#pragma once

#include "tests/bench/results.h"

namespace fbk::bench {

// Adds "machine | parse and validate 32 000 responses, one thread | responses/s, <when>": the
// best of three passes over the same batch bodies, so one preempted pass does not count.
void add_calibration(Results& results, const char* when);

}  // namespace fbk::bench
