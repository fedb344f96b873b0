#include "tests/support/test_checks.h"

#include <doctest/doctest.h>

namespace fbk::test {

nlohmann::json fleet_entry(const Hub& hub, const std::string& admin, const std::string& kiosk_id) {
    const auto [status, body] = hub.get("/api/v1/kiosks", admin);
    REQUIRE(status == 200);
    const auto doc = nlohmann::json::parse(body);
    for (const auto& k : doc.at("kiosks")) {
        if (k.at("kiosk_id") == kiosk_id) {
            return k;
        }
    }
    FAIL("no heartbeat from " << kiosk_id << " in " << body);
    return {};
}

}  // namespace fbk::test
