#include "tests/bench/results.h"

#include <algorithm>
#include <cstdio>
#include <iomanip>
#include <sstream>

#include <nlohmann/json.hpp>

namespace fbk::bench {

double percentile(std::vector<double> samples, double p) {
    if (samples.empty()) {
        return 0;
    }
    std::sort(samples.begin(), samples.end());
    return samples[static_cast<std::size_t>(p * static_cast<double>(samples.size() - 1))];
}

void Results::add(std::string benchmark, std::string subject, std::string metric, double value,
                  std::string note) {
    rows_.push_back(
        {std::move(benchmark), std::move(subject), std::move(metric), value, std::move(note)});
    const auto& r = rows_.back();
    std::fprintf(stderr, "bench: %s | %s | %s = %.4g%s%s\n", r.benchmark.c_str(), r.subject.c_str(),
                 r.metric.c_str(), r.value, r.note.empty() ? "" : "  # ", r.note.c_str());
}

void Results::print_table(std::ostream& out) const {
    out << "| Benchmark | Subject | Metric | Value | Note |\n|---|---|---|---:|---|\n";
    for (const auto& r : rows_) {
        std::ostringstream value;
        if (r.value >= 100 || r.value == static_cast<long long>(r.value)) {
            value << std::fixed << std::setprecision(0) << r.value;
        } else {
            value << std::setprecision(3) << r.value;
        }
        out << "| " << r.benchmark << " | " << r.subject << " | " << r.metric << " | "
            << value.str() << " | " << r.note << " |\n";
    }
}

std::string Results::json(const std::string& machine) const {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& r : rows_) {
        rows.push_back({{"benchmark", r.benchmark},
                        {"subject", r.subject},
                        {"metric", r.metric},
                        {"value", r.value},
                        {"note", r.note}});
    }
    return nlohmann::json{{"machine", machine}, {"results", rows}}.dump(2) + "\n";
}

}  // namespace fbk::bench
