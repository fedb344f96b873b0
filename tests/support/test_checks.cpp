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

void make_loopback_certificate(const std::filesystem::path& dir, const std::string& cert,
                               const std::string& key) {
    const auto [status, out] = run_command(
        {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
         "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert},
        dir / "openssl.log");
    REQUIRE_MESSAGE(status == 0, read_file(dir / "openssl.log"));
}

}  // namespace fbk::test
