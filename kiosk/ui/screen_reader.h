// Speech mode's reader: after each frame it compares what the screen now offers (the texts and
// targets the UI recorded) with what it last said, and returns what to say, if anything:
//   - a new screen (or "say it again"): its texts, then the answer choices;
//   - a target reached by a first touch or an arrow key: its name, and "selected" if it is;
//   - a target that changed state (a ticked reason, a help control switched): name and state.
// A choice that moved the patient on is confirmed at the start of the next screen's text.
// It reads only the record, so whatever is drawn is what is spoken.
#pragma once

#include <optional>
#include <string>

#include "kiosk/core/flow.h"
#include "kiosk/core/ui_strings.h"
#include "kiosk/ui/screen_record.h"

namespace fbk::kiosk::ui {

struct Utterance {
    std::string text;
    std::string language;
    int volume = core::Assist::kDefaultVolume;
};

class ScreenReader {
  public:
    // `language`: the patient's, or the kiosk's default before one is chosen.
    std::optional<Utterance> after_frame(const core::State& state, const ScreenRecord& record,
                                         const core::UiStrings& strings,
                                         const std::string& language);

  private:
    bool speaking_ = false;
    std::string screen_;
    unsigned repeats_ = 0;
    std::string focus_;
    bool focus_selected_ = false;
    std::string last_choice_;  // the label of the last target chosen in speech mode
};

// The spoken text of a whole screen, in drawing order: texts, then "Choices: …".
std::string describe_screen(const ScreenRecord& record, std::string_view choices_word);

}  // namespace fbk::kiosk::ui
