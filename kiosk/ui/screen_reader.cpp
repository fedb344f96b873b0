#include "kiosk/ui/screen_reader.h"

namespace fbk::kiosk::ui {

namespace {

void append_sentence(std::string& out, std::string_view sentence) {
    if (sentence.empty()) {
        return;
    }
    if (!out.empty()) {
        const char last = out.back();
        out += (last == '.' || last == '?' || last == '!' || last == ':') ? " " : ". ";
    }
    out += sentence;
}

}  // namespace

std::string describe_screen(const ScreenRecord& record, std::string_view choices_word) {
    std::string out;
    for (const auto& text : record.texts()) {
        if (text.spoken) {
            append_sentence(out, text.text);
        }
    }
    std::string choices;
    for (const auto& target : record.targets()) {
        if (target.kind == TargetKind::Answer && !target.alias && !target.label.empty()) {
            choices += choices.empty() ? "" : ", ";
            choices += target.label;
        }
    }
    if (!choices.empty()) {
        append_sentence(out, std::string(choices_word) + " " + choices);
    }
    return out;
}

std::optional<Utterance> ScreenReader::after_frame(const core::State& state,
                                                   const ScreenRecord& record,
                                                   const core::UiStrings& strings,
                                                   const std::string& language) {
    const auto word = [&](std::string_view key) { return std::string(strings.get(language, key)); };
    const core::Assist& assist = state.assist;
    const std::string screen = core::screen_name(state) + "|" + language;
    // Staff screens are never read out, whatever the last patient chose.
    if (!assist.speech || !core::offers_assist(state.screen)) {
        if (!speaking_) {
            return std::nullopt;
        }
        speaking_ = false;
        // Switched off by the patient: say so. Off because another screen came: quiet.
        if (screen != screen_) {
            return std::nullopt;
        }
        return Utterance{word("speech.off"), language, assist.volume};
    }
    const auto* focused = assist.focus.empty() ? nullptr : record.find(assist.focus);
    std::optional<Utterance> say;
    if (!speaking_ || screen != screen_ || assist.repeats != repeats_) {
        std::string text = speaking_ ? "" : word("speech.on");
        if (speaking_ && screen != screen_ && !last_choice_.empty()) {
            append_sentence(text, last_choice_ + ", " + word("speech.selected"));
        }
        append_sentence(text, describe_screen(record, word("speech.choices")));
        say = Utterance{text, language, assist.volume};
    } else if (!record.typed().empty()) {
        say = Utterance{record.typed(), language, assist.volume};  // what a key put in
    } else if (focused != nullptr &&
               (assist.focus != focus_ || focused->selected != focus_selected_)) {
        std::string text = focused->label;
        if (focused->selected || assist.focus == focus_) {
            append_sentence(text,
                            word(focused->selected ? "speech.selected" : "speech.not_selected"));
        }
        say = Utterance{text, focused->label_language.empty() ? language : focused->label_language,
                        assist.volume};
    }
    // An answer chosen in this frame is confirmed when the next screen is read; one that left
    // the patient on the same screen (a ticked reason) was confirmed above instead.
    last_choice_ = record.chosen();
    speaking_ = true;
    screen_ = screen;
    repeats_ = assist.repeats;
    focus_ = assist.focus;
    focus_selected_ = focused != nullptr && focused->selected;
    return say;
}

}  // namespace fbk::kiosk::ui
