// A real, small filesystem for disk-full tests: a tmpfs of a few MiB mounted on a directory of
// the test, and a filler file that leaves only so many bytes free. Writes then fail with ENOSPC
// exactly as on a full SD card. Mounting needs root (CAP_SYS_ADMIN), as CI runs.
#pragma once

#include <cstdint>
#include <filesystem>

namespace fbk::test {

class SmallDisk {
  public:
    SmallDisk(const std::filesystem::path& mount_point, std::uint64_t size_bytes);
    ~SmallDisk();
    SmallDisk(const SmallDisk&) = delete;
    SmallDisk& operator=(const SmallDisk&) = delete;

    // Takes space until only about `bytes` remain free.
    void fill_leaving(std::uint64_t bytes);
    // Gives the space back.
    void free_filler();
    std::uint64_t free_bytes() const;

  private:
    std::filesystem::path mount_point_;
    std::filesystem::path filler_;
};

}  // namespace fbk::test
