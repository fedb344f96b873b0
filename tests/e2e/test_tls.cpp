// TLS between kiosk and hub: a certificate made by Debian's openssl for 127.0.0.1, the hub
// serving HTTPS with it, and `feedback-kiosk sync --once` trusting it only through the
// configured CA file and, when set, a public-key pin.
#include <doctest/doctest.h>

#include "sync/outbox/outbox.h"
#include "tests/support/delivery_check.h"
#include "tests/support/fixtures.h"
#include "tests/support/sample_responses.h"

using namespace fbk::test;

namespace {

std::string shell(const TempDir& dir, const std::string& command) {
    const auto [status, out] = run_command({"/bin/sh", "-c", command}, dir / "openssl.log");
    REQUIRE_MESSAGE(status == 0, read_file(dir / "openssl.log"));
    return out;
}

}  // namespace

TEST_CASE("over https the kiosk trusts the hub only through its CA file and its key pin") {
    TempDir dir("fbk-tls");
    const auto cert = (dir / "hub-cert.pem").string();
    const auto key = (dir / "hub-key.pem").string();
    shell(dir,
          "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 "
          "-addext subjectAltName=IP:127.0.0.1 -keyout " +
              key + " -out " + cert);
    auto pin = shell(dir, "openssl x509 -in " + cert +
                              " -pubkey -noout | openssl pkey -pubin -outform der | "
                              "openssl dgst -sha256 -binary | base64");
    pin = pin.substr(0, pin.find('\n'));
    REQUIRE(pin.size() == 44);

    Hub hub(dir / "hub", 0, {"--tls-cert", cert, "--tls-key", key});
    REQUIRE(hub.url().starts_with("https://127.0.0.1:"));
    KioskSetup setup = kiosk_setup(hub.url(), hub.create_token("kiosk", "k1"));
    setup.kiosk_id = "k1";
    {
        std::filesystem::create_directories(dir / "kiosk-data");
        fbk::sync::outbox::Outbox box(dir / "kiosk-data/outbox.sqlite3");
        for (int n = 0; n < 5; ++n) {
            box.commit(sample_response(n), 1);
        }
    }
    const auto sync_with = [&](const std::string& hub_lines) {
        setup.extra_config = "[hub]\n" + hub_lines;
        const auto config = write_kiosk_config(dir.path(), setup);
        std::filesystem::remove(dir / "sync.log");
        return run_command({kiosk_exe(), "sync", "--once", "--config", config.string()},
                           dir / "sync.log")
            .first;
    };
    const auto stored = [&] {
        return check_delivery(fbk::sync::outbox::Outbox(dir / "kiosk-data/outbox.sqlite3").ids(),
                              hub.stored_ids());
    };

    SUBCASE("a self-signed hub is refused without its CA file") {
        CHECK(sync_with("") == 1);
        CHECK(read_file(dir / "sync.log").find("certificate") != std::string::npos);
        CHECK(stored().stored == 0);
    }
    SUBCASE("a key that does not match the pin is refused even with the CA file") {
        CHECK(sync_with("ca_file = " + cert + "\npin_sha256 = " + std::string(43, 'A') + "=\n") ==
              1);
        CHECK(read_file(dir / "sync.log").find("public key") != std::string::npos);
        CHECK(stored().stored == 0);
    }
    SUBCASE("with the CA file the answers arrive once") {
        CHECK(sync_with("ca_file = " + cert + "\n") == 0);
        const auto check = stored();
        CHECK(check.exactly_once());
        CHECK(check.stored == 5);
    }
    SUBCASE("with the CA file and the right pin (beside the next key's) they arrive once") {
        CHECK(sync_with("ca_file = " + cert + "\npin_sha256 = " + std::string(43, 'B') + "=, " +
                        pin + "\n") == 0);
        const auto check = stored();
        CHECK(check.exactly_once());
        CHECK(check.stored == 5);
    }
}
