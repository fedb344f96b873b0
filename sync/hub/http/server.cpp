#include "sync/hub/http/server.h"

#include <sys/resource.h>

#include <openssl/ssl.h>
#include <algorithm>
#include <stdexcept>
#include <thread>
#include <vector>

#include "sync/hub/http/connection_limiter.h"
#include "sync/hub/http/session.h"

namespace fbk::sync::hub::http {

namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
namespace beast = boost::beast;
using tcp = net::ip::tcp;

namespace {

// cpp-httplib's 5 was too shallow: 64 kiosks connecting at once waited for SYN retransmits.
constexpr int kAcceptBacklog = 512;

std::unique_ptr<ssl::context> make_tls_context(const ServerOptions& o) {
    if (o.tls_cert.empty() && o.tls_key.empty()) {
        return nullptr;
    }
    auto ctx = std::make_unique<ssl::context>(ssl::context::tls_server);
    ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                     ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 |
                     ssl::context::single_dh_use);
    boost::system::error_code ec;
    ctx->use_certificate_chain_file(o.tls_cert.string(), ec);
    if (!ec) {
        ctx->use_private_key_file(o.tls_key.string(), ssl::context::pem, ec);
    }
    if (ec || SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
        throw std::runtime_error("cannot use TLS certificate " + o.tls_cert.string() +
                                 " with key " + o.tls_key.string() +
                                 " (missing, unreadable, not PEM, or not a matching pair)");
    }
    return ctx;
}

// Each connection is a descriptor: make sure the process may open as many as it will accept.
std::size_t fit_to_descriptor_limit(std::size_t wanted) {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        return wanted;
    }
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
        getrlimit(RLIMIT_NOFILE, &limit);
    }
    constexpr rlim_t kReserve = 128;  // database, files, the watchdog's own check
    if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur > wanted + kReserve || wanted == 0) {
        return wanted;
    }
    return static_cast<std::size_t>(limit.rlim_cur > kReserve ? limit.rlim_cur - kReserve : 1);
}

}  // namespace

struct Server::Impl {
    ServerOptions options;
    ServerHooks hooks;
    std::unique_ptr<ssl::context> tls = make_tls_context(options);
    ConnectionLimiter limiter{fit_to_descriptor_limit(options.max_connections),
                              options.max_connections_per_client};
    net::thread_pool workers{std::max<std::size_t>(1, options.worker_threads)};
    net::io_context ioc{static_cast<int>(std::max<std::size_t>(1, options.io_threads))};
    tcp::acceptor acceptor{ioc};
    net::steady_timer accept_retry{ioc};

    Impl(ServerOptions o, ServerHooks h) : options(std::move(o)), hooks(std::move(h)) {}

    ~Impl() {
        workers.stop();
        workers.join();
    }

    void log(const std::string& line) const {
        if (hooks.log) {
            hooks.log(line);
        }
    }

    void accept() {
        acceptor.async_accept(
            net::make_strand(ioc), [this](boost::system::error_code ec, tcp::socket socket) {
                if (ec == net::error::operation_aborted || !acceptor.is_open()) {
                    return;  // stopping
                }
                if (ec) {
                    // Out of descriptors, say: try again shortly rather than spin or stop.
                    log("accepting a connection failed: " + ec.message());
                    accept_retry.expires_after(std::chrono::milliseconds(100));
                    accept_retry.async_wait([this](boost::system::error_code) { accept(); });
                    return;
                }
                start_session(std::move(socket));
                accept();
            });
    }

    void start_session(tcp::socket socket) {
        boost::system::error_code ec;
        const auto remote = socket.remote_endpoint(ec);
        if (ec) {
            return;  // already gone
        }
        std::string peer = remote.address().to_string();
        Refusal refusal{};
        auto slot = limiter.acquire(peer, refusal);
        if (!slot) {
            if (hooks.refused) {
                hooks.refused(refusal == Refusal::TooManyInAll
                                  ? ConnectionRefusal::TooManyInAll
                                  : ConnectionRefusal::TooManyFromClient);
            }
            socket.close(ec);
            return;
        }
        // Nagle's algorithm holds small replies back ~40 ms: measured 84 -> 384 req/s without it.
        socket.set_option(tcp::no_delay(true), ec);
        const detail::SessionContext context{options, hooks, workers};
        if (tls) {
            using TlsStream = beast::ssl_stream<beast::tcp_stream>;
            std::make_shared<detail::Session<TlsStream>>(
                context, TlsStream(std::move(socket), *tls), std::move(*slot), std::move(peer))
                ->start();
        } else {
            std::make_shared<detail::Session<beast::tcp_stream>>(
                context, beast::tcp_stream(std::move(socket)), std::move(*slot), std::move(peer))
                ->start();
        }
    }
};

Server::Server(ServerOptions options, ServerHooks hooks)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(hooks))) {}

Server::~Server() = default;

bool Server::tls() const {
    return impl_->tls != nullptr;
}

int Server::bind(const std::string& host, int port) {
    const std::string where = host + ":" + std::to_string(port);
    boost::system::error_code ec;
    tcp::resolver resolver(impl_->ioc);
    const auto endpoints = resolver.resolve(
        host, std::to_string(port), tcp::resolver::passive | tcp::resolver::numeric_service, ec);
    if (ec || endpoints.empty()) {
        throw std::runtime_error("cannot listen on " + where + ": not an address of this machine");
    }
    const tcp::endpoint endpoint = *endpoints.begin();
    tcp::acceptor& acceptor = impl_->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    // SO_REUSEADDR lets a restarted hub bind at once (SO_REUSEPORT would also let a second hub
    // share the port without a word).
    if (!ec) {
        acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    }
    if (!ec) {
        acceptor.bind(endpoint, ec);
    }
    if (!ec) {
        acceptor.listen(kAcceptBacklog, ec);
    }
    if (ec) {
        acceptor.close();
        throw std::runtime_error("cannot listen on " + where +
                                 " (address in use, or not an address of this machine)");
    }
    return acceptor.local_endpoint().port();
}

void Server::run() {
    Impl& impl = *impl_;
    impl.accept();
    std::vector<std::thread> io;
    for (std::size_t i = 1; i < impl.options.io_threads; ++i) {
        io.emplace_back([&impl] { impl.ioc.run(); });
    }
    impl.ioc.run();
    for (std::thread& t : io) {
        t.join();
    }
    // Requests being handled finish; queued ones are dropped with their connections.
    impl.workers.stop();
    impl.workers.join();
}

void Server::stop() {
    net::post(impl_->ioc, [&impl = *impl_] {
        boost::system::error_code ignored;
        impl.acceptor.close(ignored);
        impl.accept_retry.cancel();
    });
    impl_->ioc.stop();
}

}  // namespace fbk::sync::hub::http
