#include "tests/support/raw_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace fbk::test {

namespace {

using Clock = std::chrono::steady_clock;

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// A chunked body decoded; nullopt while incomplete.
std::optional<std::string> dechunk(const std::string& raw) {
    std::string out;
    for (std::size_t at = 0;;) {
        const auto line_end = raw.find("\r\n", at);
        if (line_end == std::string::npos) {
            return std::nullopt;
        }
        const std::size_t size = std::stoul(raw.substr(at, line_end - at), nullptr, 16);
        if (size == 0) {
            return raw.find("\r\n", line_end + 2) == std::string::npos ? std::nullopt
                                                                       : std::optional(out);
        }
        if (raw.size() < line_end + 2 + size + 2) {
            return std::nullopt;
        }
        out.append(raw, line_end + 2, size);
        at = line_end + 2 + size + 2;
    }
}

}  // namespace

std::string RawReply::header(const std::string& name) const {
    const std::string wanted = "\r\n" + lower(name) + ":";
    const std::string h = lower(head);
    const auto at = h.find(wanted);
    if (at == std::string::npos) {
        return "";
    }
    const auto start = head.find_first_not_of(' ', at + wanted.size());
    return head.substr(start, head.find("\r\n", start) - start);
}

RawConnection::RawConnection(int port, const std::string& source) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
        throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    }
    sockaddr_in from{};
    from.sin_family = AF_INET;
    inet_pton(AF_INET, source.c_str(), &from.sin_addr);
    sockaddr_in to{};
    to.sin_family = AF_INET;
    to.sin_port = htons(static_cast<std::uint16_t>(port));
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof from) != 0 ||
        ::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
        const std::string why = std::strerror(errno);
        ::close(fd_);
        throw std::runtime_error("connect from " + source + ": " + why);
    }
}

RawConnection::~RawConnection() {
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

bool RawConnection::send(const std::string& bytes) {
    for (std::size_t done = 0; done < bytes.size();) {
        const auto n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
        if (n <= 0) {
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

RawReply RawConnection::read_reply(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    RawReply reply;
    for (;;) {
        const auto head_end = buffer_.find("\r\n\r\n");
        if (head_end != std::string::npos) {
            reply.head = buffer_.substr(0, head_end + 2);
            const std::string rest = buffer_.substr(head_end + 4);
            const std::string length = reply.header("Content-Length");
            std::optional<std::string> body;
            if (lower(reply.header("Transfer-Encoding")) == "chunked") {
                body = dechunk(rest);
            } else if (!length.empty() && rest.size() >= std::stoul(length)) {
                body = rest.substr(0, std::stoul(length));
            }
            if (body) {
                reply.status = std::stoi(reply.head.substr(9, 3));
                reply.body = *body;
                buffer_.clear();
                return reply;
            }
        }
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd p{fd_, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            return {};
        }
        char chunk[16384];
        const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) {
            return {};
        }
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

bool RawConnection::closed_by_peer(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd p{fd_, POLLIN, 0};
        if (left.count() <= 0 || ::poll(&p, 1, static_cast<int>(left.count())) <= 0) {
            return false;
        }
        char chunk[4096];
        const auto n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) {
            return true;
        }
    }
}

RawReply raw_request(int port, const std::string& request, std::chrono::milliseconds timeout) {
    RawConnection c(port);
    c.send(request);
    return c.read_reply(timeout);
}

}  // namespace fbk::test
