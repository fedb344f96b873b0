// Where an installed program finds its read-only data. A package puts the binary in
// <prefix>/bin and its data in <prefix>/share/<package>; a build tree reads the source checkout.
// Deciding at run time lets one build be both tested in place and packaged (deploy/package).
#pragma once

#include <filesystem>
#include <string_view>

namespace fbk::sync::service {

// <prefix>/share/<package> when the running executable is installed under <prefix>/bin and
// that directory exists; otherwise the build's source assets/ directory.
std::filesystem::path assets_dir(std::string_view package);

}  // namespace fbk::sync::service
