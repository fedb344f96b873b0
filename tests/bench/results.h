// What the benchmarks measured: rows of (benchmark, subject, metric, value, unit), printed as a
// table and written as bench-results.json.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace fbk::bench {

struct Measurement {
    std::string benchmark;  // e.g. "hub ingest"
    std::string subject;    // e.g. "full path, 8 kiosks" or "raw SQLite INSERT"
    std::string metric;     // e.g. "responses/s"
    double value = 0;
    std::string note;
};

// The value at fraction `p` (0..1) of the sorted samples (nearest rank below); 0 if none.
double percentile(std::vector<double> samples, double p);

class Results {
  public:
    void add(std::string benchmark, std::string subject, std::string metric, double value,
             std::string note = {});
    void print_table(std::ostream& out) const;
    std::string json(const std::string& machine) const;
    const std::vector<Measurement>& all() const { return rows_; }

  private:
    std::vector<Measurement> rows_;
};

}  // namespace fbk::bench
