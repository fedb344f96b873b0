#include "tests/bench/calibration.h"

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

#include "sync/protocol/messages.h"
#include "sync/protocol/survey_pack.h"
#include "tests/support/paths.h"
#include "tests/support/sample_responses.h"

namespace fbk::bench {

namespace {

constexpr int kBatches = 320;
constexpr int kPerBatch = 100;
constexpr int kPasses = 3;

std::vector<std::string> calibration_bodies() {
    std::vector<std::string> bodies;
    for (int b = 0; b < kBatches; ++b) {
        std::vector<sync::protocol::Response> responses;
        for (int i = 0; i < kPerBatch; ++i) {
            responses.push_back(test::sample_response(b * kPerBatch + i, "calibration"));
        }
        bodies.push_back(test::sample_batch_body(responses, "calibration"));
    }
    return bodies;
}

double one_pass_seconds(const std::vector<std::string>& bodies,
                        const sync::protocol::PackCatalog& catalog) {
    const auto start = std::chrono::steady_clock::now();
    for (const auto& body : bodies) {
        const auto parsed = sync::protocol::parse_batch(body);
        if (!parsed.batch || !sync::protocol::validate_batch(*parsed.batch, catalog).empty()) {
            throw std::runtime_error("calibration: a sample batch does not parse and validate");
        }
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

void add_calibration(Results& results, const char* when) {
    const auto bodies = calibration_bodies();
    const auto pack = sync::protocol::load_survey_pack(test::source_dir() /
                                                       "assets/packs/default-healthcare.json");
    sync::protocol::PackCatalog catalog;
    catalog.add(*pack.pack);
    double best = one_pass_seconds(bodies, catalog);
    for (int i = 1; i < kPasses; ++i) {
        best = std::min(best, one_pass_seconds(bodies, catalog));
    }
    results.add("machine", "parse and validate 32 000 responses, one thread",
                std::string("responses/s, ") + when, kBatches * kPerBatch / best,
                "best of 3; compare runs whose calibration is alike");
}

}  // namespace fbk::bench
