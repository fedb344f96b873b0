// The patient's path through the kiosk as one pure function:
//   step(context, settings, state, event, now) -> next state + effects
// Screens turn taps into events; the app feeds time and store results back as events and
// carries out the effects. Nothing here reads a clock, draws or touches a disk.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "kiosk/core/misuse.h"
#include "kiosk/core/stage_choice.h"
#include "sync/protocol/messages.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::kiosk::core {

namespace protocol = fbk::sync::protocol;

enum class Screen {
    Language,    // start: pick a language
    StagePick,   // "Where are you in today's visit?" when the pack asks it
    Question,    // one question per screen
    StillThere,  // idle warning with a countdown; then everything is reset
    Saving,      // the response is being committed; never drawn for more than a frame
    Thanks,      // shown only after the commit returned
    SaveFailed,  // the commit failed: say so instead of thanking
    StaffPin,    // reached by a long press on the top-left corner
    Staff,       // kiosk status for staff; never shows patients' answers
};

struct Moment {
    std::int64_t wall_ms = 0;  // may be wrong on a kiosk without RTC; recorded, never a timer
    std::int64_t mono_ms = 0;  // drives every timeout
};

struct FlowSettings {
    std::vector<std::string> languages;  // offered, in button order
    std::string default_language;
    std::int64_t idle_timeout_ms = 30'000;  // no touch this long: "Still there?"
    std::int64_t still_there_ms = 20'000;   // the countdown before everything is reset
    std::int64_t thanks_ms = 6'000;
    std::int64_t save_failed_ms = 10'000;
    // A tap this soon after a screen appeared was meant for the previous screen (a double tap).
    std::int64_t tap_debounce_ms = 300;
    std::int64_t staff_press_ms = 3'000;
    // Whether an entered PIN is the staff PIN (the app checks it against the configured PIN
    // or its hash); unset: staff mode is off.
    std::function<bool(std::string_view pin)> staff_pin_matches;
    int staff_pin_attempts = 3;
    std::int64_t staff_lockout_ms = 60'000;
    std::size_t max_text_chars = 500;
    MisuseRules misuse;
    // "I need more time": every timeout of that patient is this many times longer.
    int more_time_factor = 3;
};

// Help a patient asked for; it lasts for that patient only (the next one starts without it).
enum class AssistOption { Speech, LargeText, HighContrast };

struct Assist {
    static constexpr int kDefaultVolume = 100;  // percent of the speech engine's normal volume
    static constexpr int kVolumeStep = 20;
    static constexpr int kMinVolume = 20;
    static constexpr int kMaxVolume = 200;

    bool speech = false;  // the screen is read aloud; a first touch speaks, a second one selects
    bool large_text = false;
    bool high_contrast = false;
    bool more_time = false;  // every timeout longer; speech mode switches it on too
    int volume = kDefaultVolume;
    std::string focus;     // speech mode: the target last touched or reached by the arrow keys
    unsigned repeats = 0;  // counts "say it again" requests, so the app knows to speak

    bool operator==(const Assist&) const = default;
};

// What the flow needs to know about the survey it runs. The app re-resolves `stage` whenever
// staff change it or the schedule turns; a patient already answering keeps their survey.
struct SurveyContext {
    const protocol::SurveyPack* pack = nullptr;
    StageChoice stage;
};

// Lives across patients: nothing here is about a patient.
struct KioskMemory {
    RecentFinishes recent_finishes;
    int pin_failures = 0;
    std::int64_t pin_locked_until_mono_ms = 0;
    std::optional<std::int64_t> staff_press_since_mono_ms;
};

struct State {
    Screen screen = Screen::Language;
    Screen resume_screen = Screen::Language;  // where StillThere returns to
    std::string language;                     // empty until chosen
    StageChoice stage;                        // fixed when the patient starts
    const protocol::Survey* survey = nullptr;
    std::size_t question = 0;          // index into survey->questions
    std::vector<std::size_t> visited;  // earlier question indices, for "back" across skips
    std::vector<protocol::Answer> answers;
    // The question on screen, before it is confirmed (multi choice, free text, slider).
    std::vector<std::string> draft_choices;
    std::string draft_text;
    std::optional<std::int64_t> draft_value;  // unset until the patient touches the scale
    bool shift = false;
    // Which page of the screen's choices is shown when they do not all fit at full size
    // (languages, answers); back to 0 whenever the screen or question changes.
    int page = 0;
    std::string pin_entry;
    bool saving_completed = true;  // while Saving: completed (-> Thanks) or abandoned (-> start)
    std::int64_t started_wall_ms = 0;
    std::int64_t started_mono_ms = 0;
    std::int64_t last_input_mono_ms = 0;
    std::int64_t screen_since_mono_ms = 0;
    Assist assist;
    KioskMemory memory;

    const protocol::Question* current_question() const;
    const protocol::Answer* answer_to(std::string_view question_id) const;
};

namespace event {
struct ChooseLanguage {
    std::string language;
};
struct ChooseStage {
    std::string stage;
};
// Each answer names its question so a late tap cannot answer the next one.
// A scale's value: answers and moves on (smiley, nps, effort), or, on a type confirmed with
// Continue (slider), only moves the draft.
struct AnswerQuestion {
    std::string question;
    std::int64_t value = 0;
};
struct ChooseOption {  // yes_partly_no and single choice answer; multi choice toggles
    std::string question;
    std::string option;
};
struct CantSay {
    std::string question;
};
struct Continue {  // confirms multi choice, free text or a slider; with nothing chosen it skips
    std::string question;
};
struct TypeText {
    std::string text;  // one key's UTF-8 text
};
struct Backspace {};
struct ToggleShift {};
struct GoBack {};
struct StillHere {};
// A touch or key anywhere: the patient is still there.
struct UserActivity {};
struct TimePassed {};
// The kiosk is shutting down: keep what the patient answered, as abandoned.
struct Abandon {};
struct StoreFinished {
    bool ok = false;
};
struct ToggleAssist {  // speech, large text or high contrast, for this patient
    AssistOption option = AssistOption::Speech;
};
// Speech mode: a first touch (or an arrow key) lands on a target; it is read, not chosen.
struct Focus {
    std::string target;
};
struct Repeat {};  // say the screen again
struct ChangeVolume {
    int steps = 0;  // +1 louder, -1 quieter
};
// On the idle warning: continue, and give this patient longer for everything from now on.
struct NeedMoreTime {};
struct StaffCorner {  // the hidden corner pressed (down) or released
    bool down = false;
};
struct PinDigit {
    char digit = '0';
};
struct PinErase {};
struct PinSubmit {};
struct StaffSetStage {
    std::string stage;  // empty: back to the schedule and the configured stage
};
struct StaffSyncNow {};
struct StaffClose {};
// The next (or first again) page of a screen's choices.
struct ShowPage {
    int page = 0;
};
}  // namespace event

using Event = std::variant<
    event::ChooseLanguage, event::ChooseStage, event::AnswerQuestion, event::ChooseOption,
    event::CantSay, event::Continue, event::TypeText, event::Backspace, event::ToggleShift,
    event::GoBack, event::StillHere, event::UserActivity, event::TimePassed, event::Abandon,
    event::StoreFinished, event::ToggleAssist, event::Focus, event::Repeat, event::ChangeVolume,
    event::NeedMoreTime, event::StaffCorner, event::PinDigit, event::PinErase, event::PinSubmit,
    event::StaffSetStage, event::StaffSyncNow, event::StaffClose, event::ShowPage>;

namespace effect {
// Commit this response durably, then feed back StoreFinished. The app fills in what the flow does
// not know: id, kiosk id and boot id.
struct StoreResponse {
    protocol::Response response;
};
struct WakeUploader {};
struct Chime {};  // the audible half of the idle warning
struct SetStaffStage {
    std::string stage;  // empty: clear the override
};
}  // namespace effect

using Effect =
    std::variant<effect::StoreResponse, effect::WakeUploader, effect::Chime, effect::SetStaffStage>;

struct Step {
    State state;
    std::vector<Effect> effects;
};

Step step(const SurveyContext& ctx, const FlowSettings& settings, State state, const Event& event,
          Moment now);

// When the state changes by itself (idle warning, reset, thank-you timeout, staff long press),
// in monotonic ms.
std::optional<std::int64_t> next_deadline(const State& state, const FlowSettings& settings);

// The timeouts that apply to this patient ("I need more time", which speech mode switches on,
// lengthens them and the thank-you screen's).
std::int64_t idle_timeout_ms(const State& state, const FlowSettings& settings);
std::int64_t still_there_ms(const State& state, const FlowSettings& settings);

// Whether the patient's help controls (speech, text size, contrast) work on this screen:
// everywhere a patient is, not on staff screens.
bool offers_assist(Screen screen);

// Whole seconds left on the "Still there?" countdown.
int still_there_seconds_left(const State& state, const FlowSettings& settings, Moment now);

// Stable names used by replay scripts and screenshots: "language", "stage", "question.<id>",
// "still-there", "saving", "thanks", "save-failed", "staff-pin", "staff".
std::string screen_name(const State& state);

}  // namespace fbk::kiosk::core
