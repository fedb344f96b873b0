// Where this build's binaries and the source checkout are (set by tests/CMakeLists.txt).
#pragma once

#include <filesystem>
#include <string>

namespace fbk::test {

inline std::filesystem::path source_dir() {
    return FBK_SOURCE_DIR;
}

}  // namespace fbk::test
