#include "kiosk/app/replay_driver.h"

#include "sync/protocol/join.h"

namespace fbk::kiosk::app {

namespace {
constexpr std::int64_t kSyncCheckIntervalMs = 50;
constexpr std::int64_t kFindTargetMs = 5'000;
// "thanks|save-failed" matches either.
bool one_of(std::string_view name, std::string_view alternatives) {
    while (true) {
        const auto bar = alternatives.find('|');
        if (alternatives.substr(0, bar) == name) {
            return true;
        }
        if (bar == std::string_view::npos) {
            return false;
        }
        alternatives.remove_prefix(bar + 1);
    }
}

}  // namespace

void ReplayDriver::next() {
    ++index_;
    started_ms_ = -1;
    last_sync_check_ms_ = -1;
    hold_phase_ = 0;
}

ReplayAction ReplayDriver::fail(const ReplayCommand& cmd, const std::string& what) const {
    ReplayAction a;
    a.kind = ReplayAction::Kind::Failed;
    a.text = "replay " + script_.source + ":" + std::to_string(cmd.line) + ": " + what;
    return a;
}

ReplayAction ReplayDriver::poll(const ReplayView& view) {
    using Kind = ReplayCommand::Kind;
    while (index_ < script_.commands.size()) {
        if (!view.settled) {
            return {};
        }
        const ReplayCommand& cmd = script_.commands[index_];
        if (started_ms_ < 0) {
            started_ms_ = view.real_mono_ms;
        }
        const bool timed_out = view.real_mono_ms - started_ms_ > cmd.duration_ms;
        switch (cmd.kind) {
            case Kind::Think:
                think_ms_ = cmd.duration_ms;
                next();
                continue;
            case Kind::Hold: {
                if (hold_phase_ == 1) {
                    hold_phase_ = 2;
                    return {ReplayAction::Kind::Advance, 0, 0, cmd.duration_ms, {}};
                }
                if (hold_phase_ == 2) {
                    ReplayAction a{ReplayAction::Kind::Release, hold_x_, hold_y_, 0, {}};
                    next();
                    return a;
                }
                if (const ui::Rect* r = view.record.find_target(cmd.argument)) {
                    hold_phase_ = 1;
                    hold_x_ = r->center_x();
                    hold_y_ = r->center_y();
                    return {ReplayAction::Kind::Press, hold_x_, hold_y_, 0, {}};
                }
                if (view.real_mono_ms - started_ms_ > kFindTargetMs) {
                    return fail(cmd, "target '" + cmd.argument + "' never appeared (screen '" +
                                         view.screen + "')");
                }
                return {};
            }
            case Kind::Tap: {
                if (const ui::Rect* r = view.record.find_target(cmd.argument)) {
                    ReplayAction a{
                        ReplayAction::Kind::Tap, r->center_x(), r->center_y(), think_ms_, {}};
                    next();
                    return a;
                }
                if (timed_out) {
                    return fail(cmd, "target '" + cmd.argument + "' never appeared (screen '" +
                                         view.screen + "' offers: " +
                                         sync::protocol::join(view.record.target_ids()) + ")");
                }
                return {};
            }
            case Kind::WaitScreen:
                if (one_of(view.screen, cmd.argument)) {
                    next();
                    continue;
                }
                if (timed_out) {
                    return fail(cmd, "screen '" + cmd.argument + "' never came (still on '" +
                                         view.screen + "')");
                }
                return {};
            case Kind::WaitShown:
                if (view.record.shows(cmd.argument)) {
                    next();
                    continue;
                }
                if (timed_out) {
                    return fail(cmd, "'" + cmd.argument + "' was never shown (screen '" +
                                         view.screen + "')");
                }
                return {};
            case Kind::Screenshot: {
                ReplayAction a{ReplayAction::Kind::Screenshot, 0, 0, 0, cmd.argument};
                next();
                return a;
            }
            case Kind::Advance: {
                ReplayAction a{ReplayAction::Kind::Advance, 0, 0, cmd.duration_ms, {}};
                next();
                return a;
            }
            case Kind::Idle:
                if (view.real_mono_ms - started_ms_ >= cmd.duration_ms) {
                    next();
                    continue;
                }
                return {};
            case Kind::Key: {
                ReplayAction a{ReplayAction::Kind::Key, 0, 0, think_ms_, cmd.argument};
                next();
                return a;
            }
            case Kind::Headset: {
                ReplayAction a{ReplayAction::Kind::Headset, 0, 0, 0, {}};
                next();
                return a;
            }
            case Kind::WaitSpeech:
                if (view.speech_idle && view.speech_idle()) {
                    next();
                    continue;
                }
                if (timed_out) {
                    return fail(cmd, "speech did not finish");
                }
                return {};
            case Kind::Print: {
                ReplayAction a{ReplayAction::Kind::Print, 0, 0, 0, cmd.argument};
                next();
                return a;
            }
            case Kind::WaitSynced: {
                if (last_sync_check_ms_ >= 0 &&
                    view.real_mono_ms - last_sync_check_ms_ < kSyncCheckIntervalMs) {
                    return {};
                }
                last_sync_check_ms_ = view.real_mono_ms;
                const std::int64_t unsent = view.unsent_responses();
                if (unsent == 0) {
                    next();
                    continue;
                }
                if (timed_out) {
                    return fail(cmd, std::to_string(unsent) + " responses still unsent");
                }
                return {};
            }
        }
    }
    ReplayAction done;
    done.kind = ReplayAction::Kind::Finished;
    return done;
}

}  // namespace fbk::kiosk::app
