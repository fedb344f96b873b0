// The shipped nginx site (deploy/nginx/feedback-hub.conf) for real: Debian's nginx, started by
// the test under a temporary directory on 127.0.0.1, terminating TLS with a certificate made by
// openssl and passing requests to the hub on loopback. Only the listen addresses, certificate
// paths and the hub's port are changed from the shipped file; everything else is as shipped.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <regex>
#include <thread>

#include "sync/outbox/outbox.h"
#include "tests/support/delivery_check.h"
#include "tests/support/fixtures.h"
#include "tests/support/sample_responses.h"
#include "tests/support/test_checks.h"

using namespace fbk::test;
using namespace std::chrono_literals;

namespace {

// `pattern` replaced by `with` in `text`; the test fails if the shipped file no longer has it.
void replace_all(std::string& text, const std::string& pattern, const std::string& with) {
    const std::regex re(pattern);
    REQUIRE_MESSAGE(std::regex_search(text, re), "the shipped site no longer has " << pattern);
    text = std::regex_replace(text, re, with);
}

// The shipped site on test ports, inside a minimal nginx.conf that keeps every file in `dir`.
std::filesystem::path nginx_config(const TempDir& dir, int tls_port, int http_port, int hub_port,
                                   const std::string& cert, const std::string& key) {
    std::string site = read_file(source_dir() / "deploy/nginx/feedback-hub.conf");
    replace_all(site, R"(listen 443 ssl http2;)",
                "listen 127.0.0.1:" + std::to_string(tls_port) + " ssl http2;");
    replace_all(site, R"(\n\s*listen \[::\]:\d+[^;]*;)", "");  // no IPv6 in a test namespace
    replace_all(site, R"(listen 80;)", "listen 127.0.0.1:" + std::to_string(http_port) + ";");
    replace_all(site, R"(ssl_certificate\s+\S+;)", "ssl_certificate " + cert + ";");
    replace_all(site, R"(ssl_certificate_key\s+\S+;)", "ssl_certificate_key " + key + ";");
    replace_all(site, R"(proxy_pass http://127\.0\.0\.1:8080;)",
                "proxy_pass http://127.0.0.1:" + std::to_string(hub_port) + ";");
    write_file(dir / "site.conf", site);
    const std::string d = dir.path().string();
    // As root (CI), workers would run as nobody and could not enter the test's private
    // directory: they run as the test's user instead.
    const std::string user = ::geteuid() == 0 ? "user root;\n" : "";
    write_file(dir / "nginx.conf",
               user + "daemon off;\nworker_processes 1;\npid " + d + "/nginx.pid;\nerror_log " + d +
                   "/error.log info;\nevents { worker_connections 512; }\nhttp {\n" +
                   "  access_log " + d + "/access.log;\n  client_body_temp_path " + d +
                   "/body;\n  proxy_temp_path " + d + "/proxy;\n  fastcgi_temp_path " + d +
                   "/fastcgi;\n  uwsgi_temp_path " + d + "/uwsgi;\n  scgi_temp_path " + d +
                   "/scgi;\n  include " + d + "/site.conf;\n}\n");
    return dir / "nginx.conf";
}

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

// Polls until nginx has bound its port (it says nothing on stdout when ready).
void wait_until_accepting(int port, Process& nginx) {
    const auto deadline = std::chrono::steady_clock::now() + 20s;
    while (!accepts(port)) {
        REQUIRE_MESSAGE(std::chrono::steady_clock::now() < deadline,
                        "nginx did not listen: " << nginx.stderr_text());
        std::this_thread::sleep_for(20ms);  // a poll interval, not synchronisation
    }
}

}  // namespace

TEST_CASE("the shipped nginx site terminates TLS for the hub: kiosks sync, exports stream") {
    TempDir dir("fbk-nginx");
    const auto cert = (dir / "cert.pem").string();
    const auto key = (dir / "key.pem").string();
    make_loopback_certificate(dir.path(), cert, key);
    // Behind a proxy every connection comes from 127.0.0.1: nginx limits per client instead.
    Hub hub(dir / "hub", 0, {"--max-connections-per-client", "0"});
    const int tls_port = free_loopback_port();
    const int http_port = free_loopback_port();
    const auto conf = nginx_config(dir, tls_port, http_port, hub.port(), cert, key);
    const auto [checked, check_out] =
        run_command({"/usr/sbin/nginx", "-t", "-p", dir.path().string(), "-c", conf.string(), "-e",
                     (dir / "error.log").string()},
                    dir / "nginx-t.log");
    REQUIRE_MESSAGE(checked == 0, read_file(dir / "nginx-t.log"));
    Process nginx({"/usr/sbin/nginx", "-p", dir.path().string(), "-c", conf.string(), "-e",
                   (dir / "error.log").string()},
                  dir / "nginx.log");
    wait_until_accepting(tls_port, nginx);
    const std::string base = "https://127.0.0.1:" + std::to_string(tls_port);

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
         "http://127.0.0.1:" + std::to_string(http_port) + "/healthz"},
        dir / "curl-http.log");
    CHECK(redirected == 0);
    CHECK_MESSAGE(location.starts_with("301 https://"), location);
    CHECK(hub.log().find("POST /api/v1/batches 200") != std::string::npos);
    nginx.signal(SIGQUIT);  // nginx's graceful stop
    CHECK(nginx.wait(10s) == 0);
}
