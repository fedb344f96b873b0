// Redaction of identifiers in comments (kiosk/core/redaction.h). Long because each national id
// has its valid, one-character-changed and after-a-keyword cases beside the other countries'.
#include <doctest/doctest.h>

#include "kiosk/core/redaction.h"

#include <string>
#include <string_view>
#include <vector>

namespace core = fbk::kiosk::core;

namespace {

std::string redact(std::string_view text) {
    return core::redact_identifiers(text).text;
}

using Kinds = std::vector<std::string>;

}  // namespace

// ---- Finnish henkilötunnus

TEST_CASE("valid Finnish henkilötunnus numbers of every century sign are redacted") {
    // Check character = "0123456789ABCDEFHJKLMNPRSTUVWXY"[DDMMYYZZZ % 31]:
    //   131052308 % 31 = 25 -> T (DVV's example, 13.10.1952)
    CHECK(redact("hetu 131052-308T") == "hetu [hetu]");
    CHECK(redact("131052-308T") == "[hetu]");
    //   020504902 % 31 = 14 -> E (2.5.2004, sign A)
    CHECK(redact("Lapsen 020504A902E tiedot") == "Lapsen [hetu] tiedot");
    //   010594902 % 31 = 1 -> 1 (1.5.1994, new 1900s sign Y)
    CHECK(redact("nro 010594Y9021.") == "nro [hetu].");
    //   010516903 % 31 = 29 -> X (1.5.2016, new 2000s sign B)
    CHECK(redact("nro 010516B903X") == "nro [hetu]");
    //   131052308 again with + (13.10.1852)
    CHECK(redact("isoisä 131052+308T") == "isoisä [hetu]");
    //   311299999 % 31 = 14 -> E (temporary individual number 999)
    CHECK(redact("väliaikainen 311299-999E") == "väliaikainen [hetu]");
    CHECK(redact("pienillä 131052-308t") == "pienillä [hetu]");
    CHECK(core::redact_identifiers("131052-308T").kinds == Kinds{"hetu"});
}

TEST_CASE("a henkilötunnus with one character changed is not redacted") {
    CHECK(redact("nro 131052-308U") == "nro 131052-308U");  // check character
    CHECK(redact("nro 131052-309T") == "nro 131052-309T");  // individual number
    CHECK(redact("nro 131053-308T") == "nro 131053-308T");  // year
    CHECK(redact("nro 020504A902F") == "nro 020504A902F");
    CHECK(redact("nro 010516B903Y") == "nro 010516B903Y");
    CHECK(redact("nro 131052G308T") == "nro 131052G308T");  // G is no century sign
    CHECK(core::redact_identifiers("nro 131052-308U").kinds.empty());
}

TEST_CASE("a henkilötunnus needs a real date in its century and an individual number from 002") {
    // 290200124 % 31 = 10 -> A: 29.2.2000 existed, 29.2.1900 did not.
    CHECK(redact("nro 290200A124A") == "nro [hetu]");
    CHECK(redact("nro 290200-124A") == "nro 290200-124A");
    // 310404124 % 31 = 8 -> 8, but April has 30 days.
    CHECK(redact("nro 310404A1248") == "nro 310404A1248");
    // 020180001 % 31 = 24 -> S, individual number 001 is never issued; 002 -> T is.
    CHECK(redact("nro 020180-001S") == "nro 020180-001S");
    CHECK(redact("nro 020180-002T") == "nro [hetu]");
}

TEST_CASE("a henkilötunnus with a wrong check character is redacted after an id keyword") {
    CHECK(redact("Hetu 131052-308U") == "Hetu [hetu]");
    CHECK(redact("hetuni on 131052-308U") == "hetuni on [hetu]");
    CHECK(redact("HENKILÖTUNNUKSENI: 131052-308U") == "HENKILÖTUNNUKSENI: [hetu]");
    CHECK(redact("sotu 131052-308U") == "sotu [hetu]");
    CHECK(redact("ID 131052-308U") == "ID [hetu]");
    CHECK(redact("my id number is 131052-308U") == "my id number is [hetu]");
    CHECK(core::redact_identifiers("Hetu 131052-308U").kinds == Kinds{"hetu"});
}

TEST_CASE("an id keyword counts only a few words before the number") {
    CHECK(redact("Hetu on tässä alla mutta numero 131052-308U") ==
          "Hetu on tässä alla mutta numero 131052-308U");
    CHECK(redact("hetu\n131052-308U") == "hetu\n131052-308U");
    CHECK(redact("My idea: 111222334") == "My idea: 111222334");
    CHECK(redact("Ahetu 131052-308U") == "Ahetu 131052-308U");
}

// ---- Swedish personnummer and samordningsnummer

TEST_CASE("valid Swedish personnummer in every written form are redacted") {
    // Skatteverket's example. Luhn over 8112289874, doubling every other digit from the first:
    //   8*2=16->7, 1, 1*2=2, 2, 2*2=4, 8, 9*2=18->9, 8, 7*2=14->5, 4 -> 7+1+2+2+4+8+9+8+5+4 = 50.
    CHECK(redact("pnr 811228-9874") == "pnr [personnummer]");
    CHECK(redact("Mitt 811228-9874 här") == "Mitt [personnummer] här");
    CHECK(redact("Mitt 19811228-9874 här") == "Mitt [personnummer] här");
    CHECK(redact("Mitt 8112289874 här") == "Mitt [personnummer] här");
    CHECK(redact("Mitt 198112289874 här") == "Mitt [personnummer] här");
    CHECK(redact("Farfar 811228+9874") == "Farfar [personnummer]");
    CHECK(core::redact_identifiers("811228-9874").kinds == Kinds{"personnummer"});
}

TEST_CASE("a valid samordningsnummer is redacted as a personnummer") {
    // 701063-2391: day 63 = 3 + 60 (3.10.1970). Luhn over 7010632391:
    //   7*2=14->5, 0, 1*2=2, 0, 6*2=12->3, 3, 2*2=4, 3, 9*2=18->9, 1 -> 5+0+2+0+3+3+4+3+9+1 = 30.
    CHECK(redact("samordningsnummer 701063-2391") == "samordningsnummer [personnummer]");
    CHECK(redact("Nr 701063-2391.") == "Nr [personnummer].");
}

TEST_CASE("a personnummer with one digit changed is not redacted") {
    CHECK(redact("Mitt 811228-9875 här") == "Mitt 811228-9875 här");
    CHECK(redact("Mitt 19811228-9875 här") == "Mitt 19811228-9875 här");
    CHECK(redact("Mitt 811228-9884 här") == "Mitt 811228-9884 här");
    CHECK(redact("Nr 701063-2392") == "Nr 701063-2392");
    // Luhn holds for 8113289873 but there is no month 13.
    CHECK(redact("Nr 811328-9873") == "Nr 811328-9873");
}

TEST_CASE("a personnummer with a wrong check digit is redacted after an id keyword") {
    CHECK(redact("personnummer 811228-9875") == "personnummer [personnummer]");
    CHECK(redact("Personnumret är 811228-9875") == "Personnumret är [personnummer]");
    CHECK(redact("pnr: 19811228-9875") == "pnr: [personnummer]");
    CHECK(core::redact_identifiers("personnr 811228-9875").kinds == Kinds{"personnummer"});
}

// ---- Norwegian fødselsnummer and D-number

TEST_CASE("valid Norwegian fødselsnummer and D-numbers are redacted") {
    // 15079012367 (15.7.1990, individual number 123):
    //   k1: 3*1+7*5+6*0+1*7+8*9+9*0+4*1+5*2+2*3 = 137; 137 % 11 = 5; 11-5 = 6
    //   k2: 5*1+4*5+3*0+2*7+7*9+6*0+5*1+4*2+3*3+2*6 = 136; 136 % 11 = 4; 11-4 = 7
    CHECK(redact("fnr 15079012367") == "fnr [fodselsnummer]");
    CHECK(redact("Mitt nummer 15079012367, takk") == "Mitt nummer [fodselsnummer], takk");
    // D-number 55079012350 (day 15 + 40):
    //   k1: 3*5+7*5+6*0+1*7+8*9+9*0+4*1+5*2+2*3 = 149; 149 % 11 = 6; 11-6 = 5
    //   k2: 5*5+4*5+3*0+2*7+7*9+6*0+5*1+4*2+3*3+2*5 = 154; 154 % 11 = 0 -> 0
    CHECK(redact("D-nummer 55079012350") == "D-nummer [fodselsnummer]");
    CHECK(core::redact_identifiers("15079012367").kinds == Kinds{"fodselsnummer"});
}

TEST_CASE("a fødselsnummer with one digit changed or an impossible date is not redacted") {
    CHECK(redact("Nr 15079012368") == "Nr 15079012368");  // second check digit
    CHECK(redact("Nr 15079012377") == "Nr 15079012377");  // first check digit
    CHECK(redact("Nr 15079112367") == "Nr 15079112367");  // year
    CHECK(redact("Nr 55079012351") == "Nr 55079012351");
    // Both check digits hold for 32079012482 (k1 8, k2 2) but day 32 is neither a day nor a
    // D-number day.
    CHECK(redact("Nr 32079012482") == "Nr 32079012482");
}

TEST_CASE("a fødselsnummer with wrong check digits is redacted after an id keyword") {
    CHECK(redact("fødselsnummer 15079012368") == "fødselsnummer [fodselsnummer]");
    CHECK(redact("FØDSELSNUMMERET MITT: 15079012368") == "FØDSELSNUMMERET MITT: [fodselsnummer]");
    CHECK(redact("fodselsnummer 15079012368") == "fodselsnummer [fodselsnummer]");
    CHECK(redact("Fnr. 15079012368") == "Fnr. [fodselsnummer]");
}

// ---- Danish CPR

TEST_CASE("valid Danish CPR numbers are redacted with or without the dash") {
    // 070761-4285: 7.7.1961 (serial digit 4 and year 61 > 36 -> 1900s). The same digits are also a
    // Luhn-valid samordningsnummer reading (YYMMDD 070761, day 61 = 1 + 60), but the CPR wins.
    CHECK(redact("CPR 070761-4285") == "CPR [cpr]");
    CHECK(redact("Mit nummer er 070761-4285.") == "Mit nummer er [cpr].");
    CHECK(core::redact_identifiers("Mit nummer er 0707614285.", "da").text ==
          "Mit nummer er [cpr].");
    CHECK(core::redact_identifiers("070761-4285").kinds == Kinds{"cpr"});
    // A keyword picks between two valid readings.
    CHECK(redact("samordningsnummer 070761-4285") == "samordningsnummer [personnummer]");
}

TEST_CASE("the first serial digit of a CPR number decides the century of its date") {
    // 29.2.2000 existed, 29.2.1900 did not: serial 4 or 9 with year <= 36, or 5-8 with year <= 57,
    // are 2000s; 0-3 are 1900s.
    CHECK(redact("Nr 290200-4123") == "Nr [cpr]");
    CHECK(redact("Nr 290200-5123") == "Nr [cpr]");
    CHECK(redact("Nr 290200-1123") == "Nr 290200-1123");
}

TEST_CASE("a CPR number with an impossible date is not redacted") {
    // Without a checksum only the date can be wrong: day 37, day 32, 29.2. in a common year. (A
    // leading 0 is kept: "071361-4285" would read as a national phone number, see below.)
    CHECK(redact("Nr 370761-4285") == "Nr 370761-4285");
    CHECK(redact("Nr 370761-4285 og 3707614285") == "Nr 370761-4285 og 3707614285");
    CHECK(redact("Nr 320761-4285") == "Nr 320761-4285");
    CHECK(redact("Nr 290261-4285") == "Nr 290261-4285");
}

TEST_CASE("a mistyped id written like a national phone number is redacted as a phone number") {
    // Month 13 makes this no CPR, but a trunk 0 and ten digits are a phone number ("0401234567").
    CHECK(redact("Nr 071361-4285") == "Nr [phone]");
    CHECK(redact("Nr 0713614285") == "Nr [phone]");
}

TEST_CASE("a CPR number with an impossible date is redacted after an id keyword") {
    CHECK(redact("CPR-nr. 071361-4285") == "CPR-nr. [cpr]");
    CHECK(redact("cpr 0713614285") == "cpr [cpr]");
}

// ---- Dutch BSN

TEST_CASE("valid Dutch BSN numbers are redacted") {
    // 111222333: 9+8+7+6*2+5*2+4*2+3*3+2*3-3 = 66 = 6*11
    CHECK(redact("Mijn nummer 111222333") == "Mijn nummer [bsn]");
    // 123456782: 9+16+21+24+25+24+21+16-2 = 154 = 14*11
    CHECK(redact("Mijn nummer 123456782.") == "Mijn nummer [bsn].");
    CHECK(core::redact_identifiers("123456782").kinds == Kinds{"bsn"});
}

TEST_CASE("a BSN with one digit changed or all zeros is not redacted") {
    CHECK(redact("Nummer 111222334") == "Nummer 111222334");  // 65, not a multiple of 11
    CHECK(redact("Nummer 123456783") == "Nummer 123456783");
    CHECK(redact("Nummer 113222333") == "Nummer 113222333");
    CHECK(redact("Nummer 000000000") == "Nummer 000000000");
}

TEST_CASE("a BSN with a wrong checksum is redacted after an id keyword") {
    CHECK(redact("Mijn BSN: 111222334") == "Mijn BSN: [bsn]");
    CHECK(redact("burgerservicenummer 123456783") == "burgerservicenummer [bsn]");
    CHECK(redact("sofinummer 123456783") == "sofinummer [bsn]");
    // "hetu" announces an id; nine digits can only be a BSN.
    CHECK(redact("hetu 123456783") == "hetu [bsn]");
}

// ---- E-mail

TEST_CASE("e-mail addresses are redacted without the punctuation around them") {
    CHECK(redact("Vastaa: matti.meikalainen@example.fi") == "Vastaa: [email]");
    CHECK(redact("Write to anna-liisa+kysely@sairaala.example.com.") == "Write to [email].");
    CHECK(redact("(kari_99@mail.example.org)") == "([email])");
    CHECK(redact("jörgen@exempel.se tack") == "[email] tack");
    CHECK(redact("pekka@sähkö.fi kiitos") == "[email] kiitos");
    CHECK(core::redact_identifiers("a.b@example.fi").kinds == Kinds{"email"});
}

TEST_CASE("text with an at sign that is no address stays") {
    CHECK(redact("meet @ lobby") == "meet @ lobby");
    CHECK(redact("a@b") == "a@b");
    CHECK(redact("matti@localhost") == "matti@localhost");
    CHECK(redact("kahvi@10.30") == "kahvi@10.30");
    CHECK(redact("matti@example.123") == "matti@example.123");
    CHECK(redact(".@example.fi") == ".@example.fi");
}

TEST_CASE("addresses written back to back are redacted one by one") {
    CHECK(redact("matti@example.fi+pekka@example.fi") == "[email]+[email]");
    CHECK(core::redact_identifiers("matti@example.fi+pekka@example.fi").kinds ==
          Kinds{"email", "email"});
}

TEST_CASE("digits inside an e-mail address are part of the address") {
    CHECK(redact("0401234567@example.fi") == "[email]");
    CHECK(redact("x.131052-308T@example.fi") == "[email]");
}

// ---- Phone numbers

TEST_CASE("international phone numbers are redacted") {
    CHECK(redact("Soita +358 40 123 4567 kiitos") == "Soita [phone] kiitos");
    CHECK(redact("Ring +46 8 123 456 78.") == "Ring [phone].");
    CHECK(redact("Ring 0045 12345678") == "Ring [phone]");
    CHECK(redact("Tel +358 (0)40 123 4567") == "Tel [phone]");
    CHECK(redact("Tel +358401234567") == "Tel [phone]");
    CHECK(core::redact_identifiers("+358 40 123 4567").kinds == Kinds{"phone"});
}

TEST_CASE("national phone numbers are redacted") {
    CHECK(redact("puh. 040 123 4567") == "puh. [phone]");
    CHECK(redact("puh. 040-1234567, iltaisin") == "puh. [phone], iltaisin");
    CHECK(redact("vaihde (09) 471 71.") == "vaihde [phone].");
    CHECK(redact("bel 06-12345678") == "bel [phone]");
    CHECK(redact("puh 040.123.4567") == "puh [phone]");
    CHECK(redact("ring 22 12 34 56") == "ring [phone]");
    CHECK(redact("ring 412 34 567") == "ring [phone]");
}

TEST_CASE("phone numbers in each country's written forms are labelled phone, never an id") {
    // Country, how people write it. Ten-digit mobiles with a trunk zero read as a valid Danish
    // CPR date too ("0401234567": 4.1.2023); they are phones unless a CPR keyword says so.
    const std::vector<std::pair<std::string, std::string>> numbers{
        {"FI mobile", "0401234567"},
        {"FI mobile", "040 123 4567"},
        {"FI mobile", "050-1234567"},
        {"FI mobile", "+358401234567"},
        {"FI landline", "09 4711 1234"},
        {"FI landline", "(09) 471 71"},
        {"SE mobile", "0701234567"},
        {"SE mobile", "070-123 45 67"},
        {"SE mobile", "+46 70 123 45 67"},
        {"SE landline", "08-123 456 78"},
        {"DK", "+45 12 34 56 78"},
        {"DK", "0045 12345678"},
        {"NO", "412 34 567"},
        {"NO", "22 12 34 56"},
        {"NL mobile", "0612345678"},
        {"NL mobile", "06-12345678"},
        {"NL landline", "020 123 4567"},
        {"NL", "+31 6 12345678"},
        {"UA mobile", "0501234567"},
        {"UA mobile", "067 123 45 67"},
        {"UA", "+380 67 123 4567"},
        {"UK mobile", "07700 900123"},
        {"UK mobile", "07700900123"},
        {"UK", "+44 20 7946 0958"},
    };
    for (const auto& [country, number] : numbers) {
        CAPTURE(country);
        CAPTURE(number);
        const core::Redacted r = core::redact_identifiers("soita " + number + " kiitos");
        CHECK(r.text == "soita [phone] kiitos");
        CHECK(r.kinds == Kinds{"phone"});
    }
    // Danish phone numbers have eight digits: in Danish the ten are a CPR number.
    CHECK(core::redact_identifiers("ring 0401234567", "da").kinds == Kinds{"cpr"});
    CHECK(core::redact_identifiers("ring 32 34 56 78", "da").kinds == Kinds{"phone"});
    // The same digits after a CPR keyword are the CPR they may be.
    CHECK(redact("CPR 0401234567") == "CPR [cpr]");
    CHECK(redact("cpr-nummer 0701234567") == "cpr-nummer [cpr]");
    // And a CPR that cannot be a mobile number stays a CPR.
    CHECK(redact("nummer 0101901234") == "nummer [cpr]");
    CHECK(redact("nummer 070761-4285") == "nummer [cpr]");
}

TEST_CASE("a phone number has 7 to 15 digits") {
    CHECK(redact("puh 09 1234") == "puh 09 1234");
    CHECK(redact("puh 09 12345") == "puh [phone]");
    CHECK(redact("+358 40 123 4567 890") == "[phone]");
    CHECK(redact("+358 40 123 4567 8901") == "+358 40 123 4567 8901");
}

TEST_CASE("ordinary numbers in a comment are not mistaken for phone numbers") {
    const std::vector<std::string> texts{
        "waited 45 minutes",
        "2 hours",
        "in 2024",
        "room 12",
        "at 14:30",
        "10/10",
        "3.5 stars",
        "12.3.2025",
        "01.03.2025",
        "01-03-2025",
        "2025-03-01",
        "klo 08.00-16.00",
        "1.3.2025 14.30",
        "vuosina 2019 2020",
        "1 2 3 4 5 6 7",
        "0 1 2 3 4 5 6",
        "10 10 10 10",
        "12345678",
        "3,5 tähteä",
        "I waited 45 minutes in room 12 at 14:30 on 12.3.2025, 10/10, 3.5 stars, 2 hours.",
    };
    for (const std::string& text : texts) {
        CAPTURE(text);
        const core::Redacted r = core::redact_identifiers(text);
        CHECK(r.text == text);
        CHECK(r.kinds.empty());
    }
}

TEST_CASE("a national id is reported as the id, not as a phone number") {
    CHECK(redact("Numero 070761-4285") == "Numero [cpr]");
    CHECK(core::redact_identifiers("Numero 070761-4285").kinds == Kinds{"cpr"});
    // After an international prefix the digits are the rest of a phone number.
    CHECK(redact("Tel +358 123456782") == "Tel [phone]");
    CHECK(core::redact_identifiers("Tel +358 123456782").kinds == Kinds{"phone"});
}

// ---- Boundaries and text around identifiers

TEST_CASE("identifiers inside a longer run of digits or letters are not redacted") {
    CHECK(redact("9131052-308T") == "9131052-308T");
    CHECK(redact("131052-308TX") == "131052-308TX");
    CHECK(redact("ä131052-308T") == "ä131052-308T");
    CHECK(redact("x111222333") == "x111222333");
    CHECK(redact("111222333a") == "111222333a");
    CHECK(redact("111222333_") == "111222333_");
    CHECK(redact("12.111222333") == "12.111222333");
    CHECK(redact("111222333/4") == "111222333/4");
    CHECK(redact("811228-9874-2") == "811228-9874-2");
    CHECK(redact("123456782345") == "123456782345");
    CHECK(redact("040 123 4567x") == "040 123 4567x");
}

TEST_CASE("text around identifiers survives byte for byte in any script") {
    CHECK(redact("Hetuni on 131052-308T, kiitos ääni") == "Hetuni on [hetu], kiitos ääni");
    CHECK(redact("Мой BSN 111222333, спасибо") == "Мой BSN [bsn], спасибо");
    CHECK(redact("Fødselsnummer: 15079012367 – takk, æøå") ==
          "Fødselsnummer: [fodselsnummer] – takk, æøå");
    CHECK(redact("«131052-308T»") == "«[hetu]»");
    CHECK(redact("Fnr:15079012367–takk") == "Fnr:[fodselsnummer]–takk");
    CHECK(redact("\xff 111222333 \xfe") == "\xff [bsn] \xfe");
    CHECK(redact("ääni 😀 ilman numeroita") == "ääni 😀 ilman numeroita");
}

TEST_CASE("several identifiers in one comment are reported in text order") {
    const core::Redacted r = core::redact_identifiers(
        "BSN 111222333, sähköposti matti@example.fi, puh. +358 40 123 4567, hetu 131052-308T.");
    CHECK(r.text == "BSN [bsn], sähköposti [email], puh. [phone], hetu [hetu].");
    CHECK(r.kinds == Kinds{"bsn", "email", "phone", "hetu"});

    const core::Redacted mixed =
        core::redact_identifiers("040 123 4567 / 811228-9874 / 15079012367 / 070761-4285 / a@b.se");
    CHECK(mixed.text == "[phone] / [personnummer] / [fodselsnummer] / [cpr] / [email]");
    CHECK(mixed.kinds == Kinds{"phone", "personnummer", "fodselsnummer", "cpr", "email"});
}

TEST_CASE("empty text and text without identifiers come back unchanged") {
    const core::Redacted empty = core::redact_identifiers("");
    CHECK(empty.text.empty());
    CHECK(empty.kinds.empty());

    const core::Redacted plain = core::redact_identifiers("Kiitos hyvästä hoidosta!");
    CHECK(plain.text == "Kiitos hyvästä hoidosta!");
    CHECK(plain.kinds.empty());
}
