// Patients sometimes type their id number, e-mail address or phone number into a free-text
// comment. Responses are synced to the hub and exported for quality managers, and neither may ever
// hold an identifier, so comments are redacted on the kiosk before they are stored: what is never
// written down cannot leak later.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fbk::kiosk::core {

struct Redacted {
    std::string text;  // the input with each identifier replaced by its token
    std::vector<std::string>
        kinds;  // one entry per replacement, in text order, e.g. "hetu", "email"
};

// Replaces identifiers in UTF-8 `text`:
//   [hetu] Finnish henkilötunnus, [personnummer] Swedish personnummer or samordningsnummer,
//   [fodselsnummer] Norwegian fødselsnummer (and D-number), [cpr] Danish CPR number,
//   [bsn] Dutch burgerservicenummer, [email] e-mail address, [phone] phone number.
// Typed tokens keep the comment readable for staff, and `kinds` lets the kiosk count redactions
// without keeping anything that was removed. National ids need a valid checksum and date, so that
// ordinary numbers in a comment survive; an id keyword just before a number (e.g. "hetu", "BSN")
// redacts it even with a mistyped checksum, since a near-miss id is still personal data.
// `language` is the patient's ("da", "fi", ...; empty if unknown): a ten-digit number with a
// mobile prefix is a phone number except in Danish, where it is a CPR number (redaction.cpp).
Redacted redact_identifiers(std::string_view text, std::string_view language = {});

}  // namespace fbk::kiosk::core
