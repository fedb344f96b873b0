// The benchmarks of `fbk_bench` (see tests/bench/README.md). Each adds its rows to Results.
#pragma once

#include <string>
#include <vector>

#include <filesystem>

#include "tests/bench/results.h"

namespace fbk::bench {

// Benchmarks measure capacity, so their hubs run without the per-token rate limit (which
// would otherwise answer a kiosk's 21st request in a second with 429).
inline const std::vector<std::string> kUnlimited = {"--rate-limit", "0"};

struct BenchContext {
    Results& results;
    std::filesystem::path work_dir;  // scratch, removed afterwards
};

void kiosk_vs_browser(BenchContext& ctx);
void tap_to_durable(BenchContext& ctx);
void hub_ingest(BenchContext& ctx);
void hub_ingest_comments(BenchContext& ctx);
void postgres_raw(BenchContext& ctx);
void hub_ingest_postgres(BenchContext& ctx);
void backlog_drain(BenchContext& ctx);
void export_million(BenchContext& ctx);
void fleet_load(BenchContext& ctx);
void fleet_nginx(BenchContext& ctx);
void comment_analysis(BenchContext& ctx);
void kiosk_frames(BenchContext& ctx);
void kiosk_arm64(BenchContext& ctx);

}  // namespace fbk::bench
