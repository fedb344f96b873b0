#include "kiosk/app/replay_driver.h"

#include <algorithm>

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

std::optional<ReplayAction> ReplayDriver::touch(const ReplayCommand& cmd, const ReplayView& view,
                                                bool timed_out) {
    if (cmd.kind == ReplayCommand::Kind::Hold) {
        if (hold_phase_ == 1) {
            hold_phase_ = 2;
            return ReplayAction{ReplayAction::Kind::Advance, 0, 0, cmd.duration_ms, {}};
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
            return ReplayAction{ReplayAction::Kind::Press, hold_x_, hold_y_, 0, {}};
        }
        if (view.real_mono_ms - started_ms_ > kFindTargetMs) {
            return fail(
                cmd, "target '" + cmd.argument + "' never appeared (screen '" + view.screen + "')");
        }
        return ReplayAction{};
    }
    if (const ui::Rect* r = view.record.find_target(cmd.argument)) {
        ReplayAction a{ReplayAction::Kind::Tap, r->center_x(), r->center_y(), think_ms_, {}};
        next();
        return a;
    }
    if (timed_out) {
        return fail(cmd, "target '" + cmd.argument + "' never appeared (screen '" + view.screen +
                             "' offers: " + sync::protocol::join(view.record.target_ids()) + ")");
    }
    return ReplayAction{};
}

std::optional<ReplayAction> ReplayDriver::wait_for(const ReplayCommand& cmd, const ReplayView& view,
                                                   bool timed_out) {
    using Kind = ReplayCommand::Kind;
    bool met = false;
    std::string never;
    switch (cmd.kind) {
        case Kind::WaitScreen:
            met = one_of(view.screen, cmd.argument);
            never = "screen '" + cmd.argument + "' never came (still on '" + view.screen + "')";
            break;
        case Kind::WaitShown:
            met = view.record.shows(cmd.argument);
            never = "'" + cmd.argument + "' was never shown (screen '" + view.screen + "')";
            break;
        case Kind::WaitText:
            met = std::any_of(
                view.record.texts().begin(), view.record.texts().end(),
                [&](const auto& t) { return t.text.find(cmd.argument) != std::string::npos; });
            never = "no text on screen '" + view.screen + "' contains '" + cmd.argument + "'";
            break;
        case Kind::Idle:
            met = view.real_mono_ms - started_ms_ >= cmd.duration_ms;
            timed_out = false;  // idling is waiting for the time itself
            break;
        case Kind::WaitSpeech:
            met = view.speech_idle && view.speech_idle();
            never = "speech did not finish";
            break;
        case Kind::WaitSynced: {
            if (last_sync_check_ms_ >= 0 &&
                view.real_mono_ms - last_sync_check_ms_ < kSyncCheckIntervalMs) {
                return ReplayAction{};
            }
            last_sync_check_ms_ = view.real_mono_ms;
            const std::int64_t unsent = view.unsent_responses();
            met = unsent == 0;
            never = std::to_string(unsent) + " responses still unsent";
            break;
        }
        default:
            break;
    }
    if (met) {
        next();
        return std::nullopt;
    }
    return timed_out ? fail(cmd, never) : ReplayAction{};
}

std::optional<ReplayAction> ReplayDriver::instant(const ReplayCommand& cmd) {
    using Kind = ReplayCommand::Kind;
    std::optional<ReplayAction> a;
    switch (cmd.kind) {
        case Kind::Think:
            think_ms_ = cmd.duration_ms;
            break;
        case Kind::Screenshot:
            a = ReplayAction{ReplayAction::Kind::Screenshot, 0, 0, 0, cmd.argument};
            break;
        case Kind::Advance:
            a = ReplayAction{ReplayAction::Kind::Advance, 0, 0, cmd.duration_ms, {}};
            break;
        case Kind::Key:
            a = ReplayAction{ReplayAction::Kind::Key, 0, 0, think_ms_, cmd.argument};
            break;
        case Kind::Headset:
            a = ReplayAction{ReplayAction::Kind::Headset, 0, 0, 0, {}};
            break;
        case Kind::Print:
            a = ReplayAction{ReplayAction::Kind::Print, 0, 0, 0, cmd.argument};
            break;
        default:
            break;
    }
    next();
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
        std::optional<ReplayAction> action;
        switch (cmd.kind) {
            case Kind::Hold:
            case Kind::Tap:
                action = touch(cmd, view, timed_out);
                break;
            case Kind::WaitScreen:
            case Kind::WaitShown:
            case Kind::WaitText:
            case Kind::Idle:
            case Kind::WaitSpeech:
            case Kind::WaitSynced:
                action = wait_for(cmd, view, timed_out);
                break;
            case Kind::Think:
            case Kind::Screenshot:
            case Kind::Advance:
            case Kind::Key:
            case Kind::Headset:
            case Kind::Print:
                action = instant(cmd);
                break;
        }
        if (action) {
            return *action;
        }
    }
    ReplayAction done;
    done.kind = ReplayAction::Kind::Finished;
    return done;
}

}  // namespace fbk::kiosk::app
