// The hub's HTTP/1.1 server (Boost.Beast over Boost.Asio, from Debian's libboost-dev).
//
// Why not cpp-httplib, which the hub used first: cpp-httplib 0.11 gives every connection a
// thread from start to end and times out each read, not a request. 70 clients sending a byte a
// second, or ~600 idle connections, held every thread and the hub stopped answering, /healthz
// included. Here a few I/O threads serve every connection with asynchronous reads, and:
//  - the request head must arrive within head_timeout of the connection (or, on a kept-alive
//    connection, of its first byte; the first byte within keep_alive_timeout), and the body
//    within body_timeout: a slow client is dropped at its deadline, however it trickles;
//  - connections are capped in all and per client address (ConnectionLimiter);
//  - application code (the database) runs on a pool of worker threads, only once a request's
//    head (and, when asked for, body) has arrived, so no slow client ever holds a worker.
// Every hook runs inside try/catch: an exception becomes a reply (ServerHooks::failed), never
// the end of the process.
#pragma once

#include <chrono>
#include <cstddef>
#include <exception>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "sync/hub/http/message.h"

namespace fbk::sync::hub::http {

struct ServerOptions {
    std::size_t io_threads = 1;
    std::size_t worker_threads = 64;  // requests the application handles at once
    std::chrono::milliseconds head_timeout{10'000};
    std::chrono::milliseconds body_timeout{60'000};
    std::chrono::milliseconds write_timeout{10'000};  // each piece of a reply
    std::chrono::milliseconds keep_alive_timeout{2'000};
    std::size_t max_connections = 4'096;           // 0: no limit
    std::size_t max_connections_per_client = 256;  // 0: no limit
    std::size_t max_header_bytes = 16 * 1024;
    // HTTPS when both are set (PEM files); otherwise plain HTTP.
    std::filesystem::path tls_cert;
    std::filesystem::path tls_key;
};

// What a connection refused at accept was refused for, for the metrics.
enum class ConnectionRefusal { TooManyInAll, TooManyFromClient };

struct ServerHooks {
    // After a request's head: answer now, or ask for the body. Runs on a worker thread.
    std::function<Admission(const Request&)> admit;
    // The most body bytes the request's route takes, from the head alone (no I/O, on an I/O
    // thread); 0 when it takes none or is unknown. Lets a small body be read before admission.
    std::function<std::size_t(const Request&)> max_body;
    // The server's own refusals (malformed HTTP, a body over its limit), in the application's
    // error format.
    std::function<Reply(int status, std::string_view code, std::string message)> error_reply;
    // A hook threw: the reply to send instead.
    std::function<Reply(const Request&, std::exception_ptr)> failed;
    // Each request once its reply is sent, or abandoned: method, path, status, seconds since
    // the head arrived. Runs on an I/O thread: keep it short.
    std::function<void(const Request&, const Reply&, double seconds)> completed;
    std::function<void(ConnectionRefusal)> refused;
    std::function<void(std::string_view line)> log;
};

class Server {
  public:
    // Throws std::runtime_error when the TLS certificate or key cannot be used.
    Server(ServerOptions options, ServerHooks hooks);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds host:port (port 0 picks a free one) and returns the bound port; throws on failure.
    int bind(const std::string& host, int port);
    // Serves until stop() is called from another thread.
    void run();
    void stop();
    bool tls() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace fbk::sync::hub::http
