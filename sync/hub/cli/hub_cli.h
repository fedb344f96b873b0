// The feedback-hub command line (README "Command line"; scripts and tests rely on the names).
#pragma once

#include <span>
#include <string_view>

namespace fbk::sync::hub {

// Returns the process exit code: 0 success, 1 failure, 2 usage error.
int run_hub_cli(std::span<const std::string_view> args);

}  // namespace fbk::sync::hub
