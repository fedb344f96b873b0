#include "tests/support/small_disk.h"

#include <sys/mount.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fbk::test {

SmallDisk::SmallDisk(const std::filesystem::path& mount_point, std::uint64_t size_bytes)
    : mount_point_(mount_point), filler_(mount_point / ".filler") {
    std::filesystem::create_directories(mount_point_);
    const std::string options = "size=" + std::to_string(size_bytes) + ",mode=0755";
    if (mount("fbk-small-disk", mount_point_.c_str(), "tmpfs", MS_NOSUID | MS_NODEV,
              options.c_str()) != 0) {
        throw std::runtime_error("cannot mount a " + std::to_string(size_bytes) +
                                 "-byte tmpfs on " + mount_point_.string() + ": " +
                                 std::strerror(errno) +
                                 " (the disk-full tests need root or CAP_SYS_ADMIN, as CI has)");
    }
}

SmallDisk::~SmallDisk() {
    umount2(mount_point_.c_str(), MNT_DETACH);
}

void SmallDisk::fill_leaving(std::uint64_t bytes) {
    const std::uint64_t available = free_bytes();
    if (available <= bytes) {
        return;
    }
    std::ofstream out(filler_, std::ios::binary | std::ios::app);
    const std::vector<char> block(64 * 1024, 'x');
    std::uint64_t left = available - bytes;
    while (left > 0) {
        const auto n = static_cast<std::streamsize>(std::min<std::uint64_t>(left, block.size()));
        out.write(block.data(), n);
        left -= static_cast<std::uint64_t>(n);
    }
    out.flush();
    if (!out) {
        throw std::runtime_error("could not write the filler on " + mount_point_.string());
    }
}

void SmallDisk::free_filler() {
    std::filesystem::remove(filler_);
}

std::uint64_t SmallDisk::free_bytes() const {
    return std::filesystem::space(mount_point_).available;
}

}  // namespace fbk::test
