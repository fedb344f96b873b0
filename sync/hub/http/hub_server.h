// The hub's HTTP API (see README "HTTP API"): the route table in routes.cpp, admission in
// hub_server.cpp, tokens and roles in auth.cpp, handlers by resource in api_*.cpp, and the
// HTTP server itself (Boost.Beast) in server.cpp and session.h.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "sync/hub/alerts/email.h"
#include "sync/hub/analytics/fleet_health.h"
#include "sync/hub/analytics/text/comment_analyser.h"
#include "sync/hub/signin/config.h"
#include "sync/hub/store/hub_store.h"
#include "sync/protocol/messages.h"

namespace fbk::sync::hub {

struct HubServerOptions {
    std::size_t max_request_bytes = 8 * 1024 * 1024;    // as sent (maybe gzip)
    std::size_t max_inflated_bytes = 32 * 1024 * 1024;  // after Content-Encoding is undone
    protocol::BatchLimits batch_limits;
    std::int64_t unknown_pack_retry_after_s = 600;
    std::int64_t heartbeat_interval_ms = 300'000;  // advertised to kiosks
    std::size_t threads = 64;                      // requests handled at once (worker threads)
    // Threads that serve every connection's reads and writes. One: on the 2-core build machine
    // a second one cost ~10% of ingest (hand-offs between threads, README "Performance"), and
    // TLS is usually ended by the reverse proxy.
    std::size_t io_threads = 1;
    // Requests per second per token (0: no limit), and how many may arrive at once. Enough for
    // a dashboard's burst of queries; a looping script gets 429 with Retry-After.
    double rate_per_second = 20;
    double rate_burst = 60;
    // A request's head must arrive within this many seconds of the connection (each piece of a
    // reply must be taken as fast), and its body within body_timeout_s: a client that trickles
    // is dropped at its deadline.
    int client_timeout_s = 10;
    int body_timeout_s = 60;
    // Connections held at once, in all and from one client address (0: no limit). Behind a
    // reverse proxy every connection comes from the proxy: turn the per-client limit off there
    // and let the proxy limit its clients.
    std::size_t max_connections = 4'096;
    std::size_t max_connections_per_client = 256;
    SilencePolicy silence;  // when the fleet view calls a kiosk silent
    // Themes and sentiment for comments as they are stored; unset: the shipped lexicons.
    std::shared_ptr<const text::CommentAnalyser> comment_analyser;
    // HTTPS when both are set (PEM files); otherwise plain HTTP, for a hub behind a TLS proxy.
    std::filesystem::path tls_cert;
    std::filesystem::path tls_key;
    // Alerts (sync/hub/alerts/): how often the rules are looked at (0: no alert thread), and
    // the first wait before a failed delivery is tried again (doubling up to an hour).
    std::chrono::milliseconds alert_check_every{60'000};
    std::chrono::milliseconds alert_first_retry{30'000};
    alerts::SmtpSettings smtp;                       // the relay alert e-mail goes through
    // People sign in to the dashboard with this OpenID Connect provider (signin/); unset: only
    // bearer tokens.
    std::optional<signin::OidcConfig> oidc;
    std::function<std::int64_t()> now_ms;            // wall clock; injectable for tests
    std::function<void(std::string_view)> log_line;  // one line per request; never bodies or tokens
};

class HubServer {
  public:
    HubServer(HubStore& store, protocol::PackCatalog packs, HubServerOptions options);
    ~HubServer();
    HubServer(const HubServer&) = delete;
    HubServer& operator=(const HubServer&) = delete;

    // Binds host:port (port 0 picks a free one) and returns the bound port; throws on failure.
    int bind(const std::string& host, int port);
    // Serves until stop() is called from another thread or a signal handler thread.
    void run();
    void stop();

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace fbk::sync::hub
