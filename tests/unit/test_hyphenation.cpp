// Long Finnish words get soft hyphens from Voikko (libvoikko, voikko-fi) when the kiosk loads
// its pack; the UI breaks a word too wide for its box at one of them.
#include <doctest/doctest.h>

#include <string>

#include "kiosk/app/hyphenation.h"
#include "kiosk/core/utf8.h"
#include "kiosk/ui/widgets.h"

using fbk::kiosk::core::without_soft_hyphens;

TEST_CASE("a long Finnish compound gets soft hyphens at its syllables; short words do not") {
    const fbk::kiosk::app::FinnishHyphenator hyphenator;
    const std::string text =
        "Miten sujui päivystyspoliklinikkahoitajavastaanottotoimintaan pääsy tänään?";
    const std::string hyphenated = hyphenator.with_soft_hyphens(text);
    MESSAGE(hyphenated);
    CHECK(without_soft_hyphens(hyphenated) == text);  // nothing else changes
    // Every soft hyphen is inside the one long word, at a syllable boundary Voikko knows.
    CHECK(hyphenated.find("päi\u00ADvys\u00ADtys\u00ADpo\u00ADli") != std::string::npos);
    CHECK(hyphenated.find("vas\u00ADtaan\u00ADot\u00ADto") != std::string::npos);
    CHECK(hyphenated.find("Mi\u00AD") == std::string::npos);
    CHECK(hyphenated.substr(0, hyphenated.find("päi")) == "Miten sujui ");
    // A pack that marked its own breaks keeps them.
    const std::string own = "päivystys\u00ADpoliklinikkahoitajavastaanottotoimintaan";
    CHECK(hyphenator.with_soft_hyphens(own) == own);
}

TEST_CASE("a line broken at a soft hyphen shows a hyphen; the others show none") {
    using fbk::kiosk::ui::visible_line;
    CHECK(visible_line("päi\u00ADvys\u00AD") == "päivys-");
    CHECK(visible_line("tys\u00ADpo\u00ADli") == "tyspoli");
    CHECK(visible_line("plain") == "plain");
}

TEST_CASE("what is read aloud and recorded has no soft hyphens, not even a last one") {
    CHECK(without_soft_hyphens("päi\u00ADvys\u00AD") == "päivys");
    CHECK(without_soft_hyphens("\u00AD") == "");
    CHECK(without_soft_hyphens("ei tavuja") == "ei tavuja");
}
