// Helpers that check as they go (doctest assertions), for the test suites only: the
// benchmarks link the rest of tests/support without doctest's runner.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/fixtures.h"

namespace fbk::test {

// The fleet view's entry for one kiosk (GET /api/v1/kiosks with an admin token); fails the
// test when the kiosk has not reported.
nlohmann::json fleet_entry(const Hub& hub, const std::string& admin, const std::string& kiosk_id);

}  // namespace fbk::test
