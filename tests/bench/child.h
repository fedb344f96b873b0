// A child process in its own process group, so that a browser and every helper it forks can be
// measured and stopped together.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace fbk::bench {

class ChildGroup {
  public:
    ChildGroup(const std::vector<std::string>& argv, const std::filesystem::path& log_file);
    ~ChildGroup();  // SIGKILL to the whole group, then reaps the leader
    ChildGroup(const ChildGroup&) = delete;
    ChildGroup& operator=(const ChildGroup&) = delete;

    pid_t pid() const { return pid_; }
    // Waits for the leader to exit; returns its exit status or -signal.
    int wait();
    void terminate();  // SIGTERM to the group

  private:
    pid_t pid_ = -1;
    bool reaped_ = false;
    int status_ = 0;
};

}  // namespace fbk::bench
