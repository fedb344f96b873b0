// A fresh directory under $TMPDIR, removed with everything in it when the test ends.
#pragma once

#include <filesystem>
#include <string>

namespace fbk::test {

class TempDir {
  public:
    explicit TempDir(const std::string& prefix = "fbk-test");
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

  private:
    std::filesystem::path path_;
};

void write_file(const std::filesystem::path& file, const std::string& text);
std::string read_file(const std::filesystem::path& file);

}  // namespace fbk::test
