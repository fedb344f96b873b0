// The patient's path through the kiosk as one pure function:
//   step(context, state, event, now) -> next state + effects
// Screens turn taps into events; the app feeds time and store results back as events and
// carries out the effects. Nothing here reads a clock, draws or touches a disk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "sync/protocol/messages.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::kiosk::core {

namespace protocol = fbk::sync::protocol;

enum class Screen {
    Language,    // start: pick a language
    Question,    // one question per screen
    Saving,      // the response is being committed; never drawn for more than a frame
    Thanks,      // shown only after the commit returned
    SaveFailed,  // the commit failed: say so instead of thanking
};

struct Moment {
    std::int64_t wall_ms =
        0;  // may be wrong on a kiosk without RTC; recorded, never used for timers
    std::int64_t mono_ms = 0;  // drives every timeout
};

struct FlowSettings {
    std::vector<std::string> languages;  // offered, in button order
    std::string default_language;
    std::int64_t idle_timeout_ms = 30'000;
    std::int64_t thanks_ms = 6'000;
    std::int64_t save_failed_ms = 10'000;
};

// What the flow needs to know about the survey it runs.
struct SurveyContext {
    const protocol::SurveyPack* pack = nullptr;
    const protocol::Survey* survey = nullptr;
    std::string stage;
};

struct State {
    Screen screen = Screen::Language;
    std::string language;  // empty until chosen
    std::size_t question = 0;
    std::vector<protocol::Answer> answers;
    bool saving_completed = true;  // while Saving: completed (-> Thanks) or abandoned (-> start)
    std::int64_t started_wall_ms = 0;
    std::int64_t last_input_mono_ms = 0;
    std::int64_t screen_since_mono_ms = 0;
};

namespace event {
struct ChooseLanguage {
    std::string language;
};
struct AnswerQuestion {
    std::string question;  // names the question so a late tap cannot answer the next one
    std::int64_t value = 0;
};
struct GoBack {};
// A touch or key anywhere: the patient is still there.
struct UserActivity {};
struct TimePassed {};
// The kiosk is shutting down: keep what the patient answered, as abandoned.
struct Abandon {};
struct StoreFinished {
    bool ok = false;
};
}  // namespace event

using Event =
    std::variant<event::ChooseLanguage, event::AnswerQuestion, event::GoBack, event::UserActivity,
                 event::TimePassed, event::Abandon, event::StoreFinished>;

namespace effect {
// Commit this response durably, then feed back StoreFinished. The app fills in what the flow does
// not know: id, kiosk id and boot id.
struct StoreResponse {
    protocol::Response response;
};
struct WakeUploader {};
}  // namespace effect

using Effect = std::variant<effect::StoreResponse, effect::WakeUploader>;

struct Step {
    State state;
    std::vector<Effect> effects;
};

Step step(const SurveyContext& ctx, const FlowSettings& settings, State state, const Event& event,
          Moment now);

// When the state changes by itself (idle reset, thank-you timeout), in monotonic ms.
std::optional<std::int64_t> next_deadline(const State& state, const FlowSettings& settings);

// Stable names used by replay scripts and screenshots: "language", "question.<id>", "saving",
// "thanks", "save-failed".
std::string screen_name(const State& state, const SurveyContext& ctx);

}  // namespace fbk::kiosk::core
