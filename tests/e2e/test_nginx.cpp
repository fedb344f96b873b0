// The shipped nginx site (deploy/nginx/feedback-hub.conf) for real: Debian's nginx, started by
// the test on 127.0.0.1 (tests/support/nginx_proxy.h), terminating TLS and passing requests to
// the hub on loopback.
#include <doctest/doctest.h>

#include <chrono>

#include "sync/outbox/outbox.h"
#include "tests/support/delivery_check.h"
#include "tests/support/fixtures.h"
#include "tests/support/nginx_proxy.h"
#include "tests/support/sample_responses.h"
#include "tests/support/test_checks.h"

using namespace fbk::test;
using namespace std::chrono_literals;

TEST_CASE("the shipped nginx site terminates TLS for the hub: kiosks sync, exports stream") {
    TempDir dir("fbk-nginx");
    // Behind a proxy every connection comes from 127.0.0.1: nginx limits per client instead.
    Hub hub(dir / "hub", 0, {"--max-connections-per-client", "0"});
    NginxProxy nginx(dir / "nginx", hub.port());
    const std::string base = nginx.https_url();
    const std::string& cert = nginx.certificate();

    // A kiosk trusting only the proxy's certificate delivers its answers once.
    KioskSetup setup = kiosk_setup(base, hub.create_token("kiosk", "k1"));
    setup.kiosk_id = "k1";
    setup.extra_config = "[hub]\nca_file = " + cert + "\n";
    {
        std::filesystem::create_directories(dir / "kiosk-data");
        fbk::sync::outbox::Outbox box(dir / "kiosk-data/outbox.sqlite3");
        for (int n = 0; n < 5; ++n) {
            box.commit(sample_response(n), 1);
        }
    }
    const auto config = write_kiosk_config(dir.path(), setup);
    CHECK(
        run_command({kiosk_exe(), "sync", "--once", "--config", config.string()}, dir / "sync.log")
            .first == 0);
    const auto delivered = check_delivery(
        fbk::sync::outbox::Outbox(dir / "kiosk-data/outbox.sqlite3").ids(), hub.stored_ids());
    CHECK(delivered.exactly_once());
    CHECK(delivered.stored == 5);

    // An export streams through it, with HSTS; plain http is sent to https.
    const auto admin = hub.create_token("admin", "it");
    const auto [got, headers] = run_command(
        {"/usr/bin/curl", "-sS", "-D", "-", "-o", (dir / "export.csv").string(), "--cacert", cert,
         "-H", "Authorization: Bearer " + admin, base + "/api/v1/responses?format=csv"},
        dir / "curl.log");
    REQUIRE_MESSAGE(got == 0, read_file(dir / "curl.log"));
    CHECK(headers.find("HTTP/2 200") != std::string::npos);
    CHECK(headers.find("strict-transport-security: max-age=31536000") != std::string::npos);
    CHECK(parse_simple_csv(read_file(dir / "export.csv")).size() == 5);
    const auto [redirected, location] = run_command(
        {"/usr/bin/curl", "-sS", "-o", "/dev/null", "-w", "%{http_code} %{redirect_url}\n",
         "http://127.0.0.1:" + std::to_string(nginx.http_port()) + "/healthz"},
        dir / "curl-http.log");
    CHECK(redirected == 0);
    CHECK_MESSAGE(location.starts_with("301 https://"), location);
    CHECK(hub.log().find("POST /api/v1/batches 200") != std::string::npos);
    CHECK(nginx.stop() == 0);
}
