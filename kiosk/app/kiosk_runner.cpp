// The running kiosk: the main loop, which draws only when something changed, and the wiring of
// what it drives. Long because the runner owns every collaborator of a running kiosk (display,
// fonts, outbox, uploader, speech, chime, backlight, watchdog, replay) and their setup; its
// rules are pure and tested in kiosk/core (idle_policy.h, assist_navigation.h, staff_view.h),
// and the commands are in kiosk/cli.
#include "kiosk/app/kiosk_runner.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <deque>
#include <iostream>
#include <limits>
#include <mutex>
#include <optional>
#include <tuple>
#include <utility>
#include <variant>

#include "kiosk/app/central_settings_file.h"
#include "kiosk/app/hub_connection.h"
#include "kiosk/app/kiosk_assets.h"
#include "kiosk/app/pack_update.h"
#include "kiosk/app/replay_driver.h"
#include "kiosk/app/staff_stage_file.h"
#include "kiosk/app/storage_health.h"
#include "kiosk/core/assist_navigation.h"
#include "kiosk/core/idle_policy.h"
#include "kiosk/core/staff_view.h"
#include "kiosk/ui/kiosk_ui.h"
#include "kiosk/ui/screen_reader.h"
#include "platform/backlight.h"
#include "platform/chime.h"
#include "platform/clock.h"
#include "platform/display.h"
#include "platform/random.h"
#include "platform/speech.h"
#include "sync/outbox/outbox.h"
#include "sync/protocol/uuid.h"
#include "sync/service/service_notify.h"
#include "sync/uploader/background_uploader.h"

namespace fbk::kiosk::app {

namespace protocol = fbk::sync::protocol;

namespace {

// Redraw this many frames after a change: Dear ImGui settles layout and hover on the second.
constexpr int kFramesPerChange = 2;
// Longest sleep with nothing scheduled; bounds how late a signal is noticed headless.
constexpr std::int64_t kMaxIdleWaitMs = 60'000;
constexpr std::int64_t kReplayPollMs = 5;

// Frame times since the last summary: what a replay prints as "{frame_times}" (benchmarks).
class FrameTimes {
  public:
    void add(std::int64_t us) {
        if (us_.size() < 100'000) {
            us_.push_back(us);
        }
    }
    // "frames 40, p50 3.10 ms, p95 4.02 ms, max 5.77 ms"; the times are then forgotten.
    std::string take_summary() {
        if (us_.empty()) {
            return "frames 0";
        }
        std::sort(us_.begin(), us_.end());
        const auto ms = [&](double p) {
            const auto us = us_[static_cast<std::size_t>(p * static_cast<double>(us_.size() - 1))];
            char text[32];
            std::snprintf(text, sizeof text, "%.2f ms", static_cast<double>(us) / 1000.0);
            return std::string(text);
        };
        std::string out = "frames " + std::to_string(us_.size()) + ", p50 " + ms(0.5) + ", p95 " +
                          ms(0.95) + ", max " + ms(1.0);
        us_.clear();
        return out;
    }

  private:
    std::vector<std::int64_t> us_;
};

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};

class KioskRunner {
  public:
    // `local`: the configuration file; `config`: it with the hub's kept settings, if any.
    KioskRunner(const core::KioskConfig& local, const core::KioskConfig& config,
                const RunOptions& options, std::unique_ptr<KioskAssets> assets)
        : local_(local),
          config_(config),
          shared_config_(std::make_shared<const core::KioskConfig>(config)),
          options_(options),
          assets_(std::move(assets)),
          boot_id_(platform::read_boot_id()),
          outbox_(prepare_data_dir(config.data_dir) / "outbox.sqlite3"),
          uploader_(
              config.data_dir / "outbox.sqlite3",
              sync::uploader::make_curl_client(hub_connection(config)),
              // The flow's clock, so a replay's virtual time is the same in responses and batches.
              uploader_settings(),
              {[this] { return clock_.wall_ms(); }, [this] { return clock_.mono_ms(); }}),
          display_(
              {options.headless, options.windowed, config.width, config.height, config.rotation}) {
        const auto texts = assets_->all_texts();
        display_.keep_glyph_plan_in(glyph_plan_file(config_));
        fonts_ = ui::load_ui_fonts(display_, texts, config_.dpi,
                                   static_cast<float>(config_.viewing_distance_mm), false);
        state_ = core::State{};
        state_.screen_since_mono_ms = clock_.mono_ms();
        staff_stage_ = read_staff_stage(staff_stage_file());
    }

    int run(std::optional<ReplayScript> script) {
        std::optional<ReplayDriver> replay;
        if (script) {
            replay.emplace(std::move(*script));
        }
        const auto ctx = context();
        std::cerr << "feedback-kiosk: kiosk " << config_.kiosk_id << ", stage "
                  << (ctx.stage.ask_patient() ? "asked" : ctx.stage.stage) << " ("
                  << protocol::to_string(ctx.stage.source) << "), pack " << assets_->pack.id << " v"
                  << assets_->pack.version << ", video " << display_.video_driver() << " "
                  << display_.width() << "x" << display_.height() << "\n";
        // systemd hears STOPPING=1 however the loop ends.
        struct StopNotice {
            sync::service::ServiceNotifier& notifier;
            ~StopNotice() { notifier.stopping(); }
        } stop_notice{notifier_};
        started_ms_ = platform::monotonic_now_ms();
        int frames_due = kFramesPerChange;
        while (true) {
            const std::int64_t real_now = platform::monotonic_now_ms();
            if (options_.debug_hang_after_ms >= 0 &&
                real_now - started_ms_ >= options_.debug_hang_after_ms) {
                hang_on_purpose();
            }
            auto pumped = display_.pump_events(wait_ms(frames_due, replay.has_value(), real_now));
            if (pumped.quit) {
                apply(core::event::Abandon{});
                return 0;
            }
            take_input(pumped, frames_due);
            if (frames_due > 0 || display_.input_pending()) {
                const bool changed = draw_frame({});
                frames_due = changed ? kFramesPerChange : std::max(0, frames_due - 1);
                if (!announced_ready_) {
                    notifier_.ready();  // the first frame is on screen
                    announced_ready_ = true;
                }
            }
            if (adopt_pending_settings()) {
                frames_due = kFramesPerChange;
            }
            if (!replay && pack_installed_ && ready_to_restart()) {
                std::cerr << "feedback-kiosk: starting again to use the new survey pack\n";
                return kExitRestart;
            }
            if (replay) {
                const bool settled = frames_due == 0 && !display_.input_pending();
                const auto exit_code = follow_replay(*replay, settled);
                if (exit_code) {
                    apply(core::event::Abandon{});
                    return *exit_code;
                }
            }
        }
    }

  private:
    // How long the loop may sleep: until the next frame, deadline, countdown second, darkness,
    // opening or closing minute, replay poll or watchdog ping, whichever is first.
    std::int64_t wait_ms(int frames_due, bool replaying, std::int64_t real_now) {
        std::int64_t timeout = kMaxIdleWaitMs;
        if (frames_due > 0 || display_.input_pending()) {
            timeout = 0;
        } else if (const auto deadline = core::next_deadline(state_, assets_->flow)) {
            timeout = std::clamp<std::int64_t>(*deadline - clock_.mono_ms(), 0, kMaxIdleWaitMs);
        }
        if (ticking()) {
            // A countdown or the staff screen's live status: redraw at the next whole second.
            timeout = std::min(timeout, 1'000 - clock_.mono_ms() % 1'000);
        }
        if (const auto until_dark = ms_until_dark()) {
            timeout = std::min(timeout, *until_dark);
        }
        if (!config_.opening_hours.always_open()) {
            // Opening and closing happen on the minute: look then, not up to a minute late.
            timeout = std::min(timeout, 60'000 - clock_.wall_ms() % 60'000);
        }
        if (replaying) {
            timeout = std::min(timeout, kReplayPollMs);
        }
        // The watchdog hears from this loop, so a hung loop is what it catches.
        if (const auto next_ping = notifier_.feed(real_now)) {
            timeout = std::min(timeout, *next_ping);
        }
        if (options_.debug_hang_after_ms >= 0) {
            timeout = std::clamp<std::int64_t>(
                started_ms_ + options_.debug_hang_after_ms - real_now, 0, timeout);
        }
        return timeout;
    }

    // What the pumped events change: redraws, waking from dark, activity, keys, the flow's
    // deadlines, the countdown and going dark.
    void take_input(platform::Display::Pumped& pumped, int& frames_due) {
        if (pumped.redraw) {
            frames_due = std::max(frames_due, kFramesPerChange);
        }
        if (dark_ && (pumped.user_input || !pumped.keys.empty())) {
            // Whatever is under the finger was not visible: this touch only wakes the screen.
            display_.discard_input();
            pumped.keys.clear();
            woken_mono_ms_ = clock_.mono_ms();
            light_up("touched while closed");
            frames_due = kFramesPerChange;
        }
        if (dark_ && open_now()) {
            light_up("opening hours");
            frames_due = kFramesPerChange;
        }
        if (pumped.user_input) {
            apply(core::event::UserActivity{});
        }
        if (!pumped.keys.empty() || pumped.headset) {
            assist_input(pumped);
            frames_due = std::max(frames_due, kFramesPerChange);
        }
        if (const auto deadline = core::next_deadline(state_, assets_->flow);
            deadline && clock_.mono_ms() >= *deadline) {
            if (apply(core::event::TimePassed{})) {
                frames_due = kFramesPerChange;
            }
        }
        if (ticking() && clock_.mono_ms() / 1'000 != drawn_second_) {
            frames_due = std::max(frames_due, 1);
        }
        if (!dark_ && ms_until_dark() == 0) {
            go_dark();
            frames_due = 1;
        }
    }

    static const std::filesystem::path& prepare_data_dir(const std::filesystem::path& dir) {
        std::filesystem::create_directories(dir);
        return dir;
    }

    StorageLimits storage_limits() const {
        constexpr std::uint64_t kMiB = 1024 * 1024;
        return {static_cast<std::uint64_t>(local_.min_free_mb) * kMiB,
                static_cast<std::uint64_t>(local_.max_outbox_mb) * kMiB};
    }

    sync::uploader::BackgroundSettings uploader_settings() {
        sync::uploader::BackgroundSettings s;
        s.uploader.hub_url = local_.hub_url;
        s.uploader.token = local_.token;
        s.uploader.kiosk_id = local_.kiosk_id;
        s.uploader.boot_id = boot_id_;
        s.uploader.batch_max_responses = static_cast<std::size_t>(local_.batch_max_responses);
        s.uploader.request_timeout_ms = local_.request_timeout_ms;
        s.retry_initial_ms = local_.retry_initial_ms;
        s.retry_max_ms = local_.retry_max_ms;
        s.retention_ms = local_.retention_ms;
        s.seed = platform::random_u64();
        s.needs_room = [outbox_file = local_.data_dir / "outbox.sqlite3",
                        limits = storage_limits()] {
            return measure_storage(outbox_file, limits).needs_room();
        };
        // Called on the uploader's thread: they read only what does not change while running
        // (the file's configuration), or the effective one through shared_config().
        s.chores.facts = [this] {
            protocol::Heartbeat h;
            h.app_version = std::string(kAppVersion);
            h.pack_id = assets_->pack.id;
            h.pack_version = assets_->pack.version;
            h.site = local_.site;
            h.stage = reported_stage_.get();
            const auto storage =
                measure_storage(local_.data_dir / "outbox.sqlite3", storage_limits());
            h.disk_free_bytes = static_cast<std::int64_t>(storage.free_bytes);
            if (storage.needs_room()) {
                h.alarms.emplace_back(protocol::kAlarmLowSpace);
            }
            if (last_commit_failed_) {
                h.alarms.emplace_back(protocol::kAlarmSaveFailed);
            }
            return h;
        };
        s.chores.pack_id = assets_->pack.id;
        s.chores.offer_pack = [this](const std::string& json,
                                     bool assigned) -> std::optional<std::string> {
            const PackOffer offer =
                install_offered_pack(json, *shared_config(), assets_->pack, assigned);
            if (offer.outcome == PackOffer::Outcome::Refused) {
                return offer.refusal;
            }
            // Restart only for a pack actually installed: an offer of the version in use
            // (as after every restart into a new pack) changes nothing.
            offered_version_ = offer.version;
            if (offer.outcome == PackOffer::Outcome::Installed) {
                pack_installed_ = true;
            }
            return std::nullopt;
        };
        s.chores.pack_etag = read_pack_etag(local_, assets_->pack);
        s.chores.keep_pack_etag = [this](const std::string& etag) {
            write_pack_etag(local_, etag, assets_->pack.id, offered_version_);
        };
        s.chores.site = local_.site;
        // The kept settings' ETag only when the kiosk started with them: else the hub sends
        // its settings again and the kiosk says why it cannot take them.
        s.chores.central_settings_etag =
            config_.central.values.empty() ? "" : kept_settings_etag(local_);
        s.chores.offer_central_settings = [this](const std::string& body, const std::string& etag) {
            return offer_central_settings(body, etag);
        };
        return s;
    }

    core::Moment now() const { return {clock_.wall_ms(), clock_.mono_ms()}; }

    // What the heartbeat calls the kiosk's stage: the staff's choice, else the configured one.
    std::string shown_stage(const std::string& staff_stage) const {
        return staff_stage.empty() ? config_.stage : staff_stage;
    }

    std::filesystem::path staff_stage_file() const { return local_.data_dir / "staff-stage"; }

    // On the uploader's thread: the hub's settings checked on top of the file's configuration
    // and against the pack; taken ones are kept and wait for a moment between patients.
    std::optional<std::string> offer_central_settings(const std::string& body,
                                                      const std::string& etag) {
        SettingsOffer offer = check_offered_settings(body, local_);
        if (!offer.config) {
            return offer.refusal;
        }
        try {
            keep_central_settings(local_, body, etag);
        } catch (const std::exception& e) {
            return std::string("the hub's settings could not be saved: ") + e.what();
        }
        {
            const std::lock_guard lock(config_mutex_);
            if (offer.config->central.values == shared_config_->central.values) {
                pending_config_ = nullptr;  // what the kiosk runs already (as after a start)
                return std::nullopt;
            }
            pending_config_ = std::move(offer.config);
        }
        display_.wake();
        return std::nullopt;
    }

    std::shared_ptr<const core::KioskConfig> shared_config() const {
        const std::lock_guard lock(config_mutex_);
        return shared_config_;
    }

    // Between patients only, like a new pack: nobody's survey changes under their finger.
    // Returns true when the settings in force changed.
    bool adopt_pending_settings() {
        std::shared_ptr<const core::KioskConfig> next;
        {
            const std::lock_guard lock(config_mutex_);
            if (!pending_config_ || !ready_to_restart()) {
                return false;
            }
            next = std::exchange(pending_config_, nullptr);
            shared_config_ = next;
        }
        config_ = *next;
        configure_flow(assets_->flow, config_);
        reported_stage_.set(shown_stage(staff_stage_));
        std::cerr << "feedback-kiosk: now using the hub's settings: "
                  << describe_central_settings(config_.central) << "\n";
        return true;
    }

    // The survey context for this moment: staff override, schedule, configured stage.
    core::SurveyContext context() const {
        const auto local = platform::local_clock(clock_.wall_ms());
        return {&assets_->pack, core::choose_stage(assets_->pack, config_.schedule, config_.stage,
                                                   staff_stage_, {local.weekday, local.minute})};
    }

    core::IdleFacts idle_facts() const {
        return {state_.screen, display_.input_pending(), clock_.mono_ms(),
                state_.last_input_mono_ms, state_.memory.pin_locked_until_mono_ms};
    }

    bool ready_to_restart() const { return core::ready_to_restart(idle_facts()); }

    bool open_now() const {
        if (config_.opening_hours.always_open()) {
            return true;
        }
        const auto local = platform::local_clock(clock_.wall_ms());
        return config_.opening_hours.is_open({local.weekday, local.minute});
    }

    std::optional<std::int64_t> ms_until_dark() const {
        return core::ms_until_dark(
            {idle_facts(), dark_, open_now(), woken_mono_ms_, config_.idle_timeout_ms});
    }

    void go_dark() {
        dark_ = true;
        std::cerr << "feedback-kiosk: closed: the screen is dark until touched or opening time\n";
        if (const auto problem = backlight_.set_power(false); !problem.empty()) {
            std::cerr << "feedback-kiosk: " << problem << "\n";
        }
    }

    void light_up(const char* why) {
        dark_ = false;
        std::cerr << "feedback-kiosk: screen on: " << why << "\n";
        if (const auto problem = backlight_.set_power(true); !problem.empty()) {
            std::cerr << "feedback-kiosk: " << problem << "\n";
        }
    }

    bool counting_down() const { return core::counting_down(idle_facts()); }

    // Redrawn every second: a countdown, or the staff screen, whose sync status, alarms and
    // settings change while it is open (staff mode is rare; patients' screens stay still).
    bool ticking() const { return counting_down() || state_.screen == core::Screen::Staff; }

    // What the staff screen shows; gathered only while it is open.
    ui::StaffView staff_view() {
        if (state_.screen != core::Screen::Staff) {
            return {};
        }
        const auto ctx = context();
        const auto counts = outbox_.counts();
        const auto sync = uploader_.status();
        const auto storage = measure_storage(local_.data_dir / "outbox.sqlite3", storage_limits());
        std::error_code ec;
        const auto space = std::filesystem::space(config_.data_dir, ec);
        core::StaffFacts f;
        f.kiosk_id = config_.kiosk_id;
        f.stage = ctx.stage.ask_patient() ? std::string("ask") : ctx.stage.stage;
        f.stage_source = protocol::to_string(ctx.stage.source);
        f.unsent = counts.pending;
        f.oldest_unsent_wall_ms = counts.oldest_pending_ms;
        f.last_sync_wall_ms = sync.last_success_wall_ms;
        f.last_error = sync.last_error;
        f.hub_reachable = sync.consecutive_failures == 0;
        f.unauthorized = sync.unauthorized;
        f.pack_refusal = sync.pack_refusal;
        f.settings_refusal = sync.settings_refusal;
        f.central_settings =
            config_.central.values.empty() ? "" : describe_central_settings(config_.central);
        f.last_commit_failed = last_commit_failed_;
        if (!ec) {
            f.disk_available = space.available;
        }
        f.low_space = storage.low_space || storage.outbox_too_big;
        f.free_bytes = storage.free_bytes;
        f.outbox_bytes = storage.outbox_bytes;
        f.version = std::string(kAppVersion) + " / " + assets_->pack.id + " v" +
                    std::to_string(assets_->pack.version);
        f.override_stage = staff_stage_;
        for (const auto& survey : assets_->pack.surveys) {
            f.stages.insert(f.stages.end(), survey.stages.begin(), survey.stages.end());
        }
        f.now_wall_ms = platform::wall_now_ms();
        return core::make_staff_view(f, assets_->strings, assets_->flow.default_language);
    }

    // --debug-hang-after: the main loop stops as a hung UI would (a blocked driver call, a
    // deadlock), so that tests see the watchdog's pings stop and systemd restart the kiosk.
    [[noreturn]] void hang_on_purpose() {
        std::cerr << "feedback-kiosk: --debug-hang-after: the main loop hangs now, on purpose\n";
        while (true) {
            pause();  // a signal handler may run; the loop never comes back
        }
    }

    // A keypad, keyboard or headset: speech mode's way in and its navigation without sight
    // (kiosk/core/assist_navigation.h says what each key means).
    void assist_input(const platform::Display::Pumped& pumped) {
        if (!core::offers_assist(state_.screen)) {
            return;
        }
        if (pumped.headset && output_prepared_) {
            speech_.prepare_output(true);  // speak into the headset from now on
        }
        // Plugging in a headset at the start screen asks for speech.
        if (pumped.headset && state_.screen == core::Screen::Language && !state_.assist.speech) {
            apply(core::event::ToggleAssist{core::AssistOption::Speech});
        }
        for (const platform::AssistKey key : pumped.keys) {
            const core::KeyIntent intent = core::key_intent(core_key(key), state_);
            if (intent.event) {
                apply(*intent.event);
            }
            if (intent.activate_focus) {
                activate_focus_ = true;
            }
            if (intent.move_focus_forward) {
                if (auto target = neighbour_target(*intent.move_focus_forward)) {
                    apply(core::event::Focus{std::move(*target)});
                }
            }
        }
    }

    static core::AssistKey core_key(platform::AssistKey key) {
        using P = platform::AssistKey;
        using C = core::AssistKey;
        switch (key) {
            case P::Next:
                return C::Next;
            case P::Previous:
                return C::Previous;
            case P::Activate:
                return C::Activate;
            case P::Speech:
                return C::Speech;
            case P::Repeat:
                return C::Repeat;
            case P::VolumeUp:
                return C::VolumeUp;
            case P::VolumeDown:
                return C::VolumeDown;
        }
        return C::Repeat;
    }

    // The target after (or before) the focused one, among what the last frame drew.
    std::optional<std::string> neighbour_target(bool forward) const {
        std::vector<core::FocusTarget> targets;
        for (const auto& t : record_.targets()) {
            if (!t.alias && t.kind != ui::TargetKind::Staff) {
                const int group = t.kind == ui::TargetKind::Answer ? 0
                                  : t.kind == ui::TargetKind::Key  ? 1
                                                                   : 2;
                targets.push_back({t.id, group, t.rect.x, t.rect.y});
            }
        }
        return core::neighbour_focus(std::move(targets), state_.assist.focus, forward);
    }

    // Speech mode reads what the last frame drew; anything new replaces what was being said.
    void read_aloud() {
        // The screen's language: a question shown in the pack's default is read in its voice.
        const std::string language = !record_.language().empty() ? record_.language()
                                     : state_.language.empty()   ? assets_->flow.default_language
                                                                 : state_.language;
        if (state_.assist.speech && !output_prepared_) {
            speech_.prepare_output();  // here, on the thread that runs SDL
            output_prepared_ = true;
        }
        if (auto say = reader_.after_frame(state_, record_, assets_->strings, language)) {
            speech_.say(std::move(say->text), std::move(say->language), say->volume);
        } else if (!state_.assist.speech && spoke_) {
            speech_.stop();
        }
        spoke_ = state_.assist.speech;
        if (auto problem = speech_.take_problem(); !problem.empty()) {
            std::cerr << "feedback-kiosk: " << problem << "\n";
        }
    }

    // Draws one frame (capturing it if asked); feeds the patient's intent to the flow.
    // Returns true if the person asked for something (the screen may have changed).
    bool draw_frame(const std::filesystem::path& screenshot) {
        if (dark_) {
            display_.present_blank(screenshot);
            ++frames_drawn_;
            return false;
        }
        if (state_.assist.large_text && fonts_.large.title == nullptr) {
            ui::load_large_fonts(fonts_, display_, assets_->all_texts(), config_.dpi,
                                 static_cast<float>(config_.viewing_distance_mm));
        }
        const std::int64_t frame_start_us = platform::monotonic_now_us();
        display_.begin_frame();
        ++frames_drawn_;
        drawn_second_ = clock_.mono_ms() / 1'000;
        const auto ctx = context();
        const auto staff = staff_view();
        ui::UiModel model{state_, ctx,   assets_->flow, assets_->strings, assets_->keyboards,
                          staff,  now(), config_.dpi};
        model.activate_focus = std::exchange(activate_focus_, false);
        const auto intent = ui::draw_kiosk(model, fonts_, record_);
        display_.end_frame(screenshot);
        frame_times_.add(platform::monotonic_now_us() - frame_start_us);
        read_aloud();
        if (!intent) {
            return false;
        }
        apply(*intent);
        return true;
    }

    // Steps the flow and carries out its effects. An event that an effect raises (a stored
    // response's StoreFinished) waits in the queue until the current step's effects are done,
    // so the flow is never stepped from inside itself. Returns true if the screen changed.
    bool apply(core::Event event) {
        queued_.push_back(std::move(event));
        if (applying_) {
            return false;
        }
        applying_ = true;
        const core::Screen before = state_.screen;
        while (!queued_.empty()) {
            core::Event next = std::move(queued_.front());
            queued_.pop_front();
            auto step = core::step(context(), assets_->flow, std::move(state_), next, now());
            state_ = std::move(step.state);
            for (auto& effect : step.effects) {
                std::visit(
                    Overloaded{
                        [&](core::effect::StoreResponse& e) { store(std::move(e.response)); },
                        [&](core::effect::WakeUploader&) { uploader_.wake(); },
                        [&](core::effect::Chime&) { chime(); },
                        [&](core::effect::SetStaffStage& e) { set_staff_stage(e.stage); },
                    },
                    effect);
            }
        }
        applying_ = false;
        return state_.screen != before;
    }

    void chime() {
        if (!chime_.play() && !chime_warned_) {
            chime_warned_ = true;
            std::cerr << "feedback-kiosk: idle warning is silent: " << chime_.last_error() << "\n";
        }
    }

    void set_staff_stage(const std::string& stage) {
        // Logged for the audit trail: who changed it is whoever knows the PIN, so say when.
        std::cerr << "feedback-kiosk: staff set the stage to "
                  << (stage.empty() ? "automatic" : stage) << " (was "
                  << (staff_stage_.empty() ? "automatic" : staff_stage_) << ")\n";
        try {
            write_staff_stage(staff_stage_file(), stage);
            staff_stage_ = stage;
            reported_stage_.set(shown_stage(stage));
        } catch (const std::exception& e) {
            std::cerr << "feedback-kiosk: could not save the staff stage: " << e.what() << "\n";
        }
    }

    // Commits before anything else happens: the thank-you screen is drawn only after this.
    void store(protocol::Response response) {
        protocol::UuidRandomBits random{};
        platform::fill_random(random);
        response.id = protocol::make_uuid_v7(clock_.wall_ms(), random);
        response.kiosk_id = config_.kiosk_id;
        response.boot_id = boot_id_;
        bool ok = commit(response);
        if (!ok) {
            // Make room from answers the hub already has, then try once more: the patient is
            // thanked only if the answer is really stored.
            try {
                const auto purged =
                    outbox_.purge_acknowledged_before(std::numeric_limits<std::int64_t>::max());
                std::cerr << "feedback-kiosk: deleted " << purged
                          << " acknowledged responses early to make room\n";
                ok = purged > 0 && commit(response);
            } catch (const std::exception& e) {
                std::cerr << "feedback-kiosk: could not make room: " << e.what() << "\n";
            }
        }
        last_commit_failed_ = !ok;
        apply(core::event::StoreFinished{ok});
    }

    bool commit(const protocol::Response& response) {
        try {
            outbox_.commit(response, platform::wall_now_ms());
            return true;
        } catch (const std::exception& e) {
            std::cerr << "feedback-kiosk: could not store a response: " << e.what() << "\n";
            return false;
        }
    }

    std::optional<int> follow_replay(ReplayDriver& replay, bool settled) {
        const std::string screen = dark_ ? "closed" : core::screen_name(state_);
        const ReplayView view{screen,
                              record_,
                              settled,
                              platform::monotonic_now_ms(),
                              [this] { return outbox_.counts().pending; },
                              [this] { return speech_.idle(); }};
        const ReplayAction action = replay.poll(view);
        switch (action.kind) {
            case ReplayAction::Kind::Wait:
                return std::nullopt;
            case ReplayAction::Kind::Tap:
                clock_.advance(action.ms);  // the patient's think time
                display_.push_tap(action.x, action.y);
                return std::nullopt;
            case ReplayAction::Kind::Press:
            case ReplayAction::Kind::Release:
                display_.push_touch(action.x, action.y, action.kind == ReplayAction::Kind::Press);
                return std::nullopt;
            case ReplayAction::Kind::Screenshot:
                if (!options_.screenshots.empty()) {
                    const auto file = options_.screenshots / (action.text + ".png");
                    draw_frame(file);
                    std::cerr << "feedback-kiosk: screenshot " << file.string() << "\n";
                }
                return std::nullopt;
            case ReplayAction::Kind::Advance:
                clock_.advance(action.ms);  // the loop's deadline check does the rest
                return std::nullopt;
            case ReplayAction::Kind::Key:
                clock_.advance(action.ms);
                display_.push_key(replay_key(action.text).value_or(platform::AssistKey::Activate));
                return std::nullopt;
            case ReplayAction::Kind::Headset:
                display_.push_headset();
                return std::nullopt;
            case ReplayAction::Kind::Print:
                std::cout << core::format(action.text,
                                          {{"frames", std::to_string(frames_drawn_)},
                                           {"screen", core::screen_name(state_)},
                                           {"frame_times", frame_times_.take_summary()}})
                          << std::endl;
                return std::nullopt;
            case ReplayAction::Kind::Finished:
                return 0;
            case ReplayAction::Kind::Failed:
                std::cerr << "feedback-kiosk: " << action.text << "\n";
                return 3;
        }
        return std::nullopt;
    }

    const core::KioskConfig local_;  // the file's, for the uploader's thread too
    core::KioskConfig config_;       // in force: the file's with the hub's settings (UI thread)
    // The uploader's thread checks packs against the configuration in force, and leaves
    // checked hub settings here for the UI thread.
    mutable std::mutex config_mutex_;
    std::shared_ptr<const core::KioskConfig> shared_config_;
    std::shared_ptr<const core::KioskConfig> pending_config_;
    const RunOptions& options_;
    std::unique_ptr<KioskAssets> assets_;
    std::string boot_id_;
    platform::FlowClock clock_;
    // Shared with the uploader's thread, so declared before it starts.
    std::atomic<bool> last_commit_failed_ = false;  // a staff alarm until a commit succeeds
    std::atomic<bool> pack_installed_ = false;      // a newer pack waits for the next start
    int offered_version_ = 0;  // the pack version the hub's last offer leaves (uploader thread)
    sync::outbox::Outbox outbox_;
    // The stage the heartbeat reports; written by the UI thread, read by the uploader's,
    // which starts in the constructor: declared before uploader_ so it exists by then.
    class SharedText {
      public:
        explicit SharedText(std::string text) : text_(std::move(text)) {}
        void set(std::string text) {
            const std::lock_guard lock(mutex_);
            text_ = std::move(text);
        }
        std::string get() const {
            const std::lock_guard lock(mutex_);
            return text_;
        }

      private:
        mutable std::mutex mutex_;
        std::string text_;
    } reported_stage_{shown_stage(read_staff_stage(staff_stage_file()))};
    sync::uploader::BackgroundUploader uploader_;
    platform::Display display_;
    platform::Backlight backlight_{config_.backlight};
    bool dark_ = false;               // closed and nobody using it: nothing but black is drawn
    std::int64_t woken_mono_ms_ = 0;  // when a touch last woke the dark screen
    ui::UiFonts fonts_;
    ui::ScreenRecord record_;
    core::State state_;
    std::string staff_stage_;
    platform::Chime chime_;
    bool chime_warned_ = false;
    sync::service::ServiceNotifier notifier_;
    bool announced_ready_ = false;
    std::int64_t started_ms_ = 0;  // when the loop began, for --debug-hang-after
    platform::Speech speech_{{options_.speech_out, !options_.headless}};
    ui::ScreenReader reader_;
    bool spoke_ = false;
    bool output_prepared_ = false;
    bool activate_focus_ = false;
    std::deque<core::Event> queued_;  // events waiting for apply() (no re-entry)
    bool applying_ = false;
    std::int64_t frames_drawn_ = 0;
    // How long each frame took to build and present, for replay's "{frame_times}".
    FrameTimes frame_times_;
    std::int64_t drawn_second_ = -1;
};

}  // namespace

int run_kiosk(const core::KioskConfig& local, const RunOptions& options) {
    if (!local.timezone.empty()) {
        // Opening hours and the pack's schedule are in the site's local time.
        if (!std::filesystem::exists("/usr/share/zoneinfo/" + local.timezone)) {
            std::cerr << "feedback-kiosk: [kiosk] timezone: '" << local.timezone
                      << "' is not in /usr/share/zoneinfo (is tzdata installed?)\n";
            return 1;
        }
        ::setenv("TZ", (":" + local.timezone).c_str(), 1);
        ::tzset();
    }
    std::vector<std::string> warnings;
    const core::KioskConfig config = config_at_start(local, warnings);
    for (const auto& w : warnings) {
        std::cerr << "feedback-kiosk: warning: " << w << "\n";
    }
    if (!config.central.values.empty()) {
        std::cerr << "feedback-kiosk: using the hub's settings: "
                  << describe_central_settings(config.central) << "\n";
    }
    auto loaded = load_assets_preferring_installed(config);
    for (const auto& w : loaded.warnings) {
        std::cerr << "feedback-kiosk: warning: " << w << "\n";
    }
    for (const auto& e : loaded.errors) {
        std::cerr << "feedback-kiosk: " << e << "\n";
    }
    if (!loaded.assets) {
        return 1;
    }
    std::optional<ReplayScript> script;
    if (!options.replay.empty()) {
        auto parsed = load_replay(options.replay);
        for (const auto& e : parsed.errors) {
            std::cerr << "feedback-kiosk: " << e << "\n";
        }
        if (!parsed.errors.empty()) {
            return 1;
        }
        script = std::move(parsed.script);
    }
    try {
        KioskRunner runner(local, config, options, std::move(loaded.assets));
        return runner.run(std::move(script));
    } catch (const std::exception& e) {
        std::cerr << "feedback-kiosk: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace fbk::kiosk::app
