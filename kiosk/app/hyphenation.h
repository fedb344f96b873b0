// Long Finnish words ("päivystyspoliklinikkahoitajavastaanottotoimintaan") do not fit an 800 px
// panel in large text. When the pack is loaded, every Finnish word of 20 letters or more gets
// soft hyphens (U+00AD) where Voikko's hyphenator (libvoikko, voikko-fi) puts syllable and
// compound boundaries; the UI breaks a word too wide for its box at the last one that fits and
// shows a hyphen there (kiosk/ui/widgets.h visible_line). A pack may write its own soft hyphens
// in any language; without the dictionary, Finnish words stay whole.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "sync/protocol/survey_pack.h"

struct VoikkoHandle;  // libvoikko

namespace fbk::kiosk::app {

class FinnishHyphenator {
  public:
    // Voikko starts (~10 ms) at the first long word; without voikko-fi, words stay whole.
    FinnishHyphenator() = default;

    // `text` with soft hyphens at the hyphenation points of its long words (words that already
    // have a soft hyphen are left as the pack wrote them).
    std::string with_soft_hyphens(std::string_view text) const;

  private:
    struct Terminate {
        void operator()(VoikkoHandle* handle) const;
    };
    VoikkoHandle* voikko() const;
    mutable std::unique_ptr<VoikkoHandle, Terminate> voikko_;
    mutable bool started_ = false;
};

// Every Finnish text of the pack that a patient reads (questions, options, scale ends, the
// stage question) through `hyphenator`.
void hyphenate_finnish(sync::protocol::SurveyPack& pack, const FinnishHyphenator& hyphenator);

}  // namespace fbk::kiosk::app
