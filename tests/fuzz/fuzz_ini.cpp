// The INI reader (kiosk::core::parse_ini) and the editor that provisioning uses on the same
// files (set_ini_values). Invariants:
//  - every entry has a section and a key, both trimmed, the key without '='; entries and errors
//    come in file order with line numbers inside the file;
//  - after setting a few values, every entry of those keys reads back as the new value, every
//    other entry reads as before, in the same order, and no error comes or goes;
//  - setting the same values again changes nothing (documented in ini_edit.h).
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "kiosk/core/ini.h"
#include "kiosk/core/ini_edit.h"
#include "tests/fuzz/fuzz_check.h"

namespace core = fbk::kiosk::core;

namespace {

const std::array<core::IniValue, 3> kValues = {{
    {"kiosk", "id", "lobby-2"},
    {"hub", "url", "https://feedback-hub.example.org:8443/base"},
    {"display", "rotation", "90"},
}};

bool is_set_value(const core::IniEntry& e) {
    return std::any_of(kValues.begin(), kValues.end(),
                       [&](const auto& v) { return v.section == e.section && v.key == e.key; });
}

void check_document(std::string_view text, const core::IniDocument& doc) {
    const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    int previous = 0;
    for (const auto& e : doc.entries) {
        FBK_FUZZ_CHECK(!e.section.empty() && !e.key.empty());
        FBK_FUZZ_CHECK(core::trim_blanks(e.key) == e.key && e.key.find('=') == std::string::npos);
        FBK_FUZZ_CHECK(core::trim_blanks(e.value) == e.value);
        FBK_FUZZ_CHECK(e.line > previous && e.line <= lines);
        previous = e.line;
    }
    previous = 0;
    for (const auto& e : doc.errors) {
        FBK_FUZZ_CHECK(e.line > previous && e.line <= lines && !e.message.empty());
        previous = e.line;
    }
    for (const auto& s : doc.sections) {
        FBK_FUZZ_CHECK(core::trim_blanks(s.name) == s.name && s.line >= 1 && s.line <= lines);
    }
}

std::vector<core::IniEntry> others(const core::IniDocument& doc) {
    std::vector<core::IniEntry> out;
    std::copy_if(doc.entries.begin(), doc.entries.end(), std::back_inserter(out),
                 [](const auto& e) { return !is_set_value(e); });
    return out;
}

void check_edit(std::string_view text, const core::IniDocument& before) {
    const std::string edited = core::set_ini_values(text, kValues);
    const core::IniDocument after = core::parse_ini(edited);
    check_document(edited, after);
    for (const auto& v : kValues) {
        const auto count = std::count_if(after.entries.begin(), after.entries.end(), [&](auto& e) {
            return e.section == v.section && e.key == v.key;
        });
        FBK_FUZZ_CHECK(count >= 1);
        for (const auto& e : after.entries) {
            if (e.section == v.section && e.key == v.key) {
                FBK_FUZZ_CHECK(e.value == v.value);
            }
        }
    }
    const auto kept_before = others(before);
    const auto kept_after = others(after);
    FBK_FUZZ_CHECK(kept_before.size() == kept_after.size());
    for (std::size_t i = 0; i < kept_before.size(); ++i) {
        FBK_FUZZ_CHECK(kept_before[i].section == kept_after[i].section &&
                       kept_before[i].key == kept_after[i].key &&
                       kept_before[i].value == kept_after[i].value);
    }
    FBK_FUZZ_CHECK(after.errors.size() == before.errors.size());
    FBK_FUZZ_CHECK(core::set_ini_values(edited, kValues) == edited);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text = fbk::test::fuzz::as_text(data, size);
    const core::IniDocument doc = core::parse_ini(text);
    check_document(text, doc);
    check_edit(text, doc);
    return 0;
}
