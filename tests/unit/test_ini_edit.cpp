// set_ini_values: the kiosk's first boot fills the image's configuration template in, and
// whatever IT staff wrote around the settings it changes must survive.
#include <doctest/doctest.h>

#include <stdexcept>
#include <vector>

#include "kiosk/core/ini.h"
#include "kiosk/core/ini_edit.h"

namespace core = fbk::kiosk::core;

namespace {

const char* kTemplate = R"(# Site template for the north building.

[kiosk]
id = lobby-1                       # unique per kiosk
stage = WAITING
pack = /usr/share/feedback-kiosk/packs/default-healthcare.json
; languages in button order
languages = fi, sv, en

[hub]
url = https://hub.example.org
token = REPLACE_ME
# ca_file = /etc/feedback-kiosk/hub-ca.pem

[timing]
idle_timeout = 30s
)";

std::string set(std::string_view text, std::vector<core::IniValue> values) {
    return core::set_ini_values(text, values);
}

}  // namespace

TEST_CASE("set_ini_values replaces values and keeps every other line and comment") {
    const auto out = set(kTemplate, {{"kiosk", "id", "er-lobby-1"},
                                     {"kiosk", "stage", "DISCHARGE"},
                                     {"hub", "token", "fbk_kiosk_new"}});
    CHECK(out == R"(# Site template for the north building.

[kiosk]
id = er-lobby-1                    # unique per kiosk
stage = DISCHARGE
pack = /usr/share/feedback-kiosk/packs/default-healthcare.json
; languages in button order
languages = fi, sv, en

[hub]
url = https://hub.example.org
token = fbk_kiosk_new
# ca_file = /etc/feedback-kiosk/hub-ca.pem

[timing]
idle_timeout = 30s
)");
    // The parser reads the new values, and the kept comment is still a comment.
    const auto doc = core::parse_ini(out);
    CHECK(doc.errors.empty());
    CHECK(doc.entries.at(0).value == "er-lobby-1");
}

TEST_CASE("set_ini_values inserts a missing key right after its section's header") {
    const auto out = set(kTemplate, {{"kiosk", "site", "north"}, {"hub", "pin_sha256", "x"}});
    CHECK(out.find("[kiosk]\nsite = north\nid = lobby-1 ") != std::string::npos);
    CHECK(out.find("[hub]\npin_sha256 = x\nurl = https://hub.example.org\n") != std::string::npos);
    // Nothing else moved.
    std::string back = out;
    back.erase(back.find("site = north\n"), 13);
    back.erase(back.find("pin_sha256 = x\n"), 15);
    CHECK(back == kTemplate);
}

TEST_CASE("set_ini_values appends a missing section after a blank line") {
    CHECK(set("[kiosk]\nid = a\n", {{"hub", "token", "t1"}, {"hub", "url", "https://h"}}) ==
          "[kiosk]\nid = a\n\n[hub]\ntoken = t1\nurl = https://h\n");
    // No line break at the end of the text, and an empty text.
    CHECK(set("[kiosk]\nid = a", {{"hub", "token", "t1"}}) ==
          "[kiosk]\nid = a\n\n[hub]\ntoken = t1\n");
    CHECK(set("", {{"kiosk", "id", "a"}}) == "[kiosk]\nid = a\n");
    // A header on the last line without a line break still gets its key below it.
    CHECK(set("[kiosk]", {{"kiosk", "id", "a"}}) == "[kiosk]\nid = a\n");
}

TEST_CASE("set_ini_values changes only the key in its own section") {
    const std::string text = "[a]\nx = 1\n[b]\nx = 2\n# x = 3\n[a]\nx = 4\n";
    CHECK(set(text, {{"b", "x", "9"}}) == "[a]\nx = 1\n[b]\nx = 9\n# x = 3\n[a]\nx = 4\n");
    // A key the file repeats is set everywhere (the config check then reports the repeat).
    CHECK(set(text, {{"a", "x", "9"}}) == "[a]\nx = 9\n[b]\nx = 2\n# x = 3\n[a]\nx = 9\n");
    // A key that only starts the same is another key.
    CHECK(set("[a]\nxx = 1\n", {{"a", "x", "2"}}) == "[a]\nx = 2\nxx = 1\n");
}

TEST_CASE("set_ini_values keeps the line's own spelling, CRLF and comments") {
    CHECK(set("[k]\n  id=old\n", {{"k", "id", "new"}}) == "[k]\n  id=new\n");
    CHECK(set("[k]\nid =\n", {{"k", "id", "new"}}) == "[k]\nid =new\n");
    // A trailing comment stays in its column, or one space after a longer value.
    CHECK(set("[k]\nid = a-very-long-old-value ; why\n", {{"k", "id", "b"}}) ==
          "[k]\nid = b                     ; why\n");
    CHECK(set("[k]\nid = old # why\n", {{"k", "id", "a-longer-value"}}) ==
          "[k]\nid = a-longer-value # why\n");
    // A '#' that starts the value is part of it (as parse_ini reads it), not a comment.
    CHECK(set("[k]\nid = #old # c\n", {{"k", "id", "new"}}) == "[k]\nid = new  # c\n");
    // A file written on Windows keeps its CRLF, also on the lines added.
    CHECK(set("[k]\r\nid = old\r\n", {{"k", "id", "new"}, {"k", "site", "s"}, {"h", "t", "1"}}) ==
          "[k]\r\nsite = s\r\nid = new\r\n\r\n[h]\r\nt = 1\r\n");
}

// Found by tests/fuzz (fuzz_ini): the first header after Notepad's byte order mark went unseen,
// so provisioning appended a second [kiosk] and the kiosk refused its "id already set" config.
TEST_CASE("set_ini_values reads past a byte order mark as parse_ini does, and keeps it") {
    const std::string bom = "\xEF\xBB\xBF";
    CHECK(set(bom + "[kiosk]\nid=\n", {{"kiosk", "id", "er-lobby-1"}}) ==
          bom + "[kiosk]\nid=er-lobby-1\n");
    CHECK(set(bom + "[kiosk]\r\nstage = WAITING\r\n", {{"kiosk", "id", "er-lobby-1"}}) ==
          bom + "[kiosk]\r\nid = er-lobby-1\r\nstage = WAITING\r\n");
    const auto doc = core::parse_ini(set(bom + "[kiosk]\nid = old\n", {{"kiosk", "id", "new"}}));
    REQUIRE(doc.entries.size() == 1);
    CHECK(doc.entries[0].value == "new");
    CHECK(doc.sections.size() == 1);
}

// Found by tests/fuzz (fuzz_ini): a last line ending in a '\r' without its '\n' got a whole CRLF
// after it, and the next edit of that line dropped the stray '\r'.
TEST_CASE("set_ini_values completes a last line's CRLF without doubling its CR") {
    const std::vector<core::IniValue> values = {{"hub", "url", "https://h"}, {"k", "id", "x"}};
    const auto once = set("\r\n[hub]\nurl=\r", values);
    CHECK(once == "\r\n[hub]\nurl=https://h\r\n\r\n[k]\r\nid = x\r\n");
    CHECK(set(once, values) == once);
    CHECK(set("[k]\r", {{"k", "id", "x"}}) == "[k]\r\nid = x\n");  // one line: LF is the default
}

TEST_CASE("set_ini_values gives the same text when run again") {
    const std::vector<core::IniValue> values = {{"kiosk", "id", "er-lobby-1"},
                                                {"kiosk", "site", "north"},
                                                {"hub", "token", "fbk_kiosk_x"},
                                                {"wifi", "country", "FI"}};
    const auto once = core::set_ini_values(kTemplate, values);
    CHECK(once != kTemplate);
    CHECK(core::set_ini_values(once, values) == once);
}

TEST_CASE("set_ini_values refuses a value that would not read back, without showing it") {
    const std::vector<std::string> bad = {"two\nlines", " lead-x",    "trailing\t",
                                          "a #comment", "a ;comment", std::string("nul\0x", 5)};
    for (const auto& value : bad) {
        CAPTURE(value);
        try {
            set(kTemplate, {{"hub", "token", value}});
            FAIL("no exception");
        } catch (const std::invalid_argument& e) {
            const std::string what = e.what();
            CHECK(what.starts_with("[hub] token: "));
            CHECK(what.find(value) == std::string::npos);
        }
    }
    // '#' without a blank before it is an ordinary character.
    CHECK(set("[k]\n", {{"k", "p", "a#b;c"}}) == "[k]\np = a#b;c\n");
}
