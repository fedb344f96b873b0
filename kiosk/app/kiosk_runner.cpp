#include "kiosk/app/kiosk_runner.h"

#include <algorithm>
#include <iostream>
#include <optional>
#include <variant>

#include "kiosk/app/kiosk_assets.h"
#include "kiosk/app/replay_driver.h"
#include "kiosk/ui/kiosk_ui.h"
#include "platform/clock.h"
#include "platform/display.h"
#include "platform/random.h"
#include "sync/outbox/outbox.h"
#include "sync/protocol/uuid.h"
#include "sync/uploader/background_uploader.h"

namespace fbk::kiosk::app {

namespace protocol = fbk::sync::protocol;

namespace {

// Redraw this many frames after a change: Dear ImGui settles layout and hover on the second.
constexpr int kFramesPerChange = 2;
// Longest sleep with nothing scheduled; bounds how late a signal is noticed headless.
constexpr std::int64_t kMaxIdleWaitMs = 60'000;
constexpr std::int64_t kReplayPollMs = 5;

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};

class KioskRunner {
  public:
    KioskRunner(const core::KioskConfig& config, const RunOptions& options,
                std::unique_ptr<KioskAssets> assets)
        : config_(config),
          options_(options),
          assets_(std::move(assets)),
          boot_id_(platform::read_boot_id()),
          outbox_(prepare_data_dir(config.data_dir) / "outbox.sqlite3"),
          uploader_(
              config.data_dir / "outbox.sqlite3",
              sync::uploader::make_curl_client({config.ca_file, "feedback-kiosk/0.1", 1 << 20}),
              uploader_settings(), {platform::wall_now_ms, platform::monotonic_now_ms}),
          display_({options.headless, options.windowed, config.width, config.height}) {
        const auto texts = assets_->all_texts();
        fonts_ =
            display_.load_fonts(texts, ui::font_sizes_for(static_cast<float>(display_.height())));
        state_ = core::State{};
        state_.screen_since_mono_ms = clock_.mono_ms();
    }

    int run(std::optional<ReplayScript> script) {
        std::optional<ReplayDriver> replay;
        if (script) {
            replay.emplace(std::move(*script));
        }
        std::cerr << "feedback-kiosk: kiosk " << config_.kiosk_id << ", stage " << config_.stage
                  << ", survey " << assets_->survey.survey->id << " (pack " << assets_->pack.id
                  << " v" << assets_->pack.version << "), video " << display_.video_driver() << " "
                  << display_.width() << "x" << display_.height() << "\n";
        int frames_due = kFramesPerChange;
        while (true) {
            std::int64_t timeout = kMaxIdleWaitMs;
            if (frames_due > 0 || display_.input_pending()) {
                timeout = 0;
            } else if (const auto deadline = core::next_deadline(state_, assets_->flow)) {
                timeout = std::clamp<std::int64_t>(*deadline - clock_.mono_ms(), 0, kMaxIdleWaitMs);
            }
            if (replay) {
                timeout = std::min(timeout, kReplayPollMs);
            }
            const auto pumped = display_.pump_events(timeout);
            if (pumped.quit) {
                apply(core::event::Abandon{});
                return 0;
            }
            if (pumped.redraw) {
                frames_due = std::max(frames_due, kFramesPerChange);
            }
            if (pumped.user_input) {
                apply(core::event::UserActivity{});
            }
            if (const auto deadline = core::next_deadline(state_, assets_->flow);
                deadline && clock_.mono_ms() >= *deadline) {
                if (apply(core::event::TimePassed{})) {
                    frames_due = kFramesPerChange;
                }
            }
            if (frames_due > 0 || display_.input_pending()) {
                const bool changed = draw_frame({});
                frames_due = changed ? kFramesPerChange : std::max(0, frames_due - 1);
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
    static const std::filesystem::path& prepare_data_dir(const std::filesystem::path& dir) {
        std::filesystem::create_directories(dir);
        return dir;
    }

    sync::uploader::BackgroundSettings uploader_settings() const {
        sync::uploader::BackgroundSettings s;
        s.uploader.hub_url = config_.hub_url;
        s.uploader.token = config_.token;
        s.uploader.kiosk_id = config_.kiosk_id;
        s.uploader.boot_id = boot_id_;
        s.uploader.batch_max_responses = static_cast<std::size_t>(config_.batch_max_responses);
        s.uploader.request_timeout_ms = config_.request_timeout_ms;
        s.retry_initial_ms = config_.retry_initial_ms;
        s.retry_max_ms = config_.retry_max_ms;
        s.retention_ms = config_.retention_ms;
        s.seed = platform::random_u64();
        return s;
    }

    core::Moment now() const { return {clock_.wall_ms(), clock_.mono_ms()}; }

    // Draws one frame (capturing it if asked); feeds the patient's intent to the flow.
    // Returns true if the state changed.
    bool draw_frame(const std::filesystem::path& screenshot) {
        display_.begin_frame();
        ++frames_drawn_;
        const ui::UiModel model{state_, assets_->survey, assets_->flow, assets_->strings};
        const auto intent = ui::draw_kiosk(model, fonts_, record_);
        display_.end_frame(screenshot);
        return intent && apply(*intent);
    }

    // Steps the flow and carries out its effects. Returns true if the screen changed.
    bool apply(const core::Event& event) {
        const core::Screen before = state_.screen;
        const std::size_t question_before = state_.question;
        auto step = core::step(assets_->survey, assets_->flow, std::move(state_), event, now());
        state_ = std::move(step.state);
        for (auto& effect : step.effects) {
            std::visit(Overloaded{
                           [&](core::effect::StoreResponse& e) { store(std::move(e.response)); },
                           [&](core::effect::WakeUploader&) { uploader_.wake(); },
                       },
                       effect);
        }
        return state_.screen != before || state_.question != question_before ||
               std::holds_alternative<core::event::AnswerQuestion>(event);
    }

    // Commits before anything else happens: the thank-you screen is drawn only after this.
    void store(protocol::Response response) {
        protocol::UuidRandomBits random{};
        platform::fill_random(random);
        response.id = protocol::make_uuid_v7(clock_.wall_ms(), random);
        response.kiosk_id = config_.kiosk_id;
        response.boot_id = boot_id_;
        bool ok = true;
        try {
            outbox_.commit(response, platform::wall_now_ms());
        } catch (const std::exception& e) {
            ok = false;
            std::cerr << "feedback-kiosk: could not store a response: " << e.what() << "\n";
        }
        apply(core::event::StoreFinished{ok});
    }

    std::optional<int> follow_replay(ReplayDriver& replay, bool settled) {
        const std::string screen = core::screen_name(state_, assets_->survey);
        const ReplayView view{screen, record_, settled, platform::monotonic_now_ms(),
                              [this] { return outbox_.counts().pending; }};
        const ReplayAction action = replay.poll(view);
        switch (action.kind) {
            case ReplayAction::Kind::Wait:
                return std::nullopt;
            case ReplayAction::Kind::Tap:
                display_.push_tap(action.x, action.y);
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
            case ReplayAction::Kind::Print:
                std::cout << core::format(action.text, {{"frames", std::to_string(frames_drawn_)}})
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

    const core::KioskConfig& config_;
    const RunOptions& options_;
    std::unique_ptr<KioskAssets> assets_;
    std::string boot_id_;
    platform::FlowClock clock_;
    sync::outbox::Outbox outbox_;
    sync::uploader::BackgroundUploader uploader_;
    platform::Display display_;
    platform::FontSet fonts_;
    ui::ScreenRecord record_;
    core::State state_;
    std::int64_t frames_drawn_ = 0;
};

}  // namespace

int run_kiosk(const core::KioskConfig& config, const RunOptions& options) {
    auto loaded = load_assets(config);
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
        KioskRunner runner(config, options, std::move(loaded.assets));
        return runner.run(std::move(script));
    } catch (const std::exception& e) {
        std::cerr << "feedback-kiosk: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace fbk::kiosk::app
