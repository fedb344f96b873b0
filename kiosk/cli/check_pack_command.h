#pragma once

#include <filesystem>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "kiosk/app/screen_tour.h"

namespace fbk::kiosk::cli {

struct CheckPackOptions {
    std::filesystem::path file;
    // --display WxH [--dpi N]: also draw every patient screen at that size and check the
    // layout rules (screen_tour.h).
    std::optional<app::PanelSize> panel;
};

// "FILE [--display WxH] [--dpi N]"; nullopt with `error` saying what is wrong.
std::optional<CheckPackOptions> parse_check_pack_args(std::span<const std::string_view> args,
                                                      std::string& error);

// `feedback-kiosk check-pack FILE`: every problem on its own line as FILE: JSON-PATH: problem.
// Returns 0 when the pack is usable (warnings allowed), 1 otherwise.
int check_pack(const CheckPackOptions& options, std::ostream& out, std::ostream& err);

}  // namespace fbk::kiosk::cli
