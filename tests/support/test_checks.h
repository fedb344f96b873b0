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

// A self-signed certificate for 127.0.0.1 made by Debian's openssl (RSA 2048, two days), the
// PEM files written to `cert` and `key`.
void make_loopback_certificate(const std::filesystem::path& dir, const std::string& cert,
                               const std::string& key);

}  // namespace fbk::test
