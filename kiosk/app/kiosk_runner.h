// `feedback-kiosk run`: the screen, the flow, the outbox and the background uploader in one
// event loop that draws only when something changed.
#pragma once

#include <cstdint>
#include <filesystem>

#include "kiosk/core/kiosk_config.h"

namespace fbk::kiosk::app {

struct RunOptions {
    bool headless = false;
    bool windowed = false;
    std::filesystem::path replay;       // empty: no script, a patient uses the screen
    std::filesystem::path screenshots;  // empty: screenshot commands are skipped
    // Speech mode's utterances as WAV files + speech.log (tests, demos); empty: not recorded.
    std::filesystem::path speech_out;
    // Debugging the service: the main loop hangs this long after start (-1: never), so the
    // systemd watchdog's restart can be tested.
    std::int64_t debug_hang_after_ms = -1;
};

// Exit codes: 0 normal end (window closed, signal, script finished), 1 startup failure,
// 3 replay script failed, kExitRestart: a newer survey pack is installed, start again to use it.
inline constexpr int kExitRestart = 4;
int run_kiosk(const core::KioskConfig& config, const RunOptions& options);

}  // namespace fbk::kiosk::app
