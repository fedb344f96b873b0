#include <doctest/doctest.h>

#include "kiosk/core/ui_strings.h"
#include "tests/support/paths.h"

namespace core = fbk::kiosk::core;

TEST_CASE("UI strings fall back to the default language, then to the key") {
    const auto load = core::parse_ui_strings(R"({"default_language": "en", "languages": {
        "en": {"hello": "Hello", "bye": "Goodbye"}, "fi": {"hello": "Hei"}}})");
    REQUIRE(load.strings);
    CHECK(load.strings->get("fi", "hello") == "Hei");
    CHECK(load.strings->get("fi", "bye") == "Goodbye");
    CHECK(load.strings->get("fi", "missing.key") == "missing.key");
    REQUIRE(load.issues.size() == 1);
    CHECK(load.issues[0].path == "$.languages.fi.bye");
}

TEST_CASE("the shipped UI strings are complete in every language") {
    const auto load = core::load_ui_strings(fbk::test::source_dir() / "assets/i18n/ui.json");
    REQUIRE(load.strings);
    for (const auto& i : load.issues) {
        MESSAGE(i.path << ": " << i.message);
    }
    CHECK(load.issues.empty());
    CHECK(load.strings->get("sv", "language.name") == "Svenska");
}

TEST_CASE("placeholders are replaced by name") {
    CHECK(core::format("Question {n} of {total}", {{"n", "1"}, {"total", "2"}}) ==
          "Question 1 of 2");
    CHECK(core::format("{unknown} stays", {{"n", "1"}}) == "{unknown} stays");
}
