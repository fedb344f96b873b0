// A child process for end-to-end tests: stdout comes through a pipe so a test can wait for a
// line (an event, not a sleep); stderr goes to a file that failing assertions print. The child
// is killed when the object goes out of scope.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace fbk::test {

using namespace std::chrono_literals;

class Process {
  public:
    Process(std::vector<std::string> argv, const std::filesystem::path& stderr_file);
    ~Process();
    Process(const Process&) = delete;
    Process& operator=(const Process&) = delete;

    // The next stdout line, or nullopt on EOF or timeout.
    std::optional<std::string> read_line(std::chrono::milliseconds timeout);
    // Reads until a line containing `needle`; throws with the stderr text on EOF or timeout.
    std::string wait_for_line(const std::string& needle, std::chrono::milliseconds timeout);
    // Waits for exit (pidfd + poll); returns the exit status, or -signal. Throws on timeout.
    int wait(std::chrono::milliseconds timeout);
    void signal(int signal_number);
    std::string stderr_text() const;
    std::string stdout_seen() const { return seen_; }
    pid_t pid() const { return pid_; }

  private:
    pid_t pid_ = -1;
    int pidfd_ = -1;
    int stdout_fd_ = -1;
    std::string buffer_;
    std::string seen_;
    std::filesystem::path stderr_file_;
    std::optional<int> status_;
};

// Runs to completion; returns {exit status, stdout}.
std::pair<int, std::string> run_command(std::vector<std::string> argv,
                                        const std::filesystem::path& stderr_file,
                                        std::chrono::milliseconds timeout = 60s);

// A port on 127.0.0.1 that was free a moment ago (for a server that must start later).
int free_loopback_port();

// A self-signed certificate for 127.0.0.1 (openssl req) into `cert` and its key into `key`;
// throws with openssl's output if it fails.
void make_loopback_certificate(const std::filesystem::path& dir, const std::string& cert,
                               const std::string& key);

}  // namespace fbk::test
