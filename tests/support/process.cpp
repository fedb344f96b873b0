#include "tests/support/process.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;

namespace fbk::test {

namespace {

int remaining_ms(std::chrono::steady_clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    return static_cast<int>(std::max<std::int64_t>(0, left.count()));
}

}  // namespace

Process::Process(std::vector<std::string> argv, const std::filesystem::path& stderr_file)
    : stderr_file_(stderr_file) {
    int out_pipe[2];
    if (pipe2(out_pipe, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe2 failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    std::vector<char*> args;
    for (auto& a : argv) {
        args.push_back(a.data());
    }
    args.push_back(nullptr);
    const int rc = posix_spawn(&pid_, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(out_pipe[1]);
    if (rc != 0) {
        close(out_pipe[0]);
        throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    }
    stdout_fd_ = out_pipe[0];
    pidfd_ = static_cast<int>(syscall(SYS_pidfd_open, pid_, 0));
    if (pidfd_ < 0) {
        throw std::runtime_error("pidfd_open failed");
    }
}

Process::~Process() {
    if (!status_) {
        kill(pid_, SIGKILL);
        int st = 0;
        waitpid(pid_, &st, 0);
    }
    close(stdout_fd_);
    close(pidfd_);
}

std::optional<std::string> Process::read_line(std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        if (const auto nl = buffer_.find('\n'); nl != std::string::npos) {
            std::string line = buffer_.substr(0, nl);
            buffer_.erase(0, nl + 1);
            seen_ += line + "\n";
            return line;
        }
        pollfd p{stdout_fd_, POLLIN, 0};
        const int ready = poll(&p, 1, remaining_ms(deadline));
        if (ready <= 0) {
            return std::nullopt;
        }
        char chunk[4096];
        const ssize_t n = read(stdout_fd_, chunk, sizeof chunk);
        if (n <= 0) {
            return std::nullopt;
        }
        buffer_.append(chunk, static_cast<std::size_t>(n));
    }
}

std::string Process::wait_for_line(const std::string& needle, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
        const auto line = read_line(std::chrono::milliseconds(remaining_ms(deadline)));
        if (!line) {
            throw std::runtime_error("no output line containing '" + needle + "'; stdout:\n" +
                                     seen_ + "stderr:\n" + stderr_text());
        }
        if (line->find(needle) != std::string::npos) {
            return *line;
        }
    }
}

int Process::wait(std::chrono::milliseconds timeout) {
    if (!status_) {
        pollfd p{pidfd_, POLLIN, 0};
        if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) {
            throw std::runtime_error("process " + std::to_string(pid_) +
                                     " did not exit; stderr:\n" + stderr_text());
        }
        int st = 0;
        waitpid(pid_, &st, 0);
        status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
    }
    return *status_;
}

void Process::signal(int signal_number) {
    if (!status_) {
        kill(pid_, signal_number);
    }
}

std::string Process::stderr_text() const {
    std::ifstream in(stderr_file_);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::pair<int, std::string> run_command(std::vector<std::string> argv,
                                        const std::filesystem::path& stderr_file,
                                        std::chrono::milliseconds timeout) {
    Process p(std::move(argv), stderr_file);
    std::string out;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (auto line = p.read_line(std::chrono::milliseconds(remaining_ms(deadline)))) {
        out += *line + "\n";
    }
    const int status = p.wait(std::chrono::milliseconds(remaining_ms(deadline)));
    return {status, out};
}

int free_loopback_port() {
    const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        close(fd);
        throw std::runtime_error("cannot find a free port");
    }
    close(fd);
    return ntohs(addr.sin_port);
}

void make_loopback_certificate(const std::filesystem::path& dir, const std::string& cert,
                               const std::string& key) {
    const auto [status, out] = run_command(
        {"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj",
         "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", key, "-out", cert},
        dir / "openssl.log");
    if (status != 0) {
        std::ifstream log(dir / "openssl.log");
        throw std::runtime_error("openssl req failed: " +
                                 std::string(std::istreambuf_iterator<char>(log), {}));
    }
}

}  // namespace fbk::test
