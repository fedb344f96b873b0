// The flow's state machine. Long because it is one machine: step() and a handler for each of
// its events share the state's invariants (answers, drafts, follow-ups, timers, assist), which
// read best side by side; tests/unit/test_flow.cpp drives every handler.
#include "kiosk/core/flow.h"

#include <algorithm>

#include "kiosk/core/redaction.h"
#include "kiosk/core/utf8.h"

namespace fbk::kiosk::core {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};
// C++20 deduces this for an aggregate by itself; clang before 17 (the fuzzing build's) needs it.
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

std::int64_t time_factor(const State& s, const FlowSettings& settings) {
    return s.assist.more_time ? settings.more_time_factor : 1;
}

bool is_patient_screen(Screen s) {
    return s == Screen::StagePick || s == Screen::Question;
}

// Everything about the last patient goes; only the kiosk's own memory stays.
State fresh_start(KioskMemory memory, Moment now) {
    State s;
    s.memory = std::move(memory);
    s.memory.staff_press_since_mono_ms.reset();
    s.screen_since_mono_ms = now.mono_ms;
    s.last_input_mono_ms = now.mono_ms;
    return s;
}

void enter(State& s, Screen screen, Moment now) {
    s.screen = screen;
    s.assist.focus.clear();  // a new screen is read from its top
    s.screen_since_mono_ms = now.mono_ms;
    s.last_input_mono_ms = now.mono_ms;
}

bool debounced(const State& s, const FlowSettings& settings, Moment now) {
    return now.mono_ms - s.screen_since_mono_ms < settings.tap_debounce_ms;
}

// Whether question `q` is shown, given the answers so far.
bool visible(const protocol::Question& q, const State& s) {
    if (!q.show_if) {
        return true;
    }
    const protocol::Answer* earlier = s.answer_to(q.show_if->question);
    return earlier != nullptr && protocol::satisfies(*q.show_if, *earlier);
}

// Answers to follow-ups whose condition no longer holds (the patient went back and changed the
// earlier answer) are not part of the response.
std::vector<protocol::Answer> answers_still_shown(const State& s) {
    std::vector<protocol::Answer> out;
    State replay;
    for (const protocol::Question& q : s.survey->questions) {
        const protocol::Answer* a = s.answer_to(q.id);
        if (a != nullptr && visible(q, replay)) {
            out.push_back(*a);
            replay.answers.push_back(*a);
        }
    }
    return out;
}

void load_draft(State& s) {
    s.draft_choices.clear();
    s.draft_text.clear();
    s.draft_value.reset();
    s.shift = false;
    if (const protocol::Answer* a = s.answer_to(s.current_question()->id)) {
        s.draft_choices = a->choices;
        s.draft_text = a->text.value_or("");
        s.draft_value = a->value;
    }
}

protocol::Response make_response(const State& s, protocol::ResponseStatus status, Moment now) {
    protocol::Response r;
    r.survey_id = s.survey->id;
    r.stage = s.stage.stage;
    r.stage_source = s.stage.source;
    r.language = s.language;
    r.status = status;
    r.started_at_ms = s.started_wall_ms;
    r.finished_at_ms = now.wall_ms;
    r.monotonic_ms = now.mono_ms;
    r.answers = answers_still_shown(s);
    return r;
}

Step store(const SurveyContext& ctx, const FlowSettings& settings, State s,
           protocol::ResponseStatus status, Moment now) {
    auto response = make_response(s, status, now);
    response.pack_id = ctx.pack->id;
    response.pack_version = ctx.pack->version;
    if (status == protocol::ResponseStatus::Abandoned) {
        State left = s;
        if (s.screen == Screen::StillThere) {
            left.screen = s.resume_screen;
        }
        response.abandoned_at = screen_name(left);
    } else {
        response.flags = misuse_flags(settings.misuse, s.memory.recent_finishes, s.started_mono_ms,
                                      now.mono_ms, response.answers.size());
    }
    s.saving_completed = status == protocol::ResponseStatus::Completed;
    enter(s, Screen::Saving, now);
    return {std::move(s), {effect::StoreResponse{std::move(response)}}};
}

Step start_survey(const SurveyContext& ctx, State s, StageChoice stage, Moment now) {
    s.stage = std::move(stage);
    s.survey = ctx.pack->survey_for_stage(s.stage.stage);
    if (s.survey == nullptr) {
        return {std::move(s), {}};  // the app only offers stages the pack serves
    }
    s.question = 0;
    s.visited.clear();
    s.answers.clear();
    s.started_mono_ms = now.mono_ms;
    enter(s, Screen::Question, now);
    load_draft(s);
    return {std::move(s), {}};
}

// After answering the current question: the next visible one, or the end of the survey.
Step advance(const SurveyContext& ctx, const FlowSettings& settings, State s, Moment now) {
    const auto& questions = s.survey->questions;
    for (std::size_t next = s.question + 1; next < questions.size(); ++next) {
        if (visible(questions[next], s)) {
            s.visited.push_back(s.question);
            s.question = next;
            enter(s, Screen::Question, now);
            load_draft(s);
            return {std::move(s), {}};
        }
    }
    return store(ctx, settings, std::move(s), protocol::ResponseStatus::Completed, now);
}

void set_answer(State& s, protocol::Answer answer) {
    const auto it =
        std::find_if(s.answers.begin(), s.answers.end(),
                     [&](const protocol::Answer& a) { return a.question == answer.question; });
    if (it != s.answers.end()) {
        *it = std::move(answer);
    } else {
        s.answers.push_back(std::move(answer));
    }
}

void clear_answer(State& s, std::string_view question) {
    std::erase_if(s.answers, [&](const protocol::Answer& a) { return a.question == question; });
}

// The question an answer event is for, if it is the one on screen and the tap is not a bounce.
const protocol::Question* target(const State& s, const FlowSettings& settings,
                                 std::string_view question, Moment now) {
    if (s.screen != Screen::Question || debounced(s, settings, now)) {
        return nullptr;
    }
    const protocol::Question* q = s.current_question();
    return q != nullptr && q->id == question ? q : nullptr;
}

Step on_choose_language(const SurveyContext& ctx, const FlowSettings& settings, State s,
                        const event::ChooseLanguage& e, Moment now) {
    const bool offered = std::find(settings.languages.begin(), settings.languages.end(),
                                   e.language) != settings.languages.end();
    if (s.screen != Screen::Language || !offered || debounced(s, settings, now)) {
        return {std::move(s), {}};
    }
    s.language = e.language;
    s.started_wall_ms = now.wall_ms;
    if (ctx.stage.ask_patient()) {
        enter(s, Screen::StagePick, now);
        return {std::move(s), {}};
    }
    return start_survey(ctx, std::move(s), ctx.stage, now);
}

Step on_choose_stage(const SurveyContext& ctx, const FlowSettings& settings, State s,
                     const event::ChooseStage& e, Moment now) {
    const auto& offered = ctx.pack->stage_question;
    if (s.screen != Screen::StagePick || debounced(s, settings, now) || !offered ||
        std::find(offered->stages.begin(), offered->stages.end(), e.stage) ==
            offered->stages.end()) {
        return {std::move(s), {}};
    }
    return start_survey(ctx, std::move(s), {e.stage, protocol::StageSource::Patient}, now);
}

Step on_answer(const SurveyContext& ctx, const FlowSettings& settings, State s,
               const event::AnswerQuestion& e, Moment now) {
    const protocol::Question* q = target(s, settings, e.question, now);
    const auto range = q != nullptr ? protocol::value_range(q->type) : std::nullopt;
    if (!range || !range->contains(e.value)) {
        return {std::move(s), {}};  // a stale or impossible tap changes nothing
    }
    if (protocol::info(q->type).needs_continue) {
        s.draft_value = e.value;  // a slider moving: Continue confirms it
        s.last_input_mono_ms = now.mono_ms;
        return {std::move(s), {}};
    }
    set_answer(s, protocol::Answer(q->id, e.value));
    return advance(ctx, settings, std::move(s), now);
}

Step on_option(const SurveyContext& ctx, const FlowSettings& settings, State s,
               const event::ChooseOption& e, Moment now) {
    const protocol::Question* q = target(s, settings, e.question, now);
    if (q == nullptr || !protocol::has_options(q->type)) {
        return {std::move(s), {}};
    }
    const auto ids = q->option_ids();
    if (std::find(ids.begin(), ids.end(), e.option) == ids.end()) {
        return {std::move(s), {}};
    }
    s.last_input_mono_ms = now.mono_ms;
    if (!protocol::info(q->type).several_choices) {
        set_answer(s, protocol::Answer::of_choices(q->id, {e.option}));
        return advance(ctx, settings, std::move(s), now);
    }
    auto& chosen = s.draft_choices;
    if (const auto it = std::find(chosen.begin(), chosen.end(), e.option); it != chosen.end()) {
        chosen.erase(it);
    } else if (q->max_choices == 0 || chosen.size() < q->max_choices) {
        chosen.push_back(e.option);
        // Stored in the options' order, whatever order they were tapped in.
        std::sort(chosen.begin(), chosen.end(), [&](const std::string& a, const std::string& b) {
            return std::find(ids.begin(), ids.end(), a) < std::find(ids.begin(), ids.end(), b);
        });
    }
    return {std::move(s), {}};
}

Step on_cant_say(const SurveyContext& ctx, const FlowSettings& settings, State s,
                 const event::CantSay& e, Moment now) {
    const protocol::Question* q = target(s, settings, e.question, now);
    if (q == nullptr || !q->allow_cant_say) {
        return {std::move(s), {}};
    }
    set_answer(s, protocol::Answer::cannot_say(q->id));
    return advance(ctx, settings, std::move(s), now);
}

Step on_continue(const SurveyContext& ctx, const FlowSettings& settings, State s,
                 const event::Continue& e, Moment now) {
    const protocol::Question* q = target(s, settings, e.question, now);
    if (q == nullptr) {
        return {std::move(s), {}};
    }
    const auto& type = protocol::info(q->type);
    if (!type.needs_continue) {
        return {std::move(s), {}};  // scales and single choices advance by their own tap
    }
    if (type.several_choices) {
        if (s.draft_choices.empty()) {
            clear_answer(s, q->id);
        } else {
            set_answer(s, protocol::Answer::of_choices(q->id, s.draft_choices));
        }
    } else if (type.answer == protocol::AnswerKind::Value) {
        if (s.draft_value) {
            set_answer(s, protocol::Answer(q->id, *s.draft_value));
        } else {
            clear_answer(s, q->id);
        }
    } else if (type.answer == protocol::AnswerKind::Text) {
        // Identifiers never leave the kiosk: redacted before the answer exists at all.
        const auto redacted = redact_identifiers(trim(s.draft_text), s.language);
        if (redacted.text.empty()) {
            clear_answer(s, q->id);
        } else {
            set_answer(s, protocol::Answer::of_text(q->id, redacted.text));
        }
    }
    return advance(ctx, settings, std::move(s), now);
}

Step on_typing(const FlowSettings& settings, State s, const Event& e, Moment now) {
    const protocol::Question* q = s.current_question();
    if (s.screen != Screen::Question || q == nullptr ||
        protocol::info(q->type).answer != protocol::AnswerKind::Text) {
        return {std::move(s), {}};
    }
    s.last_input_mono_ms = now.mono_ms;
    if (const auto* typed = std::get_if<event::TypeText>(&e)) {
        if (utf8_length(s.draft_text) + utf8_length(typed->text) <= settings.max_text_chars) {
            s.draft_text += typed->text;
        }
        s.shift = false;  // shift holds for one letter, as on a phone
    } else if (std::holds_alternative<event::Backspace>(e)) {
        utf8_pop_back(s.draft_text);
    } else {
        s.shift = !s.shift;
    }
    return {std::move(s), {}};
}

Step on_back(const FlowSettings& settings, State s, Moment now) {
    if (!is_patient_screen(s.screen) || debounced(s, settings, now)) {
        return {std::move(s), {}};
    }
    if (s.screen == Screen::Question && !s.visited.empty()) {
        s.question = s.visited.back();
        s.visited.pop_back();
        enter(s, Screen::Question, now);
        load_draft(s);
        return {std::move(s), {}};
    }
    if (s.screen == Screen::Question && s.stage.source == protocol::StageSource::Patient) {
        s.answers.clear();
        enter(s, Screen::StagePick, now);
        return {std::move(s), {}};
    }
    // Back to the start, but the same patient: their help stays.
    Assist assist = std::move(s.assist);
    assist.focus.clear();
    State start = fresh_start(std::move(s.memory), now);
    start.assist = std::move(assist);
    return {std::move(start), {}};
}

Step abandon(const SurveyContext& ctx, const FlowSettings& settings, State s, Moment now) {
    if (s.screen == Screen::Saving) {
        return {std::move(s), {}};  // the store in progress decides what comes next
    }
    const bool answering = is_patient_screen(s.screen) ||
                           (s.screen == Screen::StillThere && is_patient_screen(s.resume_screen));
    if (answering && s.survey != nullptr && !answers_still_shown(s).empty()) {
        // The patient walked away: keep how far they got, and clear the screen for the next one.
        return store(ctx, settings, std::move(s), protocol::ResponseStatus::Abandoned, now);
    }
    return {fresh_start(std::move(s.memory), now), {}};
}

Step on_time(const SurveyContext& ctx, const FlowSettings& settings, State s, Moment now) {
    const auto deadline = next_deadline(s, settings);
    if (!deadline || now.mono_ms < *deadline) {
        return {std::move(s), {}};
    }
    if (s.memory.staff_press_since_mono_ms &&
        now.mono_ms >= *s.memory.staff_press_since_mono_ms + settings.staff_press_ms) {
        s.memory.staff_press_since_mono_ms.reset();
        s.pin_entry.clear();
        s.assist = Assist{};  // between patients: staff screens are never read aloud
        enter(s, Screen::StaffPin, now);
        return {std::move(s), {}};
    }
    if (is_patient_screen(s.screen)) {
        s.resume_screen = s.screen;
        s.screen = Screen::StillThere;
        s.screen_since_mono_ms = now.mono_ms;
        s.assist.focus.clear();
        return {std::move(s), {effect::Chime{}}};
    }
    return abandon(ctx, settings, std::move(s), now);
}

Step on_store_finished(State s, const event::StoreFinished& e, Moment now) {
    if (s.screen != Screen::Saving) {
        return {std::move(s), {}};
    }
    std::vector<Effect> effects;
    if (e.ok) {
        effects.emplace_back(effect::WakeUploader{});
    }
    if (!s.saving_completed) {
        return {fresh_start(std::move(s.memory), now), std::move(effects)};
    }
    // Answers stay in memory only until the screen times out; then fresh_start clears them.
    enter(s, e.ok ? Screen::Thanks : Screen::SaveFailed, now);
    return {std::move(s), std::move(effects)};
}

Step on_assist(State s, const Event& e, Moment now) {
    if (!offers_assist(s.screen)) {
        return {std::move(s), {}};
    }
    s.last_input_mono_ms = now.mono_ms;
    Assist& a = s.assist;
    if (const auto* toggle = std::get_if<event::ToggleAssist>(&e)) {
        switch (toggle->option) {
            case AssistOption::Speech:
                a.speech = !a.speech;
                a.focus.clear();
                // Listening takes longer than reading: more time too, and it stays for this
                // patient even if speech is switched off again (mid-warning, say).
                a.more_time = a.more_time || a.speech;
                break;
            case AssistOption::LargeText:
                a.large_text = !a.large_text;
                break;
            case AssistOption::HighContrast:
                a.high_contrast = !a.high_contrast;
                break;
        }
    } else if (const auto* focus = std::get_if<event::Focus>(&e)) {
        if (a.speech) {
            a.focus = focus->target;
        }
    } else if (std::holds_alternative<event::Repeat>(e)) {
        ++a.repeats;
    } else if (const auto* volume = std::get_if<event::ChangeVolume>(&e)) {
        a.volume = std::clamp(a.volume + volume->steps * Assist::kVolumeStep, Assist::kMinVolume,
                              Assist::kMaxVolume);
    } else if (std::holds_alternative<event::NeedMoreTime>(e)) {
        a.more_time = true;
        if (s.screen == Screen::StillThere) {
            s.screen = s.resume_screen;
            a.focus.clear();
        }
    }
    return {std::move(s), {}};
}

Step on_staff_corner(const FlowSettings& settings, State s, const event::StaffCorner& e,
                     Moment now) {
    // Only between patients: a long press never interrupts or reveals someone's answers.
    const bool between_patients = s.screen == Screen::Language || s.screen == Screen::Thanks;
    if (e.down && between_patients && settings.staff_pin_matches) {
        s.memory.staff_press_since_mono_ms = now.mono_ms;
    } else {
        s.memory.staff_press_since_mono_ms.reset();
    }
    return {std::move(s), {}};
}

Step on_pin(const FlowSettings& settings, State s, const Event& e, Moment now) {
    if (s.screen != Screen::StaffPin) {
        return {std::move(s), {}};
    }
    s.last_input_mono_ms = now.mono_ms;
    if (now.mono_ms < s.memory.pin_locked_until_mono_ms) {
        return {std::move(s), {}};
    }
    if (const auto* digit = std::get_if<event::PinDigit>(&e)) {
        if (digit->digit >= '0' && digit->digit <= '9' && s.pin_entry.size() < 12) {
            s.pin_entry += digit->digit;
        }
    } else if (std::holds_alternative<event::PinErase>(e)) {
        if (!s.pin_entry.empty()) {
            s.pin_entry.pop_back();
        }
    } else if (settings.staff_pin_matches && settings.staff_pin_matches(s.pin_entry)) {
        s.memory.pin_failures = 0;
        s.pin_entry.clear();
        enter(s, Screen::Staff, now);
    } else {
        s.pin_entry.clear();
        if (++s.memory.pin_failures >= settings.staff_pin_attempts) {
            s.memory.pin_failures = 0;
            s.memory.pin_locked_until_mono_ms = now.mono_ms + settings.staff_lockout_ms;
        }
    }
    return {std::move(s), {}};
}

Step on_staff(State s, const Event& e, Moment now) {
    if (std::holds_alternative<event::StaffClose>(e) && s.screen == Screen::StaffPin) {
        return {fresh_start(std::move(s.memory), now), {}};
    }
    if (s.screen != Screen::Staff) {
        return {std::move(s), {}};
    }
    s.last_input_mono_ms = now.mono_ms;
    if (const auto* set = std::get_if<event::StaffSetStage>(&e)) {
        return {std::move(s), {effect::SetStaffStage{set->stage}}};
    }
    if (std::holds_alternative<event::StaffSyncNow>(e)) {
        return {std::move(s), {effect::WakeUploader{}}};
    }
    return {fresh_start(std::move(s.memory), now), {}};
}

}  // namespace

const protocol::Question* State::current_question() const {
    if (survey == nullptr || question >= survey->questions.size()) {
        return nullptr;
    }
    return &survey->questions[question];
}

const protocol::Answer* State::answer_to(std::string_view question_id) const {
    const auto it = std::find_if(answers.begin(), answers.end(), [&](const protocol::Answer& a) {
        return a.question == question_id;
    });
    return it == answers.end() ? nullptr : &*it;
}

namespace {

Step step_event(const SurveyContext& ctx, const FlowSettings& settings, State state,
                const Event& event, Moment now) {
    return std::visit(
        Overloaded{
            [&](const event::ChooseLanguage& e) {
                return on_choose_language(ctx, settings, std::move(state), e, now);
            },
            [&](const event::ChooseStage& e) {
                return on_choose_stage(ctx, settings, std::move(state), e, now);
            },
            [&](const event::AnswerQuestion& e) {
                return on_answer(ctx, settings, std::move(state), e, now);
            },
            [&](const event::ChooseOption& e) {
                return on_option(ctx, settings, std::move(state), e, now);
            },
            [&](const event::CantSay& e) {
                return on_cant_say(ctx, settings, std::move(state), e, now);
            },
            [&](const event::Continue& e) {
                return on_continue(ctx, settings, std::move(state), e, now);
            },
            [&](const event::TypeText&) {
                return on_typing(settings, std::move(state), event, now);
            },
            [&](const event::Backspace&) {
                return on_typing(settings, std::move(state), event, now);
            },
            [&](const event::ToggleShift&) {
                return on_typing(settings, std::move(state), event, now);
            },
            [&](const event::GoBack&) { return on_back(settings, std::move(state), now); },
            [&](const event::StillHere&) {
                if (state.screen == Screen::StillThere) {
                    state.screen = state.resume_screen;
                    state.last_input_mono_ms = now.mono_ms;
                    state.assist.focus.clear();
                }
                return Step{std::move(state), {}};
            },
            [&](const event::UserActivity&) {
                state.last_input_mono_ms = now.mono_ms;
                return Step{std::move(state), {}};
            },
            [&](const event::Abandon&) { return abandon(ctx, settings, std::move(state), now); },
            [&](const event::TimePassed&) { return on_time(ctx, settings, std::move(state), now); },
            [&](const event::StoreFinished& e) {
                return on_store_finished(std::move(state), e, now);
            },
            [&](const event::ToggleAssist&) { return on_assist(std::move(state), event, now); },
            [&](const event::Focus&) { return on_assist(std::move(state), event, now); },
            [&](const event::Repeat&) { return on_assist(std::move(state), event, now); },
            [&](const event::ChangeVolume&) { return on_assist(std::move(state), event, now); },
            [&](const event::NeedMoreTime&) { return on_assist(std::move(state), event, now); },
            [&](const event::StaffCorner& e) {
                return on_staff_corner(settings, std::move(state), e, now);
            },
            [&](const event::PinDigit&) { return on_pin(settings, std::move(state), event, now); },
            [&](const event::PinErase&) { return on_pin(settings, std::move(state), event, now); },
            [&](const event::PinSubmit&) { return on_pin(settings, std::move(state), event, now); },
            [&](const event::StaffSetStage&) { return on_staff(std::move(state), event, now); },
            [&](const event::StaffSyncNow&) { return on_staff(std::move(state), event, now); },
            [&](const event::StaffClose&) { return on_staff(std::move(state), event, now); },
            [&](const event::ShowPage& e) {
                state.page = std::max(0, e.page);
                state.last_input_mono_ms = now.mono_ms;
                return Step{std::move(state), {}};
            },
        },
        event);
}

}  // namespace

Step step(const SurveyContext& ctx, const FlowSettings& settings, State state, const Event& event,
          Moment now) {
    const Screen screen = state.screen;
    const std::size_t question = state.question;
    const protocol::Survey* survey = state.survey;
    Step result = step_event(ctx, settings, std::move(state), event, now);
    State& next = result.state;
    if (next.screen != screen || next.question != question || next.survey != survey) {
        next.page = 0;  // a new screen starts at its first page
    }
    return result;
}

std::optional<std::int64_t> next_deadline(const State& s, const FlowSettings& settings) {
    std::optional<std::int64_t> deadline;
    switch (s.screen) {
        case Screen::Language:
            // Help someone switched on and walked away from must not greet the next patient.
            if (s.assist != Assist{}) {
                deadline = s.last_input_mono_ms + idle_timeout_ms(s, settings);
            }
            break;
        case Screen::Saving:
            break;
        case Screen::StagePick:
        case Screen::Question:
        case Screen::StaffPin:
        case Screen::Staff:
            deadline = s.last_input_mono_ms + idle_timeout_ms(s, settings);
            break;
        case Screen::StillThere:
            deadline = s.screen_since_mono_ms + still_there_ms(s, settings);
            break;
        case Screen::Thanks:
            deadline = s.screen_since_mono_ms + settings.thanks_ms * time_factor(s, settings);
            break;
        case Screen::SaveFailed:
            deadline = s.screen_since_mono_ms + settings.save_failed_ms;
            break;
    }
    if (s.memory.staff_press_since_mono_ms) {
        const auto press = *s.memory.staff_press_since_mono_ms + settings.staff_press_ms;
        deadline = deadline ? std::min(*deadline, press) : press;
    }
    return deadline;
}

std::int64_t idle_timeout_ms(const State& s, const FlowSettings& settings) {
    return settings.idle_timeout_ms * time_factor(s, settings);
}

std::int64_t still_there_ms(const State& s, const FlowSettings& settings) {
    return settings.still_there_ms * time_factor(s, settings);
}

bool offers_assist(Screen screen) {
    return screen == Screen::Language || screen == Screen::StagePick ||
           screen == Screen::Question || screen == Screen::StillThere || screen == Screen::Thanks ||
           screen == Screen::SaveFailed;
}

int still_there_seconds_left(const State& s, const FlowSettings& settings, Moment now) {
    const auto left = s.screen_since_mono_ms + still_there_ms(s, settings) - now.mono_ms;
    return static_cast<int>(std::max<std::int64_t>(0, (left + 999) / 1000));
}

std::string screen_name(const State& s) {
    switch (s.screen) {
        case Screen::Language:
            return "language";
        case Screen::StagePick:
            return "stage";
        case Screen::Question:
            return s.current_question() != nullptr ? "question." + s.current_question()->id
                                                   : "question";
        case Screen::StillThere:
            return "still-there";
        case Screen::Saving:
            return "saving";
        case Screen::Thanks:
            return "thanks";
        case Screen::SaveFailed:
            return "save-failed";
        case Screen::StaffPin:
            return "staff-pin";
        case Screen::Staff:
            return "staff";
    }
    return "unknown";
}

}  // namespace fbk::kiosk::core
