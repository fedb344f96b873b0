#include "sync/service/install_layout.h"

#include <system_error>

#ifndef FBK_ASSETS_DIR
#error "FBK_ASSETS_DIR must be defined by the build"
#endif

namespace fbk::sync::service {

std::filesystem::path assets_dir(std::string_view package) {
    std::error_code error;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", error);
    if (!error && exe.parent_path().filename() == "bin") {
        auto installed = exe.parent_path().parent_path() / "share" / package;
        if (std::filesystem::is_directory(installed, error)) {
            return installed;
        }
    }
    return FBK_ASSETS_DIR;
}

}  // namespace fbk::sync::service
