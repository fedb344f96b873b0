#include "tests/bench/child.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <cstring>
#include <stdexcept>

extern char** environ;

namespace fbk::bench {

ChildGroup::ChildGroup(const std::vector<std::string>& argv,
                       const std::filesystem::path& log_file) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, log_file.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    std::vector<std::string> args = argv;
    std::vector<char*> raw;
    for (auto& a : args) {
        raw.push_back(a.data());
    }
    raw.push_back(nullptr);
    const int rc = posix_spawnp(&pid_, raw[0], &actions, &attr, raw.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    if (rc != 0) {
        throw std::runtime_error("cannot start " + argv[0] + ": " + std::strerror(rc));
    }
}

ChildGroup::~ChildGroup() {
    ::kill(-pid_, SIGKILL);
    wait();
}

int ChildGroup::wait() {
    if (!reaped_) {
        int st = 0;
        waitpid(pid_, &st, 0);
        reaped_ = true;
        status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
    }
    return status_;
}

void ChildGroup::terminate() {
    ::kill(-pid_, SIGTERM);
}

}  // namespace fbk::bench
