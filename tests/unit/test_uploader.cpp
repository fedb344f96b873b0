// The uploader against a real HTTP server on 127.0.0.1 that plays a misbehaving hub: the
// faults are real HTTP replies, the client is the real libcurl one.
#include <doctest/doctest.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <thread>

#include <httplib.h>

#include "sync/outbox/outbox.h"
#include "sync/protocol/messages.h"
#include "sync/uploader/uploader.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

namespace protocol = fbk::sync::protocol;
namespace up = fbk::sync::uploader;

namespace {

class FakeHub {
  public:
    using Reply = std::function<void(const protocol::Batch&, httplib::Response&)>;

    explicit FakeHub(Reply reply) : reply_(std::move(reply)) {
        server_.Post("/api/v1/batches",
                     [this](const httplib::Request& req, httplib::Response& res) {
                         auto parsed = protocol::parse_batch(req.body);
                         REQUIRE(parsed.batch);
                         const std::lock_guard lock(mutex_);
                         ++requests_;
                         last_encoding_ = req.get_header_value("Content-Encoding");
                         last_auth_ = req.get_header_value("Authorization");
                         batch_sizes_.push_back(parsed.batch->responses.size());
                         reply_(*parsed.batch, res);
                     });
        port_ = server_.bind_to_any_port("127.0.0.1");
        // The socket is bound and listening already: requests queue until the thread accepts.
        thread_ = std::thread([this] { server_.listen_after_bind(); });
    }
    ~FakeHub() {
        server_.stop();
        thread_.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
    std::vector<std::size_t> batch_sizes() {
        const std::lock_guard lock(mutex_);
        return batch_sizes_;
    }
    std::string last_encoding() {
        const std::lock_guard lock(mutex_);
        return last_encoding_;
    }
    std::string last_auth() {
        const std::lock_guard lock(mutex_);
        return last_auth_;
    }

    static void ack_all(const protocol::Batch& b, httplib::Response& res) {
        protocol::BatchAck ack;
        for (const auto& r : b.responses) {
            ack.receipts.push_back({r.id, protocol::ReceiptStatus::Stored});
        }
        res.set_content(protocol::serialize(ack), "application/json");
    }

  private:
    Reply reply_;
    httplib::Server server_;
    int port_ = 0;
    std::thread thread_;
    std::mutex mutex_;
    int requests_ = 0;
    std::string last_encoding_;
    std::string last_auth_;
    std::vector<std::size_t> batch_sizes_;
};

struct Kiosk {
    fbk::test::TempDir dir;
    fbk::sync::outbox::Outbox outbox{dir / "outbox.sqlite3"};
    std::unique_ptr<up::HttpClient> http = up::make_curl_client({});

    explicit Kiosk(int responses) {
        for (int i = 0; i < responses; ++i) {
            outbox.commit(fbk::test::sample_response(i), i);
        }
    }
    up::Uploader uploader(const std::string& url, std::size_t batch = 10) {
        return up::Uploader(
            outbox, *http, {url, "secret-token", "k1", "b", batch, 1 << 20, 5'000},
            {[] { return std::int64_t{1'000'000}; }, [] { return std::int64_t{5}; }});
    }
};

}  // namespace

TEST_CASE("a delivered batch is marked acknowledged, gzip and token on the wire") {
    FakeHub hub(FakeHub::ack_all);
    Kiosk kiosk(25);
    auto uploader = kiosk.uploader(hub.url(), 10);
    int rounds = 0;
    while (uploader.upload_once().status == up::UploadStatus::Delivered) {
        ++rounds;
    }
    CHECK(rounds == 3);
    CHECK(hub.batch_sizes() == std::vector<std::size_t>{10, 10, 5});
    CHECK(hub.last_encoding() == "gzip");
    CHECK(hub.last_auth() == "Bearer secret-token");
    CHECK(kiosk.outbox.counts().pending == 0);
    CHECK(kiosk.outbox.counts().acknowledged == 25);
}

TEST_CASE("nothing is acknowledged when the hub is unreachable") {
    Kiosk kiosk(3);
    auto uploader = kiosk.uploader("http://127.0.0.1:1");
    const auto result = uploader.upload_once();
    CHECK(result.status == up::UploadStatus::RetryLater);
    CHECK(result.error.find("hub unreachable") != std::string::npos);
    CHECK(kiosk.outbox.counts().pending == 3);
}

TEST_CASE("5xx and 429 are retried later, honouring Retry-After") {
    FakeHub hub([](const protocol::Batch&, httplib::Response& res) {
        res.status = 503;
        res.set_header("Retry-After", "7");
    });
    Kiosk kiosk(2);
    auto uploader = kiosk.uploader(hub.url());
    const auto result = uploader.upload_once();
    CHECK(result.status == up::UploadStatus::RetryLater);
    CHECK(result.retry_after_ms == 7000);
    CHECK(kiosk.outbox.counts().pending == 2);
}

TEST_CASE("a 200 that is not the hub's receipt acknowledges nothing") {
    FakeHub hub([](const protocol::Batch&, httplib::Response& res) {
        res.set_content("<html>Welcome to the hospital guest network</html>", "text/html");
    });
    Kiosk kiosk(2);
    auto uploader = kiosk.uploader(hub.url());
    CHECK(uploader.upload_once().status == up::UploadStatus::RetryLater);
    CHECK(kiosk.outbox.counts().pending == 2);
}

TEST_CASE("only the ids named in the receipt are acknowledged") {
    FakeHub hub([](const protocol::Batch& b, httplib::Response& res) {
        protocol::BatchAck ack{
            {{b.responses.front().id, protocol::ReceiptStatus::Duplicate},
             {"00000000-0000-7000-8000-000000000000", protocol::ReceiptStatus::Stored}}};
        res.set_content(protocol::serialize(ack), "application/json");
    });
    Kiosk kiosk(3);
    auto uploader = kiosk.uploader(hub.url());
    const auto result = uploader.upload_once();
    CHECK(result.status == up::UploadStatus::Delivered);
    CHECK(result.acknowledged == 1);
    CHECK(kiosk.outbox.counts().pending == 2);
}

TEST_CASE("a refused batch is halved until the bad response is alone, then quarantined") {
    std::string bad_id;
    // The hub outlives the kiosk's keep-alive connection: declared first, destroyed last.
    FakeHub hub([&](const protocol::Batch& b, httplib::Response& res) {
        for (const auto& r : b.responses) {
            if (r.id == bad_id) {
                res.status = 400;
                res.set_content(R"({"error":{"code":"invalid_batch","message":"bad answer"}})",
                                "application/json");
                return;
            }
        }
        FakeHub::ack_all(b, res);
    });
    Kiosk kiosk(8);
    bad_id = kiosk.outbox.next_batch(8, 1 << 20)[5].id;
    auto uploader = kiosk.uploader(hub.url(), 8);
    std::vector<up::UploadStatus> statuses;
    for (int i = 0; i < 20; ++i) {
        const auto r = uploader.upload_once();
        if (r.status == up::UploadStatus::NothingPending) {
            break;
        }
        statuses.push_back(r.status);
    }
    const auto counts = kiosk.outbox.counts();
    CHECK(counts.pending == 0);
    CHECK(counts.quarantined == 1);
    CHECK(counts.acknowledged == 7);
    CHECK(std::count(statuses.begin(), statuses.end(), up::UploadStatus::Quarantined) == 1);
    CHECK(hub.batch_sizes().front() == 8);
}

TEST_CASE("401 stops uploading and keeps everything") {
    FakeHub hub([](const protocol::Batch&, httplib::Response& res) {
        res.status = 401;
        res.set_content(
            R"({"error":{"code":"unauthorized","message":"a valid bearer token is required"}})",
            "application/json");
    });
    Kiosk kiosk(2);
    auto uploader = kiosk.uploader(hub.url());
    const auto r = uploader.upload_once();
    CHECK(r.status == up::UploadStatus::Unauthorized);
    CHECK(r.error.find("a valid bearer token is required") != std::string::npos);
    CHECK(kiosk.outbox.counts().pending == 2);
    CHECK(kiosk.outbox.counts().quarantined == 0);
}

TEST_CASE("413 halves the batch until it fits, and nothing is quarantined") {
    // A hub (or a proxy in front of it) that takes at most 3 responses per request.
    FakeHub hub([&](const protocol::Batch& b, httplib::Response& res) {
        if (b.responses.size() > 3) {
            res.status = 413;
            res.set_content(R"({"error":{"code":"too_large","message":"too large"}})",
                            "application/json");
            return;
        }
        FakeHub::ack_all(b, res);
    });
    Kiosk kiosk(8);
    auto uploader = kiosk.uploader(hub.url(), 8);
    for (int i = 0; i < 20; ++i) {
        if (uploader.upload_once().status == up::UploadStatus::NothingPending) {
            break;
        }
    }
    const auto counts = kiosk.outbox.counts();
    CHECK(counts.pending == 0);
    CHECK(counts.quarantined == 0);
    CHECK(counts.acknowledged == 8);
    // 8 refused, 4 refused, then 2s: each batch halves until the hub takes it.
    const auto sizes = hub.batch_sizes();
    REQUIRE(sizes.size() >= 3);
    CHECK(sizes[0] == 8);
    CHECK(sizes[1] == 4);
    CHECK(sizes[2] == 2);
}
