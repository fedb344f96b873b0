#include <doctest/doctest.h>

#include "kiosk/core/flow.h"

namespace core = fbk::kiosk::core;
namespace protocol = fbk::sync::protocol;

namespace {

struct Fixture {
    protocol::SurveyPack pack;
    core::SurveyContext ctx;
    core::FlowSettings settings;
    core::State state;
    core::Moment now{1'700'000'000'000, 10'000};
    std::vector<core::Effect> effects;

    Fixture() {
        auto load = protocol::parse_survey_pack(R"({
          "format": 1, "id": "p", "version": 2, "default_language": "en", "languages": ["en", "fi"],
          "surveys": [{"id": "s", "stages": ["WAITING"], "questions": [
            {"id": "satisfaction", "type": "smiley", "text": {"en": "a", "fi": "b"}},
            {"id": "recommend", "type": "nps", "text": {"en": "c", "fi": "d"}}]}]})");
        REQUIRE(load.pack);
        pack = *load.pack;
        ctx = {&pack, &pack.surveys[0], "WAITING"};
        settings.languages = {"fi", "en"};
        settings.default_language = "fi";
        settings.idle_timeout_ms = 30'000;
        settings.thanks_ms = 6'000;
    }

    void send(const core::Event& e) {
        auto s = core::step(ctx, settings, state, e, now);
        state = std::move(s.state);
        effects = std::move(s.effects);
    }
    void later(std::int64_t ms) {
        now.wall_ms += ms;
        now.mono_ms += ms;
    }
    std::string screen() const { return core::screen_name(state, ctx); }
};

}  // namespace

TEST_CASE("a patient answers both questions and the response is stored before thanks") {
    Fixture f;
    CHECK(f.screen() == "language");
    f.send(core::event::ChooseLanguage{"fi"});
    CHECK(f.screen() == "question.satisfaction");
    f.later(2000);
    f.send(core::event::AnswerQuestion{"satisfaction", 4});
    CHECK(f.screen() == "question.recommend");
    CHECK(f.effects.empty());
    f.send(core::event::AnswerQuestion{"recommend", 9});
    // Not thanks yet: the response must be committed first.
    CHECK(f.screen() == "saving");
    REQUIRE(f.effects.size() == 1);
    const auto& store = std::get<core::effect::StoreResponse>(f.effects[0]);
    CHECK(store.response.language == "fi");
    CHECK(store.response.stage == "WAITING");
    CHECK(store.response.pack_id == "p");
    CHECK(store.response.pack_version == 2);
    CHECK(store.response.survey_id == "s");
    CHECK(store.response.status == protocol::ResponseStatus::Completed);
    CHECK(store.response.started_at_ms == 1'700'000'000'000);
    CHECK(store.response.finished_at_ms == 1'700'000'002'000);
    REQUIRE(store.response.answers.size() == 2);
    CHECK(store.response.answers[0].value == 4);
    CHECK(store.response.answers[1].value == 9);

    f.send(core::event::StoreFinished{true});
    CHECK(f.screen() == "thanks");
    REQUIRE(f.effects.size() == 1);
    CHECK(std::holds_alternative<core::effect::WakeUploader>(f.effects[0]));
}

TEST_CASE("the thank-you screen returns to the start by itself and forgets the patient") {
    Fixture f;
    f.send(core::event::ChooseLanguage{"en"});
    f.send(core::event::AnswerQuestion{"satisfaction", 5});
    f.send(core::event::AnswerQuestion{"recommend", 10});
    f.send(core::event::StoreFinished{true});
    REQUIRE(core::next_deadline(f.state, f.settings) == f.now.mono_ms + 6000);
    f.later(5999);
    f.send(core::event::TimePassed{});
    CHECK(f.screen() == "thanks");
    f.later(1);
    f.send(core::event::TimePassed{});
    CHECK(f.screen() == "language");
    CHECK(f.state.answers.empty());
    CHECK(f.state.language.empty());
}

TEST_CASE("a failed commit never shows the thank-you screen") {
    Fixture f;
    f.send(core::event::ChooseLanguage{"en"});
    f.send(core::event::AnswerQuestion{"satisfaction", 3});
    f.send(core::event::AnswerQuestion{"recommend", 7});
    f.send(core::event::StoreFinished{false});
    CHECK(f.screen() == "save-failed");
    CHECK(f.effects.empty());  // nothing to upload
}

TEST_CASE("a patient who walks away leaves an abandoned response and a clean screen") {
    Fixture f;
    f.send(core::event::ChooseLanguage{"fi"});
    f.send(core::event::AnswerQuestion{"satisfaction", 2});
    f.later(29'999);
    f.send(core::event::TimePassed{});
    CHECK(f.screen() == "question.recommend");
    f.later(1);
    f.send(core::event::TimePassed{});
    REQUIRE(f.effects.size() == 1);
    const auto& store = std::get<core::effect::StoreResponse>(f.effects[0]);
    CHECK(store.response.status == protocol::ResponseStatus::Abandoned);
    CHECK(store.response.answers.size() == 1);
    f.send(core::event::StoreFinished{true});
    CHECK(f.screen() == "language");
    CHECK(f.state.answers.empty());
}

TEST_CASE("idle with nothing answered stores nothing") {
    Fixture f;
    f.send(core::event::ChooseLanguage{"fi"});
    f.later(30'000);
    f.send(core::event::TimePassed{});
    CHECK(f.screen() == "language");
    CHECK(f.effects.empty());
}

TEST_CASE("a touch anywhere keeps the survey open") {
    Fixture f;
    f.send(core::event::ChooseLanguage{"fi"});
    f.later(20'000);
    f.send(core::event::UserActivity{});
    f.later(20'000);
    f.send(core::event::TimePassed{});
    CHECK(f.screen() == "question.satisfaction");
}

TEST_CASE(
    "back goes to the previous question keeping the answer, and from the first to the start") {
    Fixture f;
    f.send(core::event::ChooseLanguage{"fi"});
    f.send(core::event::AnswerQuestion{"satisfaction", 2});
    f.send(core::event::GoBack{});
    CHECK(f.screen() == "question.satisfaction");
    f.send(core::event::AnswerQuestion{"satisfaction", 5});
    f.send(core::event::AnswerQuestion{"recommend", 8});
    const auto& store = std::get<core::effect::StoreResponse>(f.effects[0]);
    REQUIRE(store.response.answers.size() == 2);
    CHECK(store.response.answers[0].value == 5);  // replaced, not duplicated

    Fixture g;
    g.send(core::event::ChooseLanguage{"fi"});
    g.send(core::event::GoBack{});
    CHECK(g.screen() == "language");
}

TEST_CASE("stale, impossible and unoffered intents change nothing") {
    Fixture f;
    f.send(core::event::ChooseLanguage{"sv"});  // not offered by this kiosk
    CHECK(f.screen() == "language");
    f.send(core::event::AnswerQuestion{"satisfaction", 3});  // no question on screen
    CHECK(f.screen() == "language");
    f.send(core::event::ChooseLanguage{"en"});
    f.send(core::event::AnswerQuestion{"recommend", 3});  // a tap meant for another screen
    CHECK(f.screen() == "question.satisfaction");
    f.send(core::event::AnswerQuestion{"satisfaction", 6});  // out of range
    CHECK(f.screen() == "question.satisfaction");
    CHECK(f.state.answers.empty());
}

TEST_CASE("shutting down mid-survey keeps the answers as abandoned") {
    Fixture f;
    f.send(core::event::ChooseLanguage{"fi"});
    f.send(core::event::AnswerQuestion{"satisfaction", 1});
    f.send(core::event::Abandon{});
    REQUIRE(f.effects.size() == 1);
    CHECK(std::get<core::effect::StoreResponse>(f.effects[0]).response.status ==
          protocol::ResponseStatus::Abandoned);
}
