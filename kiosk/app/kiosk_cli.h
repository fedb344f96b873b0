// The feedback-kiosk command line (names fixed by DESIGN "Command-line contract").
#pragma once

#include <span>
#include <string_view>

namespace fbk::kiosk::app {

int run_kiosk_cli(std::span<const std::string_view> args);

}  // namespace fbk::kiosk::app
