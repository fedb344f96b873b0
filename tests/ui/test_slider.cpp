// The slider, the question type added through the type tables alone: every type has a view; the
// slider screen fits every panel and language, with and without large text; and a real drag of
// SDL finger and mouse events moves the value under the finger, frame by frame.
#include <doctest/doctest.h>

#include <SDL.h>

#include "kiosk/ui/question_views.h"
#include "tests/support/paths.h"
#include "tests/ui/ui_screens.h"

namespace {

using namespace fbk::test;

struct SliderScreen {
    protocol::SurveyPack pack;
    Screen screen;
    core::State state;

    explicit SliderScreen(const Panel& panel) : pack(load()), screen(panel) {
        screen.ctx = {&pack, {"WAITING", protocol::StageSource::Config}};
        state.language = "en";
        state.survey = &pack.surveys.front();
        state.screen = core::Screen::Question;
    }

    static protocol::SurveyPack load() {
        auto load = protocol::load_survey_pack(source_dir() / "tests/support/packs/slider.json");
        REQUIRE(load.pack);
        return *load.pack;
    }

    const ui::Rect& track() {
        const ui::Rect* r = screen.record.find_target("q.pain_now.track");
        REQUIRE(r != nullptr);
        return *r;
    }

    // Frames until the UI has nothing more to say; every value it asks for becomes the draft,
    // as the flow would make it. Returns the values in the order they were asked for.
    std::vector<std::int64_t> follow(int frames = 8) {
        std::vector<std::int64_t> values;
        for (int i = 0; i < frames; ++i) {
            const auto intent = screen.frame(state);
            if (!intent) {
                continue;
            }
            if (const auto* focus = std::get_if<core::event::Focus>(&*intent)) {
                state.assist.focus = focus->target;  // speech mode: heard, as the flow does
                continue;
            }
            const auto* answer = std::get_if<core::event::AnswerQuestion>(&*intent);
            REQUIRE(answer != nullptr);
            CHECK(answer->question == "pain_now");
            values.push_back(answer->value);
            state.draft_value = answer->value;
        }
        return values;
    }
};

// Where on the track a fraction of the scale is: the line is inset by the thumb's radius
// (widgets.cpp: the smaller of 30% of the track's height and 7 mm) so both ends can be reached.
float x_at(const ui::Rect& track, int dpi, float fraction) {
    const float radius = std::min(track.h * 0.3f, 7 * static_cast<float>(dpi) / 25.4f);
    return track.x + radius + fraction * (track.w - 2 * radius);
}

const ui::ScreenRecord::Target* target(const ui::ScreenRecord& record, std::string_view id) {
    for (const auto& t : record.targets()) {
        if (t.id == id) {
            return &t;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("every question type has a view") {
    for (const auto& type : protocol::question_types()) {
        CAPTURE(type.name);
        const ui::QuestionView* view = ui::question_view(type.type);
        REQUIRE(view != nullptr);
        CHECK((view->answer != nullptr) != (view->screen != nullptr));  // exactly one of the two
    }
}

TEST_CASE("the slider screen fits every panel and language, with and without large text") {
    int screens = 0;
    for (const Panel& panel : kPanels) {
        SliderScreen s(panel);
        for (const std::string language : {"en", "fi", "sv"}) {
            for (const bool large : {false, true}) {
                for (const std::optional<std::int64_t> value :
                     {std::optional<std::int64_t>{}, std::optional<std::int64_t>{0},
                      std::optional<std::int64_t>{100}}) {
                    const std::string panel_name = panel.name;
                    CAPTURE(panel_name);
                    CAPTURE(language);
                    CAPTURE(large);
                    s.state.language = language;
                    s.state.assist.large_text = large;
                    s.state.draft_value = value;
                    s.screen.draw(s.state);
                    for (const auto& problem : s.screen.record.layout_problems()) {
                        FAIL_CHECK(problem);
                    }
                    check_targets(s.screen.record, panel);
                    const auto* track = target(s.screen.record, "q.pain_now.track");
                    REQUIRE(track != nullptr);
                    // No thumb (and so no suggested value) before the first touch.
                    CHECK(track->selected == value.has_value());
                    CHECK(track->marked == value.has_value());
                    for (const char* id : {"q.pain_now.less", "q.pain_now.more", "nav.continue",
                                           "q.pain_now.cant_say"}) {
                        CHECK_MESSAGE(s.screen.record.find_target(id) != nullptr, id);
                    }
                    ++screens;
                }
            }
        }
    }
    CHECK(screens == 4 * 3 * 2 * 3);
}

TEST_CASE("a finger dragged along the slider moves its value under the finger") {
    const Panel& panel = kPanels[1];
    SliderScreen s(panel);
    s.screen.draw(s.state);
    const ui::Rect track = s.track();
    const float y = track.center_y();
    const auto x_at = [&](const ui::Rect& r, float fraction) {
        return ::x_at(r, panel.dpi, fraction);
    };
    s.screen.display.push_touch(x_at(track, 0.20f), y, true);
    auto values = s.follow();
    REQUIRE(values.size() == 1);
    CHECK(values[0] == 20);
    // Three moves queued at once are merged: the thumb goes straight to the last.
    s.screen.display.push_touch_move(x_at(track, 0.40f), y);
    s.screen.display.push_touch_move(x_at(track, 0.55f), y);
    s.screen.display.push_touch_move(x_at(track, 0.73f), y);
    values = s.follow();
    REQUIRE(values.size() == 1);
    CHECK(values[0] == 73);
    // Past the end of the line the value stops at 100; lifting the finger there keeps it.
    s.screen.display.push_touch_move(track.x + track.w + 40, y);
    s.screen.display.push_touch(track.x + track.w + 40, y, false);
    values = s.follow();
    REQUIRE(values.size() == 1);
    CHECK(values[0] == 100);
    CHECK(*s.state.draft_value == 100);
    // A finger that is not down moves nothing: a touchscreen has no hover.
    s.screen.display.push_touch_move(x_at(track, 0.10f), y);
    CHECK(s.follow().empty());
}

TEST_CASE("a mouse drag works as a finger does, and Less and More step by 5") {
    const Panel& panel = kPanels[2];
    SliderScreen s(panel);
    s.screen.draw(s.state);
    const ui::Rect track = s.track();
    const auto x_at = [&](const ui::Rect& r, float fraction) {
        return ::x_at(r, panel.dpi, fraction);
    };
    const auto mouse = [&](Uint32 type, float x, bool pressed) {
        SDL_Event e{};
        e.type = type;
        if (type == SDL_MOUSEMOTION) {
            e.motion.x = static_cast<Sint32>(x);
            e.motion.y = static_cast<Sint32>(track.center_y());
            e.motion.state = pressed ? SDL_BUTTON_LMASK : 0;
        } else {
            e.button.button = SDL_BUTTON_LEFT;
            e.button.x = static_cast<Sint32>(x);
            e.button.y = static_cast<Sint32>(track.center_y());
        }
        REQUIRE(SDL_PushEvent(&e) == 1);
    };
    mouse(SDL_MOUSEMOTION, x_at(track, 0.9f), false);  // hovering: nothing
    CHECK(s.follow().empty());
    mouse(SDL_MOUSEBUTTONDOWN, x_at(track, 0.5f), true);
    const auto pressed = s.follow();
    REQUIRE(pressed.size() == 1);
    CHECK(std::abs(pressed[0] - 50) <= 1);
    mouse(SDL_MOUSEMOTION, x_at(track, 0.3f), true);
    // Mouse positions are whole pixels: within one step of the scale.
    const auto values = s.follow();
    REQUIRE(values.size() == 1);
    CHECK(std::abs(values[0] - 30) <= 1);
    mouse(SDL_MOUSEBUTTONUP, x_at(track, 0.3f), false);
    s.follow();

    s.state.draft_value = 73;
    s.screen.draw(s.state);
    for (const auto& [id, expected] : {std::pair{"q.pain_now.more", 75},
                                       {"q.pain_now.more", 80},
                                       {"q.pain_now.less", 75},
                                       {"q.pain_now.less", 70}}) {
        const ui::Rect* button = s.screen.record.find_target(id);
        REQUIRE(button != nullptr);
        s.screen.display.push_tap(button->center_x(), button->center_y());
        CHECK(s.follow() == std::vector<std::int64_t>{expected});
    }
}

TEST_CASE("in speech mode the first touch on the slider is heard, not set") {
    const Panel& panel = kPanels[1];
    SliderScreen s(panel);
    s.state.assist.speech = true;
    s.screen.draw(s.state);
    const ui::Rect track = s.track();
    const auto x_at = [&](const ui::Rect& r, float fraction) {
        return ::x_at(r, panel.dpi, fraction);
    };
    s.screen.display.push_tap(x_at(track, 0.6f), track.center_y());
    CHECK(s.follow().empty());
    CHECK_FALSE(s.state.draft_value);
    CHECK(s.state.assist.focus == "q.pain_now.track");
    s.screen.display.push_tap(x_at(track, 0.6f), track.center_y());
    CHECK(s.follow() == std::vector<std::int64_t>{60});
}
