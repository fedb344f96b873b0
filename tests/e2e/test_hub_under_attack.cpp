// The hub while clients try to use up its connections: 100 that send a request head a byte a
// second (slowloris), 600 that connect and send nothing, and one address opening more
// connections than its share. A normal kiosk must still get its answers, /healthz included.
#include <doctest/doctest.h>

#include <poll.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <thread>

#include <httplib.h>

#include "tests/support/figures.h"
#include "tests/support/fixtures.h"
#include "tests/support/raw_http.h"
#include "tests/support/sample_responses.h"

using namespace fbk::test;

namespace {

using Clock = std::chrono::steady_clock;

void raise_descriptor_limit() {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
}

// Keeps `idle` connections that send nothing and `slow` ones that send an endless request head
// a byte a second, from 127.0.0.2-61; whatever the hub closes is opened again at once. Records
// how long the hub let each slow one trickle.
class Attackers {
  public:
    Attackers(int port, int idle, int slow) : port_(port) {
        for (int i = 0; i < idle + slow; ++i) {
            conns_.push_back(open(i, i >= idle));
        }
        thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
    }

    std::size_t open_now() const { return open_.load(); }
    int slow_closed() const { return slow_closed_.load(); }
    int idle_closed() const { return idle_closed_.load(); }
    double longest_slow_s() const { return static_cast<double>(longest_slow_ms_.load()) / 1000.0; }

  private:
    struct Conn {
        std::unique_ptr<RawConnection> socket;
        bool slow = false;
        int number = 0;
        Clock::time_point opened;
        Clock::time_point next_byte;
        std::size_t sent = 0;
    };

    Conn open(int number, bool slow) {
        Conn c;
        c.socket =
            std::make_unique<RawConnection>(port_, "127.0.0." + std::to_string(2 + number % 60));
        c.slow = slow;
        c.number = number;
        c.opened = Clock::now();
        c.next_byte = c.opened;
        return c;
    }

    void trickle(Conn& c) {
        static const std::string head = "POST /api/v1/batches HTTP/1.1\r\nHost: hub\r\nX-Padding: ";
        const char byte = c.sent < head.size() ? head[c.sent] : 'a';
        if (c.socket->send(std::string(1, byte))) {
            ++c.sent;
        }
        c.next_byte += std::chrono::seconds(1);
    }

    void run(const std::stop_token& stop) {
        while (!stop.stop_requested()) {
            std::vector<pollfd> fds;
            for (const Conn& c : conns_) {
                fds.push_back({c.socket->fd(), POLLIN, 0});
            }
            ::poll(fds.data(), fds.size(), 100);
            const auto now = Clock::now();
            std::size_t live = 0;
            for (std::size_t i = 0; i < conns_.size(); ++i) {
                Conn& c = conns_[i];
                if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) != 0) {
                    // The hub sends nothing to these: anything readable is the end.
                    const auto held =
                        std::chrono::duration_cast<std::chrono::milliseconds>(now - c.opened);
                    if (c.slow) {
                        ++slow_closed_;
                        longest_slow_ms_ = std::max<std::int64_t>(longest_slow_ms_, held.count());
                    } else {
                        ++idle_closed_;
                    }
                    try {
                        c = open(c.number, c.slow);
                    } catch (const std::exception&) {
                        continue;  // the accept queue is full for a moment: again next round
                    }
                }
                if (c.slow && now >= c.next_byte) {
                    trickle(c);
                }
                ++live;
            }
            open_ = live;
        }
    }

    int port_;
    std::vector<Conn> conns_;
    std::atomic<std::size_t> open_{0};
    std::atomic<int> slow_closed_{0};
    std::atomic<int> idle_closed_{0};
    std::atomic<std::int64_t> longest_slow_ms_{0};
    std::jthread thread_;  // last: stops and joins before the connections go
};

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    const auto at = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1));
    return values[at];
}

}  // namespace

TEST_CASE("100 slowloris and 600 idle connections: a normal kiosk still gets answers in < 1 s") {
    raise_descriptor_limit();
    TempDir dir("fbk-slowloris");
    constexpr int kHeadTimeoutS = 4;
    Hub hub(dir.path(), 0,
            {"--client-timeout", std::to_string(kHeadTimeoutS), "--rate-limit", "0"});
    const auto kiosk = hub.create_token("kiosk", "k1");
    Attackers attackers(hub.port(), 600, 100);

    // For longer than two head deadlines: the hub drops the slow ones, the attackers come back.
    std::vector<double> latencies_ms;
    int failures = 0;
    int n = 0;
    const auto until = Clock::now() + std::chrono::seconds(3 * kHeadTimeoutS);
    while (Clock::now() < until) {
        httplib::Client client("127.0.0.1", hub.port());
        client.set_connection_timeout(5, 0);
        client.set_read_timeout(5, 0);
        const auto start = Clock::now();
        bool ok = false;
        if (n % 2 == 0) {
            const auto res = client.Get("/healthz");
            ok = res && res->status == 200;
        } else {
            const auto res =
                client.Post("/api/v1/batches",
                            {{"Authorization", "Bearer " + kiosk}, {"Content-Encoding", "gzip"}},
                            gzip(sample_batch_body({sample_response(n)})), "application/json");
            ok = res && res->status == 200;
        }
        latencies_ms.push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - start).count());
        failures += ok ? 0 : 1;
        ++n;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a kiosk's pace, not a load
    }
    const double p50 = percentile(latencies_ms, 0.50);
    const double p99 = percentile(latencies_ms, 0.99);
    const std::size_t open = attackers.open_now();
    report_figure("slowloris: " + std::to_string(n) +
                  " requests of a normal kiosk (healthz and "
                  "batches) while " +
                  std::to_string(open) + " attacking connections were open: p50 " +
                  std::to_string(p50).substr(0, 5) + " ms, p99 " +
                  std::to_string(p99).substr(0, 5) + " ms, " + std::to_string(failures) +
                  " failed; slow heads dropped after at most " +
                  std::to_string(attackers.longest_slow_s()).substr(0, 4) + " s (deadline " +
                  std::to_string(kHeadTimeoutS) + " s), " +
                  std::to_string(attackers.idle_closed()) + " idle connections closed");
    CHECK(open == 700);
    CHECK(failures == 0);
    CHECK(p99 < 1000.0);
    // Every slow connection was dropped at its head's deadline, however it trickled.
    CHECK(attackers.slow_closed() >= 100);
    CHECK(attackers.longest_slow_s() < kHeadTimeoutS + 2.0);
    CHECK(hub.stored_ids().size() == static_cast<std::size_t>(n / 2));
}

TEST_CASE("one address gets its share of connections; the rest are closed, others still served") {
    TempDir dir("fbk-per-client");
    Hub hub(dir.path(), 0, {"--max-connections-per-client", "8"});
    const auto viewer = hub.create_token("admin", "scraper", "viewer");
    std::vector<std::unique_ptr<RawConnection>> greedy;
    for (int i = 0; i < 20; ++i) {
        greedy.push_back(std::make_unique<RawConnection>(hub.port(), "127.0.0.9"));
    }
    int served = 0;
    int refused = 0;
    for (auto& c : greedy) {
        c->send("GET /healthz HTTP/1.1\r\nHost: hub\r\n\r\n");
        const RawReply reply = c->read_reply(5s);
        reply.status == 200 ? ++served : ++refused;
    }
    CHECK(served == 8);
    CHECK(refused == 12);
    // Another address is not affected, and the refusals are counted.
    const auto [status, metrics] = hub.get("/metrics", viewer);
    REQUIRE(status == 200);
    CHECK(metrics.find("fbk_hub_connections_refused_total{reason=\"too_many_from_client\"} 12") !=
          std::string::npos);
    // Once they are closed, their slots serve new connections from the same address (the hub
    // learns of a close a moment after it happens: try until one is served).
    greedy.clear();
    bool served_again = false;
    for (const auto until = Clock::now() + 5s; !served_again && Clock::now() < until;) {
        RawConnection again(hub.port(), "127.0.0.9");
        again.send("GET /healthz HTTP/1.1\r\nHost: hub\r\nConnection: close\r\n\r\n");
        served_again = again.read_reply(1s).status == 200;
    }
    CHECK(served_again);
}
