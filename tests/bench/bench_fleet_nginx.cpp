// 7. Fleet through nginx: 10 000 simulated kiosks reach the hub through Debian's nginx running
// the shipped site (TLS terminated there), each sending a heartbeat and a batch of 5 every 60 s
// over 1 000 kept-alive connections, for two minutes. In the second minute 500 slow clients
// trickle a request body a byte a second. Latency is timed by the clients, per request.
#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <mutex>
#include <random>
#include <sstream>
#include <thread>

#include "sync/hub/store/hub_store.h"
#include "sync/protocol/kiosk_link.h"
#include "sync/uploader/gzip.h"
#include "tests/bench/benches.h"
#include "tests/support/fixtures.h"
#include "tests/support/nginx_proxy.h"
#include "tests/support/sample_responses.h"

namespace fbk::bench {

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

constexpr int kKiosks = 10'000;
constexpr int kConnections = 1'000;  // each kiosk's requests go over one of them, kept alive
constexpr auto kPeriod = 60s;        // a heartbeat and a batch of 5 per kiosk per period
constexpr auto kPhase = 60s;         // the first without, the second with the slow clients
constexpr int kSlowClients = 500;
// Kiosks come from many sites, so from many addresses: the site limits connections per
// address (limit_conn). 127.0.0.0/8 is all loopback, so each address is a site here.
constexpr int kKioskAddresses = 40;
constexpr int kSlowAddresses = 5;

std::string kiosk_address(int connection) {
    return "127.0.1." + std::to_string(1 + connection % kKioskAddresses);
}

struct CurlEasyDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using EasyHandle = std::unique_ptr<CURL, CurlEasyDeleter>;

struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using HeaderList = std::unique_ptr<curl_slist, SlistDeleter>;

std::size_t discard(char*, std::size_t size, std::size_t n, void*) {
    return size * n;
}

// One kept-alive connection from one source address, as a kiosk's uploader holds it: TLS
// verified against the proxy's certificate, HTTP/2 where offered (curl's default), gzip bodies.
class FleetConnection {
  public:
    FleetConnection(const std::string& ca_file, const std::string& source)
        : curl_(curl_easy_init()), interface_("host!" + source) {
        CURL* c = curl_.get();
        curl_easy_setopt(c, CURLOPT_CAINFO, ca_file.c_str());
        curl_easy_setopt(c, CURLOPT_INTERFACE, interface_.c_str());
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 30'000L);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(c, CURLOPT_POST, 1L);
    }

    // The request's status (0: no reply) and its time in ms.
    std::pair<long, double> post(const std::string& url, const std::string& token,
                                 const std::string& gzip_body) {
        CURL* c = curl_.get();
        const std::string auth = "Authorization: Bearer " + token;
        HeaderList headers(curl_slist_append(nullptr, auth.c_str()));
        curl_slist_append(headers.get(), "Content-Type: application/json");
        curl_slist_append(headers.get(), "Content-Encoding: gzip");
        curl_easy_setopt(c, CURLOPT_URL, url.c_str());
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, gzip_body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(gzip_body.size()));
        const auto t0 = Clock::now();
        const CURLcode rc = curl_easy_perform(c);
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
        long status = 0;
        if (rc == CURLE_OK) {
            curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        }
        return {status, ms};
    }

  private:
    EasyHandle curl_;
    std::string interface_;
};

struct Samples {
    std::mutex mutex;
    std::vector<double> heartbeat_ms[2];  // per phase
    std::vector<double> batch_ms[2];
    std::atomic<int> errors[2] = {0, 0};
};

struct Fleet {
    std::string base_url;
    std::string ca_file;
    std::vector<std::string> tokens;
    Clock::time_point start;
};

// One connection's share of the kiosks (every kConnections-th), each at its own offset in
// the period, for two periods.
void drive_connection(const Fleet& fleet, int connection, Samples& samples) {
    struct Due {
        Clock::duration at;
        int kiosk;
        int round;
    };
    std::vector<Due> schedule;
    std::mt19937 rng(static_cast<unsigned>(connection) + 1);
    std::uniform_int_distribution<int> offset_ms(0, 59'999);
    for (int k = connection; k < kKiosks; k += kConnections) {
        const auto offset = std::chrono::milliseconds(offset_ms(rng));
        schedule.push_back({offset, k, 0});
        schedule.push_back({offset + kPeriod, k, 1});
    }
    std::sort(schedule.begin(), schedule.end(),
              [](const Due& a, const Due& b) { return a.at < b.at; });
    FleetConnection http(fleet.ca_file, kiosk_address(connection));
    for (const Due& due : schedule) {
        std::this_thread::sleep_until(fleet.start + due.at);  // the kiosk's own schedule
        const int phase = due.round;
        const std::string id = "fleet-" + std::to_string(due.kiosk);
        const auto& token = fleet.tokens[static_cast<std::size_t>(due.kiosk)];
        auto h = test::heartbeat_of(id);
        h.boot_id = test::kSampleBootId;
        h.sent_at_ms = 1;
        const auto [hb_status, hb_ms] =
            http.post(fleet.base_url + "/api/v1/heartbeat", token,
                      sync::uploader::gzip_compress(sync::protocol::serialize(h)));
        std::vector<sync::protocol::Response> responses;
        for (int i = 0; i < 5; ++i) {
            responses.push_back(test::sample_response(due.kiosk * 10 + due.round * 5 + i, id));
        }
        const auto [b_status, b_ms] =
            http.post(fleet.base_url + "/api/v1/batches", token,
                      sync::uploader::gzip_compress(test::sample_batch_body(responses, id)));
        samples.errors[phase] += (hb_status == 200 ? 0 : 1) + (b_status == 200 ? 0 : 1);
        const std::lock_guard lock(samples.mutex);
        samples.heartbeat_ms[phase].push_back(hb_ms);
        samples.batch_ms[phase].push_back(b_ms);
    }
}

struct CurlMultiDeleter {
    void operator()(CURLM* m) const { curl_multi_cleanup(m); }
};

struct Trickle {
    bool may_send = false;
};

// A byte each time it is let go, then paused until the next second.
std::size_t trickle(char* buffer, std::size_t, std::size_t, void* data) {
    auto* t = static_cast<Trickle*>(data);
    if (!t->may_send) {
        return CURL_READFUNC_PAUSE;
    }
    t->may_send = false;
    buffer[0] = ' ';
    return 1;
}

struct SlowOutcome {
    int still_sending = 0;  // connected and trickling when the phase ended
};

// kSlowClients requests, each announcing a 100 000-byte body and sending it a byte a second
// over its own HTTP/1.1 connection, from kSlowAddresses addresses, until `end`.
void run_slow_clients(const Fleet& fleet, Clock::time_point end, SlowOutcome& outcome) {
    std::unique_ptr<CURLM, CurlMultiDeleter> multi(curl_multi_init());
    std::vector<EasyHandle> easies;
    std::vector<Trickle> trickles(kSlowClients);
    std::vector<std::string> interfaces;
    HeaderList headers(curl_slist_append(nullptr, "Content-Type: application/json"));
    curl_slist_append(headers.get(), "Expect:");  // no 100-continue: the body starts at once
    const std::string url = fleet.base_url + "/api/v1/batches";
    for (int i = 0; i < kSlowClients; ++i) {
        interfaces.push_back("host!127.0.2." + std::to_string(1 + i % kSlowAddresses));
    }
    for (int i = 0; i < kSlowClients; ++i) {
        CURL* c = easies.emplace_back(curl_easy_init()).get();
        curl_easy_setopt(c, CURLOPT_URL, url.c_str());
        curl_easy_setopt(c, CURLOPT_CAINFO, fleet.ca_file.c_str());
        curl_easy_setopt(c, CURLOPT_INTERFACE, interfaces[static_cast<std::size_t>(i)].c_str());
        curl_easy_setopt(c, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(100'000));
        curl_easy_setopt(c, CURLOPT_READFUNCTION, trickle);
        curl_easy_setopt(c, CURLOPT_READDATA, &trickles[static_cast<std::size_t>(i)]);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
        curl_multi_add_handle(multi.get(), c);
    }
    int running = kSlowClients;
    auto next_byte = Clock::now();
    while (Clock::now() < end && running > 0) {
        if (Clock::now() >= next_byte) {
            for (std::size_t i = 0; i < easies.size(); ++i) {
                trickles[i].may_send = true;
                curl_easy_pause(easies[i].get(), CURLPAUSE_CONT);
            }
            next_byte += 1s;
        }
        curl_multi_perform(multi.get(), &running);
        curl_multi_poll(multi.get(), nullptr, 0, 100, nullptr);
    }
    outcome.still_sending = running;
    for (auto& e : easies) {
        curl_multi_remove_handle(multi.get(), e.get());
    }
}

// Established TCP connections whose local port is `port` (the server's side), from
// /proc/net/tcp: what nginx holds open at this moment.
int connections_at(int port) {
    std::ifstream in("/proc/net/tcp");
    std::string line;
    std::getline(in, line);  // the header
    int count = 0;
    char wanted[8];
    std::snprintf(wanted, sizeof wanted, ":%04X", port);
    while (std::getline(in, line)) {
        // "  sl  local_address rem_address   st ...": "N: 0100007F:1F90 0100007F:C350 01 ..."
        std::istringstream fields(line);
        std::string slot, local, remote, state;
        fields >> slot >> local >> remote >> state;
        if (local.ends_with(wanted) && state == "01") {
            ++count;
        }
    }
    return count;
}

// What was open at nginx (from clients) and at the hub (from nginx), sampled mid-minute.
struct OpenConnections {
    int at_nginx = 0;
    int at_hub = 0;
};

OpenConnections sample_connections(const test::NginxProxy& nginx, const test::Hub& hub) {
    return {connections_at(nginx.tls_port()), connections_at(hub.port())};
}

void report(Results& r, const std::string& subject, const Samples& samples, int phase,
            OpenConnections open) {
    const auto& hb = samples.heartbeat_ms[phase];
    const auto& b = samples.batch_ms[phase];
    std::vector<double> all = hb;
    all.insert(all.end(), b.begin(), b.end());
    r.add("fleet via nginx", subject, "requests", static_cast<double>(all.size()),
          "a heartbeat and a batch of 5 per kiosk in the minute");
    r.add("fleet via nginx", subject, "client connections open at nginx", open.at_nginx,
          "sampled mid-minute from /proc/net/tcp");
    r.add("fleet via nginx", subject, "connections open from nginx to the hub", open.at_hub,
          "sampled at the same moment");
    r.add("fleet via nginx", subject, "heartbeat p50, ms", percentile(hb, 0.5));
    r.add("fleet via nginx", subject, "heartbeat p99, ms", percentile(hb, 0.99));
    r.add("fleet via nginx", subject, "batch p50, ms", percentile(b, 0.5));
    r.add("fleet via nginx", subject, "batch p99, ms", percentile(b, 0.99));
    r.add("fleet via nginx", subject, "any request p99, ms", percentile(all, 0.99),
          phase == 0 ? "goal < 50" : "goal < 100");
    r.add("fleet via nginx", subject, "errors", samples.errors[phase].load(), "must be 0");
}

}  // namespace

void fleet_nginx(BenchContext& ctx) {
    curl_global_init(CURL_GLOBAL_DEFAULT);
    const auto dir = ctx.work_dir / "fleet-nginx";
    Fleet fleet;
    {
        sync::hub::HubStore store(dir / "hub-data");
        for (int k = 0; k < kKiosks; ++k) {
            fleet.tokens.push_back(
                store.create_token(sync::hub::TokenKind::Kiosk, "fleet-" + std::to_string(k), 1));
        }
    }
    // Behind the proxy the hub's per-address limit is off, as the shipped site says; its
    // per-token rate limit stays on.
    test::Hub hub(dir, 0, {"--max-connections-per-client", "0"});
    test::NginxProxy nginx(dir / "nginx", hub.port(),
                           {.worker_processes = 0, .worker_connections = 4096});
    fleet.base_url = nginx.https_url();
    fleet.ca_file = nginx.certificate();
    fleet.start = Clock::now() + 1s;
    Samples samples;
    std::vector<std::thread> connections;
    for (int c = 0; c < kConnections; ++c) {
        connections.emplace_back(drive_connection, std::cref(fleet), c, std::ref(samples));
    }
    SlowOutcome slow;
    std::thread slow_clients([&] {
        std::this_thread::sleep_until(fleet.start + kPhase);  // the second minute
        run_slow_clients(fleet, fleet.start + 2 * kPhase, slow);
    });
    std::this_thread::sleep_until(fleet.start + kPhase * 2 / 3);  // sampling times
    const auto open_first = sample_connections(nginx, hub);
    std::this_thread::sleep_until(fleet.start + kPhase * 5 / 3);
    const auto open_second = sample_connections(nginx, hub);
    for (auto& t : connections) {
        t.join();
    }
    slow_clients.join();
    auto& r = ctx.results;
    const std::string fleet_subject = "10 000 kiosks over 1 000 TLS connections";
    report(r, fleet_subject + ", alone", samples, 0, open_first);
    report(r, fleet_subject + ", with 500 slow clients", samples, 1, open_second);
    r.add("fleet via nginx", "500 slow clients, a byte a second", "still sending at the end",
          slow.still_sending, "nginx holds them; the hub never sees them");
}

}  // namespace fbk::bench
