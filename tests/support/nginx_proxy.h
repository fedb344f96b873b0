// Debian's nginx running the shipped site (deploy/nginx/feedback-hub.conf) in front of a hub,
// for tests and benchmarks: started under a temporary directory on 127.0.0.1, terminating TLS
// with a certificate made by openssl for 127.0.0.1. Only the listen addresses, the certificate
// paths and the hub's port are changed from the shipped file; everything else is as shipped.
// Throws std::runtime_error when the site no longer has what it changes, or nginx will not start.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "tests/support/process.h"

namespace fbk::test {

struct NginxOptions {
    int worker_processes = 1;  // 0: "auto", one per core, as Debian's own nginx.conf
    int worker_connections = 512;
};

class NginxProxy {
  public:
    NginxProxy(const std::filesystem::path& dir, int hub_port, NginxOptions options = {});
    ~NginxProxy();
    NginxProxy(const NginxProxy&) = delete;
    NginxProxy& operator=(const NginxProxy&) = delete;

    int tls_port() const { return tls_port_; }
    int http_port() const { return http_port_; }
    std::string https_url() const { return "https://127.0.0.1:" + std::to_string(tls_port_); }
    // The certificate a client must trust (the only one in its CA file).
    const std::string& certificate() const { return cert_; }
    std::filesystem::path error_log() const { return dir_ / "error.log"; }
    // A graceful stop (SIGQUIT); returns nginx's exit status.
    int stop();

  private:
    std::filesystem::path dir_;
    std::string cert_;
    int tls_port_ = 0;
    int http_port_ = 0;
    std::unique_ptr<Process> nginx_;
};

}  // namespace fbk::test
