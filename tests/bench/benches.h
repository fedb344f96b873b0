// The benchmarks of `fbk_bench` (see tests/bench/README.md). Each adds its rows to Results.
#pragma once

#include <filesystem>

#include "tests/bench/results.h"

namespace fbk::bench {

struct BenchContext {
    Results& results;
    std::filesystem::path work_dir;  // scratch, removed afterwards
};

void kiosk_vs_browser(BenchContext& ctx);
void tap_to_durable(BenchContext& ctx);
void hub_ingest(BenchContext& ctx);
void postgres_raw(BenchContext& ctx);
void backlog_drain(BenchContext& ctx);
void export_million(BenchContext& ctx);
void fleet_load(BenchContext& ctx);

}  // namespace fbk::bench
