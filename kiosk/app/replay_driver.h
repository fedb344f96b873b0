// Runs a replay script against the live kiosk loop: each poll looks at the last drawn frame and
// returns what the loop should do next. Commands start only when the UI has settled (no input
// waiting for a frame, no redraw due), so a tap never lands on a half-drawn screen.
#pragma once

#include <optional>

#include <cstdint>
#include <functional>
#include <string>

#include "kiosk/app/replay_script.h"
#include "kiosk/ui/screen_record.h"

namespace fbk::kiosk::app {

struct ReplayView {
    const std::string& screen;
    const ui::ScreenRecord& record;
    bool settled = false;
    std::int64_t real_mono_ms = 0;  // timeouts use real time, not the kiosk's (advanceable) clock
    std::function<std::int64_t()> unsent_responses;
    std::function<bool()> speech_idle;
};

struct ReplayAction {
    // Tap: advance the kiosk's clock by `ms` (think time), then touch (x, y).
    enum class Kind {
        Wait,
        Tap,
        Press,
        Release,
        Screenshot,
        Advance,
        Print,
        Key,
        Headset,
        Finished,
        Failed
    };
    Kind kind = Kind::Wait;
    float x = 0;
    float y = 0;
    std::int64_t ms = 0;
    std::string text;  // screenshot name, print text, key name or failure message
};

class ReplayDriver {
  public:
    explicit ReplayDriver(ReplayScript script) : script_(std::move(script)) {}
    ReplayAction poll(const ReplayView& view);

  private:
    ReplayAction fail(const ReplayCommand& cmd, const std::string& what) const;
    void next();
    // Each returns the action to take now (an empty one: wait), or nullopt when the command is
    // done and the next one can run in the same poll.
    std::optional<ReplayAction> touch(const ReplayCommand& cmd, const ReplayView& view,
                                      bool timed_out);
    std::optional<ReplayAction> wait_for(const ReplayCommand& cmd, const ReplayView& view,
                                         bool timed_out);
    std::optional<ReplayAction> instant(const ReplayCommand& cmd);

    ReplayScript script_;
    std::size_t index_ = 0;
    std::int64_t started_ms_ = -1;
    std::int64_t last_sync_check_ms_ = -1;
    std::int64_t think_ms_ = 1'000;
    int hold_phase_ = 0;  // 0 find and press, 1 advance the clock, 2 release
    float hold_x_ = 0;
    float hold_y_ = 0;
};

}  // namespace fbk::kiosk::app
