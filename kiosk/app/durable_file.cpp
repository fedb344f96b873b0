#include "kiosk/app/durable_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace fbk::kiosk::app {

namespace {

[[noreturn]] void fail(const std::string& what, const std::string& file) {
    throw std::runtime_error(what + " " + file + ": " + std::strerror(errno));
}

}  // namespace

void replace_file_durably(const std::filesystem::path& file, std::string_view text, mode_t mode) {
    const std::string temp = file.string() + ".new";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) {
        fail("cannot create", temp);
    }
    for (std::size_t done = 0; done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            ::close(fd);
            fail("cannot write (disk full?)", temp);
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fchmod(fd, mode) != 0 || ::fsync(fd) != 0) {
        ::close(fd);
        fail("cannot flush", temp);
    }
    if (::close(fd) != 0) {
        fail("cannot flush", temp);
    }
    if (::rename(temp.c_str(), file.c_str()) != 0) {
        fail("cannot rename " + temp + " to", file.string());
    }
    const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    const int dir_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
        ::fsync(dir_fd);
        ::close(dir_fd);
    }
}

}  // namespace fbk::kiosk::app
