#include "kiosk/core/flow.h"

#include <algorithm>

namespace fbk::kiosk::core {

namespace {

template <class... Ts>
struct Overloaded : Ts... {
    using Ts::operator()...;
};

State fresh_start(Moment now) {
    State s;
    s.screen_since_mono_ms = now.mono_ms;
    s.last_input_mono_ms = now.mono_ms;
    return s;
}

void enter(State& s, Screen screen, Moment now) {
    s.screen = screen;
    s.screen_since_mono_ms = now.mono_ms;
}

protocol::Response make_response(const SurveyContext& ctx, const State& s,
                                 protocol::ResponseStatus status, Moment now) {
    protocol::Response r;
    r.pack_id = ctx.pack->id;
    r.pack_version = ctx.pack->version;
    r.survey_id = ctx.survey->id;
    r.stage = ctx.stage;
    r.language = s.language;
    r.status = status;
    r.started_at_ms = s.started_wall_ms;
    r.finished_at_ms = now.wall_ms;
    r.monotonic_ms = now.mono_ms;
    r.answers = s.answers;
    return r;
}

Step on_choose_language(const FlowSettings& settings, State s, const event::ChooseLanguage& e,
                        Moment now) {
    const bool offered = std::find(settings.languages.begin(), settings.languages.end(),
                                   e.language) != settings.languages.end();
    if (s.screen != Screen::Language || !offered) {
        return {std::move(s), {}};
    }
    s.language = e.language;
    s.question = 0;
    s.answers.clear();
    s.started_wall_ms = now.wall_ms;
    s.last_input_mono_ms = now.mono_ms;
    enter(s, Screen::Question, now);
    return {std::move(s), {}};
}

Step on_answer(const SurveyContext& ctx, State s, const event::AnswerQuestion& e, Moment now) {
    if (s.screen != Screen::Question || s.question >= ctx.survey->questions.size()) {
        return {std::move(s), {}};
    }
    const protocol::Question& q = ctx.survey->questions[s.question];
    if (q.id != e.question || !protocol::value_range(q.type).contains(e.value)) {
        return {std::move(s), {}};  // a stale or impossible tap changes nothing
    }
    s.last_input_mono_ms = now.mono_ms;
    const auto existing =
        std::find_if(s.answers.begin(), s.answers.end(),
                     [&](const protocol::Answer& a) { return a.question == q.id; });
    if (existing != s.answers.end()) {
        existing->value = e.value;
    } else {
        s.answers.push_back({q.id, e.value});
    }
    if (s.question + 1 < ctx.survey->questions.size()) {
        ++s.question;
        enter(s, Screen::Question, now);
        return {std::move(s), {}};
    }
    auto response = make_response(ctx, s, protocol::ResponseStatus::Completed, now);
    s.saving_completed = true;
    enter(s, Screen::Saving, now);
    return {std::move(s), {effect::StoreResponse{std::move(response)}}};
}

Step on_back(State s, Moment now) {
    if (s.screen != Screen::Question) {
        return {std::move(s), {}};
    }
    s.last_input_mono_ms = now.mono_ms;
    if (s.question == 0) {
        return {fresh_start(now), {}};
    }
    --s.question;
    enter(s, Screen::Question, now);
    return {std::move(s), {}};
}

Step abandon(const SurveyContext& ctx, State s, Moment now) {
    if (s.screen == Screen::Question && !s.answers.empty()) {
        // The patient walked away: keep how far they got, and clear the screen for the next one.
        auto response = make_response(ctx, s, protocol::ResponseStatus::Abandoned, now);
        s.saving_completed = false;
        enter(s, Screen::Saving, now);
        return {std::move(s), {effect::StoreResponse{std::move(response)}}};
    }
    if (s.screen == Screen::Saving) {
        return {std::move(s), {}};  // the store in progress decides what comes next
    }
    return {fresh_start(now), {}};
}

Step on_time(const SurveyContext& ctx, const FlowSettings& settings, State s, Moment now) {
    const auto deadline = next_deadline(s, settings);
    if (!deadline || now.mono_ms < *deadline) {
        return {std::move(s), {}};
    }
    return abandon(ctx, std::move(s), now);
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
        return {fresh_start(now), std::move(effects)};
    }
    // Answers stay in memory only until the screen times out; then fresh_start clears them.
    enter(s, e.ok ? Screen::Thanks : Screen::SaveFailed, now);
    return {std::move(s), std::move(effects)};
}

}  // namespace

Step step(const SurveyContext& ctx, const FlowSettings& settings, State state, const Event& event,
          Moment now) {
    return std::visit(
        Overloaded{
            [&](const event::ChooseLanguage& e) {
                return on_choose_language(settings, std::move(state), e, now);
            },
            [&](const event::AnswerQuestion& e) {
                return on_answer(ctx, std::move(state), e, now);
            },
            [&](const event::GoBack&) { return on_back(std::move(state), now); },
            [&](const event::UserActivity&) {
                if (state.screen == Screen::Question) {
                    state.last_input_mono_ms = now.mono_ms;
                }
                return Step{std::move(state), {}};
            },
            [&](const event::Abandon&) { return abandon(ctx, std::move(state), now); },
            [&](const event::TimePassed&) { return on_time(ctx, settings, std::move(state), now); },
            [&](const event::StoreFinished& e) {
                return on_store_finished(std::move(state), e, now);
            },
        },
        event);
}

std::optional<std::int64_t> next_deadline(const State& s, const FlowSettings& settings) {
    switch (s.screen) {
        case Screen::Language:
        case Screen::Saving:
            return std::nullopt;
        case Screen::Question:
            return s.last_input_mono_ms + settings.idle_timeout_ms;
        case Screen::Thanks:
            return s.screen_since_mono_ms + settings.thanks_ms;
        case Screen::SaveFailed:
            return s.screen_since_mono_ms + settings.save_failed_ms;
    }
    return std::nullopt;
}

std::string screen_name(const State& s, const SurveyContext& ctx) {
    switch (s.screen) {
        case Screen::Language:
            return "language";
        case Screen::Question:
            return "question." + ctx.survey->questions.at(s.question).id;
        case Screen::Saving:
            return "saving";
        case Screen::Thanks:
            return "thanks";
        case Screen::SaveFailed:
            return "save-failed";
    }
    return "unknown";
}

}  // namespace fbk::kiosk::core
