// Every screen a patient can meet, drawn headless at a panel's size and measured against the
// layout rules the UI promises for any pack: text inside its boxes, every target inside the
// panel, answers at least 20 mm (controls 9, keys 7) with 3 mm between answers, nothing
// overlapping. `check-pack --display WxH --dpi N` runs it, and the ui tests draw the same
// screens.
#pragma once

#include <string>
#include <vector>

#include "kiosk/core/flow.h"
#include "kiosk/core/kiosk_config.h"
#include "kiosk/ui/screen_record.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::kiosk::app {

struct TourScreen {
    std::string name;  // "language", "language.page2", "stage", "waiting-room.recommend", ...
    core::State state;
};

// The patient's screens in `language`: the language screen and its later pages, the stage
// question, each question with an answer chosen (as when a patient comes back to it), the
// idle warning, the thank-you and the failed save. States point into `pack`.
std::vector<TourScreen> patient_screens(const sync::protocol::SurveyPack& pack,
                                        const std::string& language);

struct PanelSize {
    int width = 1280;
    int height = 800;
    int dpi = 150;
};

// What breaks the rules on `record`, drawn on `panel`: one line per problem.
std::vector<std::string> target_problems(const ui::ScreenRecord& record, const PanelSize& panel);

// Every patient screen of the configured pack in each of its languages, in normal and large
// text, on a headless display of `panel`'s size; one line per problem, "fi
// waiting-room.recommend (large text): q.recommend.3 is 15.0 mm, under 20 mm". Throws
// std::runtime_error when the assets do not load (check-pack reports those first).
std::vector<std::string> screen_rule_problems(const core::KioskConfig& config,
                                              const PanelSize& panel);

}  // namespace fbk::kiosk::app
