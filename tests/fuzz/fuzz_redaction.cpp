// Free-text redaction (kiosk::core::redact_identifiers), in Finnish and in Danish, the one
// language that reads a number differently. Invariants:
//  - the output is valid UTF-8 whenever the input is (the hub refuses invalid UTF-8);
//  - nothing is replaced exactly when no kind is reported, and every kind is a known token;
//  - an identifier set apart by spaces is redacted whatever text surrounds it: the input is cut
//    in two and one of a few valid ids (henkilötunnus, personnummer, CPR, e-mail address) is
//    put between the halves; the output must hold fewer copies of it than the input.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "kiosk/core/redaction.h"
#include "sync/protocol/utf8.h"
#include "tests/fuzz/fuzz_check.h"

namespace core = fbk::kiosk::core;

namespace {

constexpr std::array<std::string_view, 7> kKinds = {"hetu", "personnummer", "fodselsnummer", "cpr",
                                                    "bsn",  "email",        "phone"};

// Valid ids with a separator of their own, so that no digits around them can join them.
constexpr std::array<std::string_view, 4> kPlanted = {
    "131052-308T",                   // henkilötunnus, DVV's example
    "811228-9874",                   // personnummer with a valid Luhn digit
    "070761-4285",                   // CPR
    "matti.meikalainen@example.fi",  // e-mail address
};

bool valid_utf8(std::string_view text) {
    return !fbk::sync::protocol::first_invalid_utf8(text).has_value();
}

std::size_t copies(std::string_view text, std::string_view what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) {
        ++n;
    }
    return n;
}

core::Redacted checked_redaction(std::string_view text, std::string_view language) {
    auto out = core::redact_identifiers(text, language);
    if (valid_utf8(text)) {
        FBK_FUZZ_CHECK(valid_utf8(out.text));
    }
    FBK_FUZZ_CHECK(out.kinds.empty() == (out.text == text));
    for (const auto& kind : out.kinds) {
        FBK_FUZZ_CHECK(std::find(kKinds.begin(), kKinds.end(), kind) != kKinds.end());
        FBK_FUZZ_CHECK(out.text.find("[" + kind + "]") != std::string::npos);
    }
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fbk::test::fuzz::as_text(data, size);
    const std::string_view id = kPlanted[size % kPlanted.size()];
    const std::string_view before = text.substr(0, size / 2);
    const std::string_view after = text.substr(size / 2);
    const std::string planted =
        std::string(before) + " " + std::string(id) + " " + std::string(after);
    for (const std::string_view language : {"fi", "da"}) {
        checked_redaction(text, language);
        const auto out = checked_redaction(planted, language);
        FBK_FUZZ_CHECK(copies(out.text, id) < copies(planted, id));
    }
    return 0;
}
