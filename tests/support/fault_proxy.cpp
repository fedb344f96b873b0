#include "tests/support/fault_proxy.h"

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <memory>
#include <random>
#include <stdexcept>

namespace fbk::test {

namespace {

std::int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

// Where the message that starts at the beginning of `buffer` ends, or npos if more is needed.
std::size_t message_end(const std::string& buffer) {
    const std::size_t header_end = buffer.find("\r\n\r\n");
    if (header_end == std::string::npos) {
        return std::string::npos;
    }
    const std::string headers = lower(buffer.substr(0, header_end + 2));
    const std::size_t body_start = header_end + 4;
    if (headers.find("\r\ntransfer-encoding: chunked\r\n") != std::string::npos) {
        std::size_t pos = body_start;
        while (true) {
            const std::size_t line_end = buffer.find("\r\n", pos);
            if (line_end == std::string::npos) {
                return std::string::npos;
            }
            const std::size_t size = std::stoul(buffer.substr(pos, line_end - pos), nullptr, 16);
            if (size == 0) {
                const std::size_t end = buffer.find("\r\n", line_end + 2);
                return end == std::string::npos ? end : end + 2;
            }
            pos = line_end + 2 + size + 2;
            if (pos > buffer.size()) {
                return std::string::npos;
            }
        }
    }
    std::size_t length = 0;
    if (const auto at = headers.find("\r\ncontent-length:"); at != std::string::npos) {
        length = std::stoul(headers.substr(at + 17));
    }
    return buffer.size() >= body_start + length ? body_start + length : std::string::npos;
}

// Reads from `fd` until `buffer` starts with a whole HTTP message, and moves it to `message`.
bool read_message(int fd, std::string& buffer, std::string& message) {
    char chunk[16384];
    std::size_t end = message_end(buffer);
    while (end == std::string::npos) {
        const ssize_t n = recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0) {
            return false;
        }
        buffer.append(chunk, static_cast<std::size_t>(n));
        end = message_end(buffer);
    }
    message = buffer.substr(0, end);
    buffer.erase(0, end);
    return true;
}

bool send_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
        if (n <= 0) {
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

int connect_loopback(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    if (fd < 0 || connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        if (fd >= 0) {
            close(fd);
        }
        return -1;
    }
    const int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

void reset_and_close(int fd) {
    const linger abort_on_close{1, 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort_on_close, sizeof abort_on_close);
    close(fd);
}

}  // namespace

std::string_view to_string(Fault fault) {
    switch (fault) {
        case Fault::None:
            return "none";
        case Fault::DropReply:
            return "dropped reply";
        case Fault::CutReply:
            return "reply cut mid-body";
        case Fault::Hang:
            return "hang";
        case Fault::Reset:
            return "reset";
        case Fault::Reply:
            return "canned reply";
    }
    return "?";
}

std::string http_reply(int status, const std::string& body,
                       const std::vector<std::string>& extra_headers) {
    std::string out = "HTTP/1.1 " + std::to_string(status) + " Fault\r\n";
    for (const auto& h : extra_headers) {
        out += h + "\r\n";
    }
    out += "Content-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
    return out + body;
}

FaultProxy::FaultProxy(int upstream_port) : upstream_port_(upstream_port) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (listen_fd_ < 0 || bind(listen_fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        listen(listen_fd_, 64) != 0 ||
        getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        throw std::runtime_error("fault proxy: cannot listen on 127.0.0.1");
    }
    port_ = ntohs(addr.sin_port);
    acceptor_ = std::thread([this] { accept_loop(); });
}

FaultProxy::~FaultProxy() {
    stopping_ = true;
    shutdown(listen_fd_, SHUT_RDWR);
    acceptor_.join();
    close(listen_fd_);
    {
        const std::lock_guard lock(mutex_);
        for (const int fd : open_fds_) {
            shutdown(fd, SHUT_RDWR);  // wakes the connection threads' blocking reads
        }
    }
    for (auto& t : connections_) {
        t.join();
    }
}

void FaultProxy::set_policy(Policy policy) {
    const std::lock_guard lock(mutex_);
    policy_ = std::move(policy);
}

std::vector<ProxiedRequest> FaultProxy::requests() const {
    const std::lock_guard lock(mutex_);
    return requests_;
}

std::vector<int> FaultProxy::reply_statuses() const {
    const std::lock_guard lock(mutex_);
    return reply_statuses_;
}

bool FaultProxy::wait_for_requests(std::size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return replied_.wait_for(lock, timeout, [&] { return requests_.size() >= n; });
}

bool FaultProxy::wait_for_reply_status(int status, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return replied_.wait_for(lock, timeout, [&] {
        return std::find(reply_statuses_.begin(), reply_statuses_.end(), status) !=
               reply_statuses_.end();
    });
}

std::map<Fault, std::int64_t> FaultProxy::faults() const {
    const std::lock_guard lock(mutex_);
    return faults_;
}

void FaultProxy::accept_loop() {
    while (!stopping_) {
        const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) {
                continue;
            }
            return;
        }
        const std::lock_guard lock(mutex_);
        if (stopping_) {
            close(fd);
            return;
        }
        open_fds_.insert(fd);
        connections_.emplace_back([this, fd] { serve(fd); });
    }
}

FaultAction FaultProxy::decide(const ProxiedRequest& request) {
    Policy policy;
    {
        const std::lock_guard lock(mutex_);
        requests_.push_back(request);
        policy = policy_;
        replied_.notify_all();
    }
    FaultAction action = policy ? policy(request) : FaultAction{};
    if (action.fault != Fault::None) {
        const std::lock_guard lock(mutex_);
        ++faults_[action.fault];
    }
    return action;
}

void FaultProxy::serve(int client) {
    int upstream = -1;
    const auto track = [this](int fd, bool open) {
        const std::lock_guard lock(mutex_);
        open ? static_cast<void>(open_fds_.insert(fd)) : static_cast<void>(open_fds_.erase(fd));
    };
    std::string from_client;
    std::string from_upstream;
    std::string request;
    std::string reply;
    bool reset = false;
    while (!stopping_ && read_message(client, from_client, request)) {
        ProxiedRequest seen;
        {
            const std::lock_guard lock(mutex_);
            seen.number = static_cast<std::int64_t>(requests_.size()) + 1;
        }
        const std::size_t space = request.find(' ');
        seen.method = request.substr(0, space);
        seen.path = request.substr(space + 1, request.find(' ', space + 1) - space - 1);
        seen.at_ms = steady_ms();
        const FaultAction action = decide(seen);
        if (action.fault == Fault::Hang) {
            char sink[4096];
            while (!stopping_ && recv(client, sink, sizeof sink, 0) > 0) {
            }
            break;
        }
        if (action.fault == Fault::Reset) {
            reset = true;
            break;
        }
        if (action.fault == Fault::Reply) {
            send_all(client, action.canned_reply);
            break;
        }
        if (upstream < 0) {
            upstream = connect_loopback(upstream_port_);
            if (upstream < 0) {
                reset = true;  // the hub is down: the client sees a refused/reset connection
                break;
            }
            track(upstream, true);
        }
        if (!send_all(upstream, request) || !read_message(upstream, from_upstream, reply)) {
            break;
        }
        if (reply.starts_with("HTTP/1.1 ") && reply.size() >= 12) {
            const std::lock_guard lock(mutex_);
            reply_statuses_.push_back(std::stoi(reply.substr(9, 3)));
            replied_.notify_all();
        }
        if (action.fault == Fault::DropReply) {
            break;
        }
        if (action.fault == Fault::CutReply) {
            send_all(client, std::string_view(reply).substr(0, reply.size() / 2));
            break;
        }
        if (!send_all(client, reply)) {
            break;
        }
    }
    if (upstream >= 0) {
        track(upstream, false);
        close(upstream);
    }
    track(client, false);
    reset ? reset_and_close(client) : static_cast<void>(close(client));
}

FaultProxy::Policy lossy_link(double loss, std::uint64_t seed) {
    auto rng = std::make_shared<std::mt19937_64>(seed);
    auto mutex = std::make_shared<std::mutex>();
    return [rng, mutex, loss](const ProxiedRequest&) {
        const std::lock_guard lock(*mutex);
        if (std::uniform_real_distribution<double>(0, 1)(*rng) >= loss) {
            return FaultAction{};
        }
        static constexpr Fault kKinds[] = {Fault::DropReply, Fault::CutReply, Fault::Reset,
                                           Fault::Hang};
        return FaultAction{kKinds[std::uniform_int_distribution<int>(0, 3)(*rng)], {}};
    };
}

}  // namespace fbk::test
