// A TCP proxy on 127.0.0.1 that stands between the kiosk's libcurl and the real hub and breaks
// individual HTTP exchanges on purpose: the network faults of a waiting room (lost replies, resets,
// hangs, captive portals, a hub that answers 5xx) made repeatable on loopback.
//
// It understands just enough HTTP/1.1 to find where a request and a reply end (Content-Length or
// chunked), so a fault hits one exchange, not a whole kept-alive connection.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace fbk::test {

enum class Fault {
    None,       // forward the request and the reply
    DropReply,  // forward the request, let the hub commit, then close before the reply: a lost ack
    CutReply,   // forward, then send only half of the reply and close: closed mid-body
    Hang,       // read the request and never answer: the client's timeout must fire
    Reset,      // read the request and reset the connection (RST)
    Reply,      // answer with `canned_reply` without asking the hub (5xx, captive portal…)
};

std::string_view to_string(Fault fault);

struct FaultAction {
    Fault fault = Fault::None;
    std::string canned_reply;  // a whole HTTP response, for Fault::Reply
};

struct ProxiedRequest {
    std::int64_t number = 0;  // 1, 2, … over the proxy's life
    std::string method;
    std::string path;
    std::int64_t at_ms = 0;  // steady clock, when the request was complete
};

// A canned HTTP/1.1 reply that closes the connection.
std::string http_reply(int status, const std::string& body,
                       const std::vector<std::string>& extra_headers = {});

class FaultProxy {
  public:
    using Policy = std::function<FaultAction(const ProxiedRequest&)>;

    explicit FaultProxy(int upstream_port);
    ~FaultProxy();
    FaultProxy(const FaultProxy&) = delete;
    FaultProxy& operator=(const FaultProxy&) = delete;

    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // Decides the fate of each request from now on (called on the connection's thread).
    void set_policy(Policy policy);
    // Sends everything through.
    void heal() { set_policy(nullptr); }

    std::vector<ProxiedRequest> requests() const;
    // HTTP status of every reply the hub gave through the proxy, in order.
    std::vector<int> reply_statuses() const;
    // Waits until `n` requests have come through (whatever their fate).
    bool wait_for_requests(std::size_t n, std::chrono::milliseconds timeout);
    // Waits until the hub has answered with `status` at least once.
    bool wait_for_reply_status(int status, std::chrono::milliseconds timeout);
    std::map<Fault, std::int64_t> faults() const;  // how many of each were injected

  private:
    void accept_loop();
    void serve(int client_fd);
    FaultAction decide(const ProxiedRequest& request);

    int upstream_port_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    Policy policy_;
    std::vector<ProxiedRequest> requests_;
    std::vector<int> reply_statuses_;
    std::condition_variable replied_;
    std::map<Fault, std::int64_t> faults_;
    std::set<int> open_fds_;
    std::vector<std::thread> connections_;
    std::thread acceptor_;
};

// Each request independently meets one of the faults with probability `loss` (seeded, so a
// failing run can be repeated), as a lossy Wi-Fi link does to whole TCP exchanges.
FaultProxy::Policy lossy_link(double loss, std::uint64_t seed);

}  // namespace fbk::test
