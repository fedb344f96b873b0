#include "sync/hub/http/self_check.h"

#include "sync/hub/http/beast.h"

namespace fbk::sync::hub::http {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using tcp = net::ip::tcp;

namespace {

template <class Stream>
bool get_healthz(Stream& stream, const std::string& host) {
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/healthz", 11};
    req.set(bhttp::field::host, host);
    req.keep_alive(false);
    bhttp::write(stream, req);
    beast::flat_buffer buffer;
    bhttp::response<bhttp::string_body> res;
    bhttp::read(stream, buffer, res);
    return res.result_int() == 200;
}

}  // namespace

bool healthz_answers(const std::string& host, int port, bool tls,
                     std::chrono::milliseconds timeout) {
    try {
        net::io_context ioc;
        tcp::resolver resolver(ioc);
        const auto endpoints = resolver.resolve(host, std::to_string(port));
        beast::tcp_stream tcp_stream(ioc);
        // Deadlines apply to asynchronous operations only: run them under one.
        bool ok = false;
        tcp_stream.expires_after(timeout);
        tcp_stream.async_connect(endpoints,
                                 [&](beast::error_code ec, const tcp::endpoint&) { ok = !ec; });
        ioc.run();
        if (!ok) {
            return false;
        }
        // The rest is synchronous; a socket timeout bounds it.
        const auto ms = static_cast<int>(timeout.count());
        const timeval tv{ms / 1000, (ms % 1000) * 1000};
        const int fd = tcp_stream.socket().native_handle();
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
        if (!tls) {
            return get_healthz(tcp_stream.socket(), host);
        }
        ssl::context ctx(ssl::context::tls_client);
        ctx.set_verify_mode(ssl::verify_none);
        ssl::stream<tcp::socket&> stream(tcp_stream.socket(), ctx);
        stream.handshake(ssl::stream_base::client);
        return get_healthz(stream, host);
    } catch (const std::exception&) {
        return false;
    }
}

}  // namespace fbk::sync::hub::http
