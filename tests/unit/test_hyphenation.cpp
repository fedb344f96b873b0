// Long Finnish words get soft hyphens from Voikko (libvoikko, voikko-fi) when the kiosk loads
// its pack; the UI breaks a word too wide for its box at one of them.
#include <doctest/doctest.h>

#include <string>

#include "kiosk/app/hyphenation.h"
#include "kiosk/ui/widgets.h"

namespace {

std::string without_soft_hyphens(std::string s) {
    for (auto h = s.find("\u00AD"); h != std::string::npos; h = s.find("\u00AD", h)) {
        s.erase(h, 2);
    }
    return s;
}

}  // namespace

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
