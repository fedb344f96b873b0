// The kiosk's flow (kiosk/core/flow.h), driven event by event on a test pack with a fake clock.
// Long because every case drives the same state machine through the same pack and driver below;
// split by screen, each file would repeat them.
#include <doctest/doctest.h>

#include "kiosk/core/flow.h"

namespace core = fbk::kiosk::core;
namespace protocol = fbk::sync::protocol;
namespace event = core::event;

namespace {

constexpr const char* kPack = R"({
  "format": 1, "id": "p", "version": 2, "default_language": "en", "languages": ["en", "fi"],
  "stage_question": {"text": {"en": "Where?"}, "stages": ["WAITING", "DISCHARGE"]},
  "surveys": [
    {"id": "s", "stages": ["WAITING"], "questions": [
      {"id": "satisfaction", "type": "smiley", "text": {"en": "a", "fi": "b"}},
      {"id": "recommend", "type": "nps", "text": {"en": "c", "fi": "d"}}]},
    {"id": "full", "stages": ["DISCHARGE"], "questions": [
      {"id": "satisfaction", "type": "smiley", "text": {"en": "a"}, "allow_cant_say": true},
      {"id": "wrong", "type": "multi_choice", "text": {"en": "What went wrong?"},
       "show_if": {"question": "satisfaction", "at_most": 2}, "max_choices": 2,
       "options": [{"id": "waiting", "text": {"en": "w"}}, {"id": "info", "text": {"en": "i"}},
                   {"id": "staff", "text": {"en": "s"}}]},
      {"id": "effort", "type": "effort", "text": {"en": "e"}},
      {"id": "informed", "type": "yes_partly_no", "text": {"en": "y"}, "allow_cant_say": true},
      {"id": "booking", "type": "single_choice", "text": {"en": "b"},
       "options": [{"id": "phone", "text": {"en": "p"}}, {"id": "online", "text": {"en": "o"}}]},
      {"id": "comment", "type": "free_text", "text": {"en": "t"}}]},
    {"id": "pain", "stages": ["EXAMINATION"], "questions": [
      {"id": "pain", "type": "slider", "text": {"en": "How much pain?"}, "allow_cant_say": true,
       "anchors": {"low": {"en": "None"}, "high": {"en": "Worst"}}},
      {"id": "why", "type": "free_text", "text": {"en": "Why?"},
       "show_if": {"question": "pain", "at_least": 70}},
      {"id": "satisfaction", "type": "smiley", "text": {"en": "a"}}]}]})";

struct Fixture {
    protocol::SurveyPack pack;
    core::SurveyContext ctx;
    core::FlowSettings settings;
    core::State state;
    core::Moment now{1'700'000'000'000, 10'000};
    std::vector<core::Effect> effects;

    explicit Fixture(std::string stage = "WAITING") {
        auto load = protocol::parse_survey_pack(kPack);
        REQUIRE(load.pack);
        pack = *load.pack;
        ctx = {&pack, {stage, protocol::StageSource::Config}};
        settings.languages = {"fi", "en"};
        settings.default_language = "fi";
        settings.staff_pin_matches = [](std::string_view pin) { return pin == "2468"; };
    }

    void send(const core::Event& e) {
        auto s = core::step(ctx, settings, state, e, now);
        state = std::move(s.state);
        effects = std::move(s.effects);
    }
    // A person's tap: a second after the last thing they did, like a real patient.
    void tap(const core::Event& e) {
        later(1000);
        send(e);
    }
    void later(std::int64_t ms) {
        now.wall_ms += ms;
        now.mono_ms += ms;
    }
    std::string screen() const { return core::screen_name(state); }
    const protocol::Response& stored() const {
        REQUIRE(!effects.empty());
        return std::get<core::effect::StoreResponse>(effects.at(0)).response;
    }
};

}  // namespace

TEST_CASE("a patient answers both questions and the response is stored before thanks") {
    Fixture f;
    CHECK(f.screen() == "language");
    f.tap(event::ChooseLanguage{"fi"});
    CHECK(f.screen() == "question.satisfaction");
    f.tap(event::AnswerQuestion{"satisfaction", 4});
    CHECK(f.screen() == "question.recommend");
    CHECK(f.effects.empty());
    f.tap(event::AnswerQuestion{"recommend", 9});
    // Not thanks yet: the response must be committed first.
    CHECK(f.screen() == "saving");
    const auto& r = f.stored();
    CHECK(r.language == "fi");
    CHECK(r.stage == "WAITING");
    CHECK(r.stage_source == protocol::StageSource::Config);
    CHECK(r.pack_id == "p");
    CHECK(r.pack_version == 2);
    CHECK(r.survey_id == "s");
    CHECK(r.status == protocol::ResponseStatus::Completed);
    CHECK(r.started_at_ms == 1'700'000'001'000);
    CHECK(r.finished_at_ms == 1'700'000'003'000);
    CHECK(r.flags.empty());
    REQUIRE(r.answers.size() == 2);
    CHECK(r.answers[0] == protocol::Answer("satisfaction", 4));
    CHECK(r.answers[1] == protocol::Answer("recommend", 9));

    f.send(event::StoreFinished{true});
    CHECK(f.screen() == "thanks");
    REQUIRE(f.effects.size() == 1);
    CHECK(std::holds_alternative<core::effect::WakeUploader>(f.effects[0]));
}

TEST_CASE("a page of choices is kept on its screen and starts again on the next") {
    Fixture f;
    f.tap(event::ShowPage{1});
    CHECK(f.screen() == "language");
    CHECK(f.state.page == 1);
    CHECK(f.state.last_input_mono_ms == f.now.mono_ms);  // a touch: the idle time starts again
    f.tap(event::ShowPage{-3});
    CHECK(f.state.page == 0);
    f.tap(event::ShowPage{2});
    f.tap(event::ChooseLanguage{"en"});
    CHECK(f.screen() != "language");
    CHECK(f.state.page == 0);
    f.tap(event::ShowPage{1});
    REQUIRE(f.state.page == 1);
    f.tap(event::AnswerQuestion{"satisfaction", 5});  // the next question: its first page
    CHECK(f.state.page == 0);
}

TEST_CASE("the thank-you screen returns to the start by itself and forgets the patient") {
    Fixture f;
    f.tap(event::ChooseLanguage{"en"});
    f.tap(event::AnswerQuestion{"satisfaction", 5});
    f.tap(event::AnswerQuestion{"recommend", 10});
    f.send(event::StoreFinished{true});
    REQUIRE(core::next_deadline(f.state, f.settings) == f.now.mono_ms + 6000);
    f.later(5999);
    f.send(event::TimePassed{});
    CHECK(f.screen() == "thanks");
    f.later(1);
    f.send(event::TimePassed{});
    CHECK(f.screen() == "language");
    CHECK(f.state.answers.empty());
    CHECK(f.state.language.empty());
}

TEST_CASE("a failed commit never shows the thank-you screen") {
    Fixture f;
    f.tap(event::ChooseLanguage{"en"});
    f.tap(event::AnswerQuestion{"satisfaction", 3});
    f.tap(event::AnswerQuestion{"recommend", 7});
    f.send(event::StoreFinished{false});
    CHECK(f.screen() == "save-failed");
    CHECK(f.effects.empty());  // nothing to upload
}

TEST_CASE("idle: a warning with a chime, then the answers so far are stored as abandoned") {
    Fixture f;
    f.tap(event::ChooseLanguage{"en"});
    f.tap(event::AnswerQuestion{"satisfaction", 2});
    f.later(29'999);
    f.send(event::TimePassed{});
    CHECK(f.screen() == "question.recommend");
    f.later(1);
    f.send(event::TimePassed{});
    CHECK(f.screen() == "still-there");
    REQUIRE(f.effects.size() == 1);
    CHECK(std::holds_alternative<core::effect::Chime>(f.effects[0]));
    CHECK(core::still_there_seconds_left(f.state, f.settings, f.now) == 20);

    SUBCASE("the patient comes back and carries on where they were") {
        f.later(5'000);
        f.send(event::StillHere{});
        CHECK(f.screen() == "question.recommend");
        CHECK(f.state.answers.size() == 1);
    }
    SUBCASE("nobody answers: abandoned, then a fresh start in the kiosk's default language") {
        f.later(20'000);
        f.send(event::TimePassed{});
        const auto& r = f.stored();
        CHECK(r.status == protocol::ResponseStatus::Abandoned);
        CHECK(r.abandoned_at == "question.recommend");
        REQUIRE(r.answers.size() == 1);
        CHECK(r.language == "en");
        f.send(event::StoreFinished{true});
        CHECK(f.screen() == "language");
        CHECK(f.state.answers.empty());
        CHECK(f.state.language.empty());  // the next patient sees the default language
        CHECK(f.state.draft_text.empty());
    }
}

TEST_CASE("idle with nothing answered stores nothing") {
    Fixture f;
    f.tap(event::ChooseLanguage{"fi"});
    f.later(30'000);
    f.send(event::TimePassed{});
    f.later(20'000);
    f.send(event::TimePassed{});
    CHECK(f.screen() == "language");
    CHECK(f.effects.empty());
}

TEST_CASE("a touch anywhere keeps the survey open") {
    Fixture f;
    f.tap(event::ChooseLanguage{"fi"});
    f.later(20'000);
    f.send(event::UserActivity{});
    f.later(20'000);
    f.send(event::TimePassed{});
    CHECK(f.screen() == "question.satisfaction");
}

TEST_CASE(
    "back goes to the previous question keeping the answer, and from the first to the start") {
    Fixture f;
    f.tap(event::ChooseLanguage{"fi"});
    f.tap(event::AnswerQuestion{"satisfaction", 2});
    f.tap(event::GoBack{});
    CHECK(f.screen() == "question.satisfaction");
    f.tap(event::AnswerQuestion{"satisfaction", 5});
    f.tap(event::AnswerQuestion{"recommend", 8});
    const auto& r = f.stored();
    REQUIRE(r.answers.size() == 2);
    CHECK(r.answers[0].value == 5);  // replaced, not duplicated

    Fixture g;
    g.tap(event::ChooseLanguage{"fi"});
    g.tap(event::GoBack{});
    CHECK(g.screen() == "language");
}

TEST_CASE("stale, bounced, impossible and unoffered intents change nothing") {
    Fixture f;
    f.tap(event::ChooseLanguage{"sv"});  // not offered by this kiosk
    CHECK(f.screen() == "language");
    f.tap(event::AnswerQuestion{"satisfaction", 3});  // no question on screen
    CHECK(f.screen() == "language");
    f.tap(event::ChooseLanguage{"en"});
    f.tap(event::AnswerQuestion{"recommend", 3});  // a tap meant for another screen
    CHECK(f.screen() == "question.satisfaction");
    f.tap(event::AnswerQuestion{"satisfaction", 6});  // out of range
    CHECK(f.screen() == "question.satisfaction");
    f.tap(event::AnswerQuestion{"satisfaction", 4});
    f.later(100);  // a double tap lands on the next screen: debounced
    f.send(event::AnswerQuestion{"recommend", 4});
    CHECK(f.screen() == "question.recommend");
    CHECK(f.state.answers.size() == 1);
}

TEST_CASE("shutting down mid-survey keeps the answers as abandoned") {
    Fixture f;
    f.tap(event::ChooseLanguage{"fi"});
    f.tap(event::AnswerQuestion{"satisfaction", 1});
    f.send(event::Abandon{});
    CHECK(f.stored().status == protocol::ResponseStatus::Abandoned);
}

TEST_CASE("every question type, the follow-up and free text make one response") {
    Fixture f("DISCHARGE");
    f.tap(event::ChooseLanguage{"en"});
    f.tap(event::AnswerQuestion{"satisfaction", 2});
    REQUIRE(f.screen() == "question.wrong");  // shown because satisfaction <= 2
    f.tap(event::ChooseOption{"wrong", "staff"});
    f.tap(event::ChooseOption{"wrong", "waiting"});
    f.tap(event::ChooseOption{"wrong", "info"});  // max_choices 2: ignored
    CHECK(f.state.draft_choices == std::vector<std::string>{"waiting", "staff"});
    f.tap(event::Continue{"wrong"});
    f.tap(event::AnswerQuestion{"effort", 6});
    f.tap(event::CantSay{"informed"});
    f.tap(event::ChooseOption{"booking", "online"});
    REQUIRE(f.screen() == "question.comment");
    for (const char* key : {"H", "y", "v", "ä", " ", "д"}) {
        f.tap(event::TypeText{key});
    }
    f.tap(event::Backspace{});
    CHECK(f.state.draft_text == "Hyvä ");
    f.tap(event::Continue{"comment"});
    const auto& r = f.stored();
    CHECK(r.survey_id == "full");
    REQUIRE(r.answers.size() == 6);
    CHECK(r.answers[1] == protocol::Answer::of_choices("wrong", {"waiting", "staff"}));
    CHECK(r.answers[2] == protocol::Answer("effort", 6));
    CHECK(r.answers[3] == protocol::Answer::cannot_say("informed"));
    CHECK(r.answers[4] == protocol::Answer::of_choices("booking", {"online"}));
    CHECK(r.answers[5] == protocol::Answer::of_text("comment", "Hyvä"));
}

TEST_CASE("a follow-up is skipped when its condition fails, and dropped when it stops holding") {
    Fixture f("DISCHARGE");
    f.tap(event::ChooseLanguage{"en"});
    f.tap(event::AnswerQuestion{"satisfaction", 5});
    CHECK(f.screen() == "question.effort");

    Fixture g("DISCHARGE");
    g.tap(event::ChooseLanguage{"en"});
    g.tap(event::AnswerQuestion{"satisfaction", 1});
    g.tap(event::ChooseOption{"wrong", "info"});
    g.tap(event::Continue{"wrong"});
    g.tap(event::GoBack{});
    g.tap(event::GoBack{});
    REQUIRE(g.screen() == "question.satisfaction");
    g.tap(event::AnswerQuestion{"satisfaction", 4});  // the follow-up no longer applies
    CHECK(g.screen() == "question.effort");
    g.tap(event::AnswerQuestion{"effort", 3});
    g.tap(event::ChooseOption{"informed", "yes"});
    g.tap(event::ChooseOption{"booking", "phone"});
    g.tap(event::Continue{"comment"});  // empty comment: skipped
    const auto& r = g.stored();
    REQUIRE(r.answers.size() == 4);
    for (const auto& a : r.answers) {
        CHECK(a.question != "wrong");
        CHECK(a.question != "comment");
    }
}

TEST_CASE("the pack can let the patient say where they are in the visit") {
    Fixture f("");  // stage "" = ask the patient
    f.ctx.stage = {"", protocol::StageSource::Patient};
    f.tap(event::ChooseLanguage{"en"});
    CHECK(f.screen() == "stage");
    f.tap(event::ChooseStage{"OVERALL"});  // not offered by the question
    CHECK(f.screen() == "stage");
    f.tap(event::ChooseStage{"DISCHARGE"});
    CHECK(f.screen() == "question.satisfaction");
    f.tap(event::GoBack{});
    CHECK(f.screen() == "stage");
    f.tap(event::ChooseStage{"WAITING"});
    f.tap(event::AnswerQuestion{"satisfaction", 4});
    f.tap(event::AnswerQuestion{"recommend", 9});
    CHECK(f.stored().stage == "WAITING");
    CHECK(f.stored().stage_source == protocol::StageSource::Patient);
    CHECK(f.stored().survey_id == "s");
}

TEST_CASE("staff mode: a long press in the corner, a PIN, and a lockout after three misses") {
    Fixture f;
    f.tap(event::StaffCorner{true});
    f.later(2'000);
    f.send(event::StaffCorner{false});  // released too soon
    f.later(2'000);
    f.send(event::TimePassed{});
    CHECK(f.screen() == "language");

    f.send(event::StaffCorner{true});
    REQUIRE(core::next_deadline(f.state, f.settings) == f.now.mono_ms + 3'000);
    f.later(3'000);
    f.send(event::TimePassed{});
    REQUIRE(f.screen() == "staff-pin");
    f.send(event::StaffCorner{false});

    const auto enter = [&](std::string_view pin) {
        for (const char d : pin) {
            f.tap(event::PinDigit{d});
        }
        f.tap(event::PinSubmit{});
    };
    enter("1111");
    enter("2222");
    CHECK(f.screen() == "staff-pin");
    enter("3333");  // third miss: locked for a minute, even with the right PIN
    enter("2468");
    CHECK(f.screen() == "staff-pin");
    f.later(60'000);
    f.send(event::UserActivity{});
    enter("2468");
    REQUIRE(f.screen() == "staff");

    f.tap(event::StaffSetStage{"DISCHARGE"});
    REQUIRE(f.effects.size() == 1);
    CHECK(std::get<core::effect::SetStaffStage>(f.effects[0]).stage == "DISCHARGE");
    f.tap(event::StaffSyncNow{});
    CHECK(std::holds_alternative<core::effect::WakeUploader>(f.effects.at(0)));
    f.tap(event::StaffClose{});
    CHECK(f.screen() == "language");
}

TEST_CASE("staff mode is off without a PIN and never opens during a patient's survey") {
    Fixture f;
    f.settings.staff_pin_matches = nullptr;
    f.tap(event::StaffCorner{true});
    CHECK_FALSE(core::next_deadline(f.state, f.settings).has_value());

    Fixture g;
    g.tap(event::ChooseLanguage{"en"});
    g.tap(event::StaffCorner{true});
    g.later(3'000);
    g.send(event::TimePassed{});
    CHECK(g.screen() == "question.satisfaction");
}

TEST_CASE("responses are flagged, not dropped, when they come too fast") {
    Fixture f;
    const auto patient = [&](std::int64_t think_ms) {
        f.later(think_ms);
        f.send(event::ChooseLanguage{"en"});
        f.later(think_ms);
        f.send(event::AnswerQuestion{"satisfaction", 5});
        f.later(think_ms);
        f.send(event::AnswerQuestion{"recommend", 10});
        auto flags = f.stored().flags;
        f.send(event::StoreFinished{true});
        f.later(f.settings.thanks_ms);
        f.send(event::TimePassed{});
        return flags;
    };
    CHECK(patient(2'000).empty());
    CHECK(patient(400) == std::vector<std::string>{"too_fast"});
    f.later(60'000);
    CHECK(patient(2'000).empty());
    f.settings.thanks_ms = 0;
    f.settings.misuse.max_per_minute = 2;
    f.later(60'000);
    CHECK(patient(1'000).empty());
    CHECK(patient(900) == std::vector<std::string>{"rapid_repeat"});
    CHECK(patient(900) == std::vector<std::string>{"rapid_repeat", "burst"});
}

TEST_CASE("identifiers in a comment are redacted before the response exists") {
    Fixture f("DISCHARGE");
    f.tap(event::ChooseLanguage{"fi"});
    f.tap(event::AnswerQuestion{"satisfaction", 4});
    f.tap(event::AnswerQuestion{"effort", 5});
    f.tap(event::ChooseOption{"informed", "yes"});
    f.tap(event::ChooseOption{"booking", "phone"});
    f.state.draft_text = "Hetuni on 131052-308T, soita 040 123 4567";
    f.tap(event::Continue{"comment"});
    CHECK(f.stored().answers.back() ==
          protocol::Answer::of_text("comment", "Hetuni on [hetu], soita [phone]"));
}

TEST_CASE("the stage comes from staff, then the schedule, then the kiosk's config") {
    auto load = protocol::parse_survey_pack(R"({
      "format": 1, "id": "p", "version": 1, "default_language": "en", "languages": ["en"],
      "schedule": [{"stage": "LABORATORY", "days": ["mon", "tue"], "from": "07:00",
                    "to": "11:00"}],
      "stage_question": {"text": {"en": "Where?"}, "stages": ["WAITING", "LABORATORY"]},
      "surveys": [
        {"id": "s", "stages": ["WAITING"], "questions": [
          {"id": "q", "type": "smiley", "text": {"en": "a"}}]},
        {"id": "lab", "stages": ["LABORATORY", "DISCHARGE"], "questions": [
          {"id": "q", "type": "smiley", "text": {"en": "a"}}]}]})");
    REQUIRE(load.pack);
    const auto& pack = *load.pack;
    const core::LocalTime monday_morning{0, 8 * 60};
    const core::LocalTime monday_noon{0, 11 * 60};
    const core::LocalTime wednesday_morning{2, 8 * 60};
    using Source = protocol::StageSource;
    const auto is = [](const core::StageChoice& c, std::string stage, Source source) {
        return c.stage == stage && c.source == source;
    };
    CHECK(is(core::choose_stage(pack, {}, "WAITING", "", monday_morning), "LABORATORY",
             Source::Schedule));
    CHECK(is(core::choose_stage(pack, {}, "WAITING", "", monday_noon), "WAITING", Source::Config));
    CHECK(is(core::choose_stage(pack, {}, "WAITING", "", wednesday_morning), "WAITING",
             Source::Config));
    CHECK(is(core::choose_stage(pack, {}, "WAITING", "DISCHARGE", monday_morning), "DISCHARGE",
             Source::Staff));
    const auto asked = core::choose_stage(pack, {}, "ask", "", wednesday_morning);
    CHECK(asked.ask_patient());
    CHECK(asked.source == Source::Patient);
}

TEST_CASE("help a patient asks for lasts for that patient: speech, large text, contrast, volume") {
    Fixture f;
    f.tap(event::ToggleAssist{core::AssistOption::Speech});
    f.tap(event::ToggleAssist{core::AssistOption::LargeText});
    f.tap(event::ToggleAssist{core::AssistOption::HighContrast});
    CHECK(f.state.assist.speech);
    CHECK(f.state.assist.large_text);
    CHECK(f.state.assist.high_contrast);
    f.tap(event::ChangeVolume{+1});
    f.tap(event::ChangeVolume{+1});
    CHECK(f.state.assist.volume == 140);
    for (int i = 0; i < 20; ++i) {
        f.send(event::ChangeVolume{-1});
    }
    CHECK(f.state.assist.volume == core::Assist::kMinVolume);  // never silent
    f.send(event::ChangeVolume{+2});

    // Speech mode: a first touch focuses; the focus goes with the screen.
    f.tap(event::Focus{"lang.en"});
    CHECK(f.state.assist.focus == "lang.en");
    f.tap(event::ChooseLanguage{"en"});
    CHECK(f.screen() == "question.satisfaction");
    CHECK(f.state.assist.focus.empty());
    CHECK(f.state.assist.large_text);  // kept while the same patient goes on
    f.tap(event::Repeat{});
    CHECK(f.state.assist.repeats == 1);
    // Listening takes longer than reading: speech mode lengthens the timeouts too.
    CHECK(core::idle_timeout_ms(f.state, f.settings) == 90'000);
    CHECK(core::still_there_ms(f.state, f.settings) == 60'000);

    f.tap(event::AnswerQuestion{"satisfaction", 4});
    f.tap(event::AnswerQuestion{"recommend", 9});
    f.send(event::StoreFinished{true});
    CHECK(f.screen() == "thanks");
    CHECK(f.state.assist.speech);                  // the thank-you is read too
    f.later(6'000 * f.settings.more_time_factor);  // speech mode keeps thanks up longer
    f.send(event::TimePassed{});
    CHECK(f.screen() == "language");
    CHECK(f.state.assist == core::Assist{});  // the next patient starts with the defaults
    CHECK(f.state.assist.volume == core::Assist::kDefaultVolume);
}

TEST_CASE("focus is only taken in speech mode, and switching speech off drops it") {
    Fixture f;
    f.tap(event::Focus{"lang.fi"});
    CHECK(f.state.assist.focus.empty());
    f.tap(event::ToggleAssist{core::AssistOption::Speech});
    f.tap(event::Focus{"lang.fi"});
    CHECK(f.state.assist.focus == "lang.fi");
    f.tap(event::ToggleAssist{core::AssistOption::Speech});
    CHECK_FALSE(f.state.assist.speech);
    CHECK(f.state.assist.focus.empty());
}

TEST_CASE("staff screens ignore the patient's help controls") {
    Fixture f;
    f.send(event::StaffCorner{true});
    f.later(3'000);
    f.send(event::TimePassed{});
    REQUIRE(f.screen() == "staff-pin");
    f.tap(event::ToggleAssist{core::AssistOption::LargeText});
    CHECK_FALSE(f.state.assist.large_text);
    CHECK_FALSE(core::offers_assist(core::Screen::Staff));
}

TEST_CASE("I need more time: the warning continues and every timeout of that patient triples") {
    Fixture f;
    f.tap(event::ChooseLanguage{"en"});
    f.later(30'000);
    f.send(event::TimePassed{});
    REQUIRE(f.screen() == "still-there");
    CHECK(core::still_there_seconds_left(f.state, f.settings, f.now) == 20);
    f.later(5'000);
    f.send(event::NeedMoreTime{});
    CHECK(f.screen() == "question.satisfaction");
    CHECK(f.state.assist.more_time);
    CHECK(core::idle_timeout_ms(f.state, f.settings) == 90'000);
    CHECK(core::still_there_ms(f.state, f.settings) == 60'000);
    f.later(89'999);
    f.send(event::TimePassed{});
    CHECK(f.screen() == "question.satisfaction");
    f.later(1);
    f.send(event::TimePassed{});
    REQUIRE(f.screen() == "still-there");
    CHECK(core::still_there_seconds_left(f.state, f.settings, f.now) == 60);
    // Extended again and again: each "continue" gives the full time back.
    for (int i = 0; i < 3; ++i) {
        f.later(59'000);
        f.send(event::StillHere{});
        CHECK(f.screen() == "question.satisfaction");
        f.later(90'000);
        f.send(event::TimePassed{});
        CHECK(f.screen() == "still-there");
    }
    f.later(60'000);
    f.send(event::TimePassed{});
    CHECK(f.screen() == "language");
    CHECK_FALSE(f.state.assist.more_time);
}

TEST_CASE("back to the start keeps the patient's help, walking away from it clears it") {
    Fixture f;
    f.tap(event::ToggleAssist{core::AssistOption::Speech});
    f.tap(event::ToggleAssist{core::AssistOption::HighContrast});
    f.tap(event::ChooseLanguage{"en"});
    f.tap(event::Focus{"nav.back"});
    f.tap(event::GoBack{});
    REQUIRE(f.screen() == "language");
    CHECK(f.state.assist.speech);  // the same patient, still listening
    CHECK(f.state.assist.high_contrast);
    CHECK(f.state.assist.focus.empty());
    // Nobody touches the start screen for the (longer) idle time: the next patient gets defaults.
    REQUIRE(core::next_deadline(f.state, f.settings) == f.now.mono_ms + 90'000);
    f.later(90'000);
    f.send(event::TimePassed{});
    CHECK(f.screen() == "language");
    CHECK(f.state.assist == core::Assist{});
    CHECK_FALSE(core::next_deadline(f.state, f.settings));  // an untouched start screen waits
}

TEST_CASE("speech mode gives more time, and switching it off mid-warning keeps that time") {
    Fixture f;
    f.tap(event::ChooseLanguage{"en"});
    f.tap(event::ToggleAssist{core::AssistOption::Speech});
    f.later(90'000);
    f.send(event::TimePassed{});
    REQUIRE(f.screen() == "still-there");
    f.later(30'000);
    f.send(event::ToggleAssist{core::AssistOption::Speech});
    f.send(event::TimePassed{});
    CHECK(f.screen() == "still-there");  // still 30 s of the 60 s warning left
    CHECK(core::still_there_seconds_left(f.state, f.settings, f.now) == 30);
}

TEST_CASE("a staff long press drops the last patient's help, so staff screens are not read out") {
    Fixture f;
    f.tap(event::ToggleAssist{core::AssistOption::Speech});
    f.send(event::StaffCorner{true});
    f.later(3'000);
    f.send(event::TimePassed{});
    REQUIRE(f.screen() == "staff-pin");
    CHECK(f.state.assist == core::Assist{});
}

TEST_CASE("a slider: moving it drafts the value, Continue confirms it, nothing touched skips") {
    Fixture f("EXAMINATION");
    f.tap(event::ChooseLanguage{"en"});
    CHECK(f.screen() == "question.pain");
    CHECK_FALSE(f.state.draft_value);  // no position is suggested before the first touch
    // A drag sends the value under the finger frame by frame; none of them moves on.
    for (const int v : {20, 35, 61, 74}) {
        f.tap(event::AnswerQuestion{"pain", v});
        CHECK(f.screen() == "question.pain");
    }
    CHECK(*f.state.draft_value == 74);
    CHECK(f.state.answers.empty());
    f.tap(event::AnswerQuestion{"pain", 101});  // off the scale: ignored
    CHECK(*f.state.draft_value == 74);
    f.tap(event::Continue{"pain"});
    CHECK(f.screen() == "question.why");  // 74 >= 70: the follow-up asks why
    REQUIRE(f.state.answer_to("pain") != nullptr);
    CHECK(*f.state.answer_to("pain")->value == 74);
    // Back shows the confirmed value again; moving it below 70 drops the follow-up.
    f.tap(event::GoBack{});
    CHECK(f.screen() == "question.pain");
    CHECK(*f.state.draft_value == 74);
    f.tap(event::AnswerQuestion{"pain", 30});
    f.tap(event::Continue{"pain"});
    CHECK(f.screen() == "question.satisfaction");
    f.tap(event::AnswerQuestion{"satisfaction", 4});
    REQUIRE(f.screen() == "saving");
    const auto& stored = f.stored();
    REQUIRE(stored.answers.size() == 2);
    CHECK(stored.answers[0].question == "pain");
    CHECK(*stored.answers[0].value == 30);
}

TEST_CASE("a slider left untouched is skipped, and \"can't say\" works as on every scale") {
    Fixture f("EXAMINATION");
    f.tap(event::ChooseLanguage{"en"});
    f.tap(event::Continue{"pain"});
    CHECK(f.screen() == "question.satisfaction");
    CHECK(f.state.answer_to("pain") == nullptr);
    f.tap(event::GoBack{});
    f.tap(event::CantSay{"pain"});
    CHECK(f.screen() == "question.satisfaction");
    REQUIRE(f.state.answer_to("pain") != nullptr);
    CHECK(f.state.answer_to("pain")->cant_say);
}
