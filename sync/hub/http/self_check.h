// The hub asking itself GET /healthz over the network, as a client would: what systemd's
// watchdog ping is made to depend on. TLS is used without checking the certificate, because it
// names the hub's public host, not the loopback address the check connects to.
#pragma once

#include <chrono>
#include <string>

namespace fbk::sync::hub::http {

// True when http(s)://host:port/healthz answers 200 within `timeout`.
bool healthz_answers(const std::string& host, int port, bool tls,
                     std::chrono::milliseconds timeout);

}  // namespace fbk::sync::hub::http
