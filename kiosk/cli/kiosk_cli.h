// The feedback-kiosk command line (README "Command line"; scripts and tests rely on the names).
#pragma once

#include <span>
#include <string_view>

namespace fbk::kiosk::cli {

int run_kiosk_cli(std::span<const std::string_view> args);

}  // namespace fbk::kiosk::cli
