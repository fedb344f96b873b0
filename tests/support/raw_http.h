// HTTP/1.1 as bytes, for tests that must send what no well-behaved client would (invalid
// UTF-8 in a path, a Content-Length with no body, a cut gzip stream) or must choose the source
// address a connection comes from (any of 127.0.0.0/8).
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace fbk::test {

using namespace std::chrono_literals;

struct RawReply {
    int status = 0;  // 0: no reply (closed or timed out first)
    std::string head;
    std::string body;                                   // de-chunked
    std::string header(const std::string& name) const;  // case-insensitive, "" if absent
};

// A connected TCP socket to 127.0.0.1:port from `source` (port chosen by the kernel), closed
// when the object is. connect_to() throws on failure.
class RawConnection {
  public:
    RawConnection(int port, const std::string& source = "127.0.0.1");
    ~RawConnection();
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    int fd() const { return fd_; }
    // False when the peer has reset the connection.
    bool send(const std::string& bytes);
    // One whole reply, or status 0 when the connection ends first or `timeout` passes.
    RawReply read_reply(std::chrono::milliseconds timeout = 10s);
    // True when the peer closed (or reset) the connection within `timeout`.
    bool closed_by_peer(std::chrono::milliseconds timeout);

  private:
    int fd_ = -1;
    std::string buffer_;
};

// Sends `request` (which should say "Connection: close") and reads the reply.
RawReply raw_request(int port, const std::string& request, std::chrono::milliseconds timeout = 10s);

}  // namespace fbk::test
