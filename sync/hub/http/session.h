// One connection of the HTTP server (server.h), plain or TLS, from accept to close. Internal to
// server.cpp. Every read and write runs on the connection's strand under a deadline; the
// application's hooks run on the worker pool between them, so a connection waiting for its
// client holds no thread and a request being handled holds no I/O. Long because it is one class
// template over both stream types, and its deadlines, body reading and chunked replies are one
// state machine that reads best whole.
//
// A request goes: [TLS handshake] -> head (deadline) -> admit on a worker -> [100 Continue]
// -> body (deadline, limit) -> finish on a worker -> reply (deadline per piece; a streamed
// reply pulls each piece from a worker) -> next request on a kept-alive connection, or a
// lingering close that lets the client read a refusal sent before its body was read.
#pragma once

#include "sync/hub/http/beast.h"

#include <array>
#include <chrono>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>

#include "sync/hub/http/connection_limiter.h"
#include "sync/hub/http/message.h"
#include "sync/hub/http/server.h"
#include "sync/hub/http/target.h"
#include "sync/protocol/printable.h"

namespace fbk::sync::hub::http::detail {

namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace net = boost::asio;
namespace ssl = boost::asio::ssl;
using Clock = std::chrono::steady_clock;

// What every session shares; owned by the server, which outlives its worker tasks.
struct SessionContext {
    const ServerOptions& options;
    const ServerHooks& hooks;
    net::thread_pool& workers;
};

// Any reply at all, even when the application's own hooks fail.
inline Reply last_resort_reply() {
    Reply r;
    r.status = 500;
    r.content_type = "application/json";
    r.body = R"({"error":{"code":"internal","message":"the hub could not complete the request"}})";
    r.error_code = "internal";
    return r;
}

template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
    static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
    static constexpr std::size_t kReadPiece = 16 * 1024;
    static constexpr std::chrono::seconds kLinger{2};

  public:
    Session(SessionContext context, Stream stream, ConnectionLimiter::Slot slot, std::string peer)
        : ctx_(context),
          stream_(std::move(stream)),
          slot_(std::move(slot)),
          peer_(std::move(peer)),
          buffer_(context.options.max_header_bytes + 64 * 1024) {}

    void start() {
        deadline_ = Clock::now() + ctx_.options.head_timeout;
        if constexpr (kTls) {
            lowest().expires_at(deadline_);
            stream_.async_handshake(ssl::stream_base::server,
                                    [self = this->shared_from_this()](beast::error_code ec) {
                                        ec ? self->close() : self->read_head();
                                    });
        } else {
            read_head();
        }
    }

  private:
    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }

    // On a kept-alive connection the next request's first byte must come within the
    // keep-alive time; its head then has head_timeout, like a new connection's.
    void await_next_request() {
        request_ = Request{};
        reported_ = false;
        if (buffer_.size() > 0) {  // pipelined: already here
            deadline_ = Clock::now() + ctx_.options.head_timeout;
            read_head();
            return;
        }
        lowest().expires_after(ctx_.options.keep_alive_timeout);
        stream_.async_read_some(
            buffer_.prepare(kReadPiece),
            [self = this->shared_from_this()](beast::error_code ec, std::size_t n) {
                if (ec) {
                    return self->close();
                }
                self->buffer_.commit(n);
                self->deadline_ = Clock::now() + self->ctx_.options.head_timeout;
                self->read_head();
            });
    }

    void read_head() {
        parser_.emplace();
        parser_->header_limit(static_cast<std::uint32_t>(ctx_.options.max_header_bytes));
        // Each route's own limit is applied after the head. Not boost::none: Beast 1.74 compares
        // a Content-Length with the empty optional as "greater" and refuses every body.
        parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
        lowest().expires_at(deadline_);
        bhttp::async_read_header(stream_, buffer_, *parser_,
                                 [self = this->shared_from_this()](
                                     beast::error_code ec, std::size_t) { self->on_head(ec); });
    }

    static bool is_http_error(const beast::error_code& ec) {
        return &ec.category() == &bhttp::make_error_code(bhttp::error::bad_target).category();
    }

    void on_head(beast::error_code ec) {
        started_ = Clock::now();
        if (ec == bhttp::error::header_limit) {
            return refuse(431, "header_too_large",
                          "the request head exceeds " +
                              std::to_string(ctx_.options.max_header_bytes) + " bytes");
        }
        if (ec && is_http_error(ec) && ec != bhttp::error::end_of_stream &&
            ec != bhttp::error::partial_message) {
            return refuse(400, "bad_request", "not a valid HTTP/1.1 request: " + ec.message());
        }
        if (ec) {
            return close();  // gone, reset, or too slow: nobody to answer
        }
        const auto& head = parser_->get();
        version_ = head.version();
        keep_alive_ = head.keep_alive();
        request_.method = std::string(head.method_string());
        request_.peer = peer_;
        for (const auto& field : head) {
            request_.headers.push_back(
                {std::string(field.name_string()), std::string(field.value())});
        }
        auto target = parse_target(std::string_view(head.target().data(), head.target().size()));
        if (const auto* error = std::get_if<TargetError>(&target)) {
            return refuse(400, "bad_request", error->where + ": " + error->problem);
        }
        request_.path = std::move(std::get<Target>(target).path);
        request_.params = std::move(std::get<Target>(target).params);
        for (const Header& h : request_.headers) {
            if (const auto problem = text_problem(h.value)) {
                return refuse(400, "bad_header",
                              "header '" + protocol::printable(h.name) + "': " + *problem);
            }
        }
        if (small_body_on_its_way()) {
            return read_small_body();
        }
        admit_on_worker();
    }

    void admit_on_worker() {
        on_worker([self = this->shared_from_this()] { return self->admit(); },
                  [self = this->shared_from_this()](Admission a) { self->admitted(std::move(a)); });
    }

    bool expects_continue() const {
        const auto expect = parser_->get()[bhttp::field::expect];
        return iequals(std::string_view(expect.data(), expect.size()), "100-continue");
    }

    // A small body (a batch of a few dozen answers, a heartbeat) often arrives a moment after
    // its head. It is read before the request goes to a worker, so that the worker admits and
    // finishes it in one job instead of two with a round trip between. Large bodies, and those
    // whose client waits for 100 Continue, are read only once the request is admitted, so an
    // unauthorised client can make the hub hold at most kEagerBodyBytes per connection.
    static constexpr std::uint64_t kEagerBodyBytes = 64 * 1024;
    bool small_body_on_its_way() const {
        const auto length = parser_->content_length();
        if (!length || *length == 0 || *length > kEagerBodyBytes || *length <= buffer_.size() ||
            expects_continue() || !ctx_.hooks.max_body) {
            return false;
        }
        try {
            return *length <= ctx_.hooks.max_body(request_);  // else a 413 is due at once
        } catch (...) {
            return false;
        }
    }

    void read_small_body() {
        body_limit_ = static_cast<std::size_t>(*parser_->content_length());
        parser_->body_limit(body_limit_);
        lowest().expires_after(ctx_.options.body_timeout);
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              if (ec) {
                                  return self->body_failed(ec);
                              }
                              self->admit_on_worker();
                          });
    }

    // Runs `work` on a worker thread, then `then` with its result on this connection's strand.
    template <class Work, class Then>
    void on_worker(Work work, Then then) {
        net::post(ctx_.workers, [self = this->shared_from_this(), work = std::move(work),
                                 then = std::move(then)]() mutable {
            auto result = work();
            net::post(self->stream_.get_executor(),
                      [then = std::move(then), result = std::move(result)]() mutable {
                          then(std::move(result));
                      });
        });
    }

    Reply failure(std::exception_ptr e) {
        try {
            return ctx_.hooks.failed(request_, e);
        } catch (...) {
            return last_resort_reply();
        }
    }

    Admission admit() {
        Admission admission;
        try {
            admission = ctx_.hooks.admit(request_);
        } catch (...) {
            return failure(std::current_exception());
        }
        // Usually a small body arrives with its head. Then it is read and the request finished
        // in this same worker job: no round trip through the strand (measured: 1 kiosk's
        // sequential batches 30 000 -> 35 000 responses/s).
        auto* read = std::get_if<ReadBody>(&admission);
        const auto length = parser_->content_length();
        if (read == nullptr || !length || *length > read->max_bytes ||
            (!parser_->is_done() && *length > buffer_.size())) {
            return admission;
        }
        beast::error_code ec;
        while (!ec && !parser_->is_done() && buffer_.size() > 0) {
            buffer_.consume(parser_->put(buffer_.data(), ec));
        }
        if (ec || !parser_->is_done()) {
            keep_alive_ = false;
            return error_reply(
                400, "bad_request",
                "the body is not valid HTTP/1.1: " + (ec ? ec.message() : "incomplete"));
        }
        finish_ = std::move(read->finish);
        request_.body = std::move(parser_->get().body());
        return finish();
    }

    Reply finish() {
        try {
            return finish_(request_);
        } catch (...) {
            return failure(std::current_exception());
        }
    }

    Reply error_reply(int status, std::string_view code, std::string message) {
        try {
            return ctx_.hooks.error_reply(status, code, std::move(message));
        } catch (...) {
            return last_resort_reply();
        }
    }

    // A refusal of the request itself: its body (if any) is never read, so the connection ends.
    void refuse(int status, std::string_view code, std::string message) {
        keep_alive_ = false;
        send(error_reply(status, code, std::move(message)));
    }

    void admitted(Admission admission) {
        if (auto* reply = std::get_if<Reply>(&admission)) {
            return send(std::move(*reply));
        }
        ReadBody& body = std::get<ReadBody>(admission);
        if (const auto length = parser_->content_length(); length && *length > body.max_bytes) {
            return refuse(413, "too_large", too_large_message(body.max_bytes));
        }
        body_limit_ = body.max_bytes;
        finish_ = std::move(body.finish);
        parser_->body_limit(body.max_bytes);
        if (parser_->is_done()) {
            return body_read();
        }
        if (!expects_continue()) {
            return read_body();
        }
        auto go_on = std::make_shared<bhttp::response<bhttp::empty_body>>(bhttp::status::continue_,
                                                                          version_);
        lowest().expires_after(ctx_.options.write_timeout);
        bhttp::async_write(
            stream_, *go_on,
            [self = this->shared_from_this(), go_on](beast::error_code ec, std::size_t) {
                ec ? self->close() : self->read_body();
            });
    }

    static std::string too_large_message(std::size_t max) {
        return "the body exceeds " + std::to_string(max) + " bytes";
    }

    void read_body() {
        lowest().expires_after(ctx_.options.body_timeout);
        bhttp::async_read(stream_, buffer_, *parser_,
                          [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                              self->on_body(ec);
                          });
    }

    void on_body(beast::error_code ec) {
        if (ec) {
            return body_failed(ec);
        }
        body_read();
    }

    void body_failed(beast::error_code ec) {
        if (ec == bhttp::error::body_limit) {
            return refuse(413, "too_large", too_large_message(body_limit_));
        }
        if (ec && is_http_error(ec) && ec != bhttp::error::end_of_stream &&
            ec != bhttp::error::partial_message) {
            return refuse(400, "bad_request", "the body is not valid HTTP/1.1: " + ec.message());
        }
        close();
    }

    void body_read() {
        request_.body = std::move(parser_->get().body());
        on_worker([self = this->shared_from_this()] { return self->finish(); },
                  [self = this->shared_from_this()](Reply r) { self->send(std::move(r)); });
    }

    template <class Message>
    void fill_head(Message& res) {
        res.keep_alive(keep_alive_);
        if (!reply_.content_type.empty()) {
            res.set(bhttp::field::content_type, reply_.content_type);
        }
        for (const Header& h : reply_.headers) {
            res.insert(h.name, h.value);  // Set-Cookie may come more than once
        }
    }

    void send(Reply reply) {
        reply_ = std::move(reply);
        if (!parser_ || !parser_->is_done()) {
            keep_alive_ = false;  // an unread body is still on its way
        }
        if (reply_.stream && version_ < 11) {
            // HTTP/1.0 has no chunks: a body cut short could not be told from a whole one.
            reply_ = error_reply(505, "http_version_not_supported",
                                 "this reply is streamed in chunks: ask with HTTP/1.1");
        }
        if (reply_.stream) {
            return send_stream_head();
        }
        // Our own version whatever the client's (RFC 9110 6.2); Connection says the rest.
        auto res = std::make_shared<bhttp::response<bhttp::string_body>>(
            static_cast<bhttp::status>(reply_.status), 11);
        fill_head(*res);
        res->body() = std::move(reply_.body);
        res->prepare_payload();
        lowest().expires_after(ctx_.options.write_timeout);
        bhttp::async_write(stream_, *res,
                           [self = this->shared_from_this(), res](beast::error_code ec,
                                                                  std::size_t) { self->sent(ec); });
    }

    void send_stream_head() {
        auto res = std::make_shared<bhttp::response<bhttp::empty_body>>(
            static_cast<bhttp::status>(reply_.status), 11);
        fill_head(*res);
        res->chunked(true);
        auto serializer = std::make_shared<bhttp::response_serializer<bhttp::empty_body>>(*res);
        lowest().expires_after(ctx_.options.write_timeout);
        bhttp::async_write_header(
            stream_, *serializer,
            [self = this->shared_from_this(), res, serializer](beast::error_code ec, std::size_t) {
                ec ? self->abandon() : self->produce();
            });
    }

    // A streamed reply is double-buffered: a worker fills one piece while the other is being
    // written, so the database and the network work at once. Each buffer keeps its capacity,
    // so there is no allocation per piece, whichever worker thread fills it.
    void produce() {
        on_worker(
            [self = this->shared_from_this(), index = filling_] {
                std::string& out = self->pieces_[index];
                out.clear();
                Chunk chunk = Chunk::Abort;
                try {
                    chunk = self->reply_.stream(out);
                } catch (const std::exception& e) {
                    self->log(std::string("a streamed reply failed: ") + e.what());
                } catch (...) {
                    self->log("a streamed reply failed");
                }
                return chunk;
            },
            [self = this->shared_from_this()](Chunk chunk) { self->produced(chunk); });
    }

    void produced(Chunk chunk) {
        if (chunk == Chunk::Abort) {
            return abandon();
        }
        ready_ = chunk;
        if (!writing_) {
            write_ready();
        }
    }

    void write_ready() {
        const bool last = *ready_ == Chunk::Last;
        ready_.reset();
        const int index = filling_;
        filling_ = 1 - filling_;
        if (!last) {
            produce();  // the other buffer, while this one is written
        }
        if (pieces_[index].empty()) {
            if (last) {
                write_last_chunk();
            }
            return;
        }
        writing_ = true;
        lowest().expires_after(ctx_.options.write_timeout);
        net::async_write(
            stream_, bhttp::make_chunk(net::buffer(pieces_[index])),
            [self = this->shared_from_this(), last](beast::error_code ec, std::size_t) {
                self->writing_ = false;
                if (ec) {
                    return self->abandon();
                }
                if (last) {
                    return self->write_last_chunk();
                }
                if (self->ready_) {
                    self->write_ready();
                }
            });
    }

    void write_last_chunk() {
        lowest().expires_after(ctx_.options.write_timeout);
        net::async_write(stream_, bhttp::make_chunk_last(),
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                             self->sent(ec);
                         });
    }

    // A reply that cannot be completed: the client must see it cut, not a shorter whole one.
    void abandon() {
        report();
        keep_alive_ = false;
        lowest().close();
    }

    void sent(beast::error_code ec) {
        report();
        if (ec) {
            return lowest().close();
        }
        keep_alive_ ? await_next_request() : close();
    }

    void report() {
        if (reported_ || !ctx_.hooks.completed) {
            return;
        }
        reported_ = true;
        const std::chrono::duration<double> took = Clock::now() - started_;
        try {
            ctx_.hooks.completed(request_, reply_, took.count());
        } catch (...) {
        }
    }

    void log(const std::string& line) {
        if (ctx_.hooks.log) {
            ctx_.hooks.log(line);
        }
    }

    // Our side is finished. Plain TCP: say so, then read and drop what the client still sends
    // for a moment, so that a refusal written before its body was read is not lost to a reset.
    void close() {
        if (closing_) {
            return;
        }
        closing_ = true;
        if constexpr (kTls) {
            lowest().expires_after(std::chrono::seconds(1));
            stream_.async_shutdown(
                [self = this->shared_from_this()](beast::error_code) { self->lowest().close(); });
        } else {
            beast::error_code ignored;
            lowest().socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
            lowest().expires_after(kLinger);
            drain();
        }
    }

    void drain() {
        lowest().async_read_some(net::buffer(discard_), [self = this->shared_from_this()](
                                                            beast::error_code ec, std::size_t) {
            ec ? self->lowest().close() : self->drain();
        });
    }

    SessionContext ctx_;
    Stream stream_;
    ConnectionLimiter::Slot slot_;
    std::string peer_;
    beast::flat_buffer buffer_;
    std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
    Clock::time_point deadline_;
    Clock::time_point started_ = Clock::now();
    unsigned version_ = 11;
    bool keep_alive_ = false;
    bool reported_ = false;
    bool closing_ = false;
    std::size_t body_limit_ = 0;
    Request request_;
    Reply reply_;
    std::function<Reply(Request&)> finish_;
    std::array<std::string, 2> pieces_;  // a streamed reply's two buffers
    int filling_ = 0;                    // the one a worker fills next
    bool writing_ = false;
    std::optional<Chunk> ready_;  // a filled piece waiting for the write before it
    std::array<char, 4096> discard_{};
};

}  // namespace fbk::sync::hub::http::detail
