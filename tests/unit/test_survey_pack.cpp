#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "sync/protocol/survey_pack.h"
#include "tests/support/paths.h"

namespace protocol = fbk::sync::protocol;
using nlohmann::json;

namespace {

json valid_pack() {
    return json::parse(R"({
      "format": 1, "id": "test-pack", "version": 3, "default_language": "en",
      "languages": ["fi", "en"],
      "surveys": [{
        "id": "lobby", "stages": ["WAITING"],
        "questions": [
          {"id": "satisfaction", "type": "smiley", "text": {"fi": "Miten meni?", "en": "How was it?"}},
          {"id": "recommend", "type": "nps", "text": {"fi": "Suosittelisitko?", "en": "Recommend?"}}
        ]}]
    })");
}

// The single error a broken pack produces, as "path: message".
std::string only_error(const json& pack) {
    const auto load = protocol::parse_survey_pack(pack.dump());
    REQUIRE_FALSE(load.pack.has_value());
    REQUIRE(load.issues.size() >= 1);
    return load.issues.front().path + ": " + load.issues.front().message;
}

}  // namespace

TEST_CASE("a valid pack loads with its surveys, questions and stage mapping") {
    const auto load = protocol::parse_survey_pack(valid_pack().dump());
    REQUIRE(load.pack.has_value());
    CHECK(load.issues.empty());
    const auto& pack = *load.pack;
    CHECK(pack.id == "test-pack");
    CHECK(pack.version == 3);
    REQUIRE(pack.survey_for_stage("WAITING") != nullptr);
    CHECK(pack.survey_for_stage("WAITING")->questions.size() == 2);
    CHECK(pack.survey_for_stage("DISCHARGE") == nullptr);
    CHECK(pack.text(pack.surveys[0].questions[0].text, "fi") == "Miten meni?");
    CHECK(pack.text(pack.surveys[0].questions[0].text, "de") == "How was it?");  // falls back
}

TEST_CASE("the shipped default pack is valid and serves every journey stage it lists") {
    const auto load = protocol::load_survey_pack(fbk::test::source_dir() /
                                                 "assets/packs/default-healthcare.json");
    for (const auto& i : load.issues) {
        MESSAGE(protocol::describe(i, "default-healthcare.json"));
    }
    REQUIRE(load.pack.has_value());
    CHECK(load.pack->survey_for_stage("WAITING") != nullptr);
    CHECK(load.pack->survey_for_stage("DISCHARGE") != nullptr);
}

TEST_CASE("broken packs are refused with the JSON path of the problem") {
    SUBCASE("invalid JSON names line and column") {
        const auto load = protocol::parse_survey_pack("{\n  \"format\": 1,\n  \"id\": \n}");
        REQUIRE_FALSE(load.pack);
        CHECK(load.issues.front().message.find("line 4, column 1") != std::string::npos);
    }
    SUBCASE("missing translation") {
        auto p = valid_pack();
        p["surveys"][0]["questions"][1]["text"].erase("fi");
        CHECK(only_error(p) == "$.surveys[0].questions[1].text.fi: missing text for language 'fi'");
    }
    SUBCASE("duplicate question id") {
        auto p = valid_pack();
        p["surveys"][0]["questions"][1]["id"] = "satisfaction";
        CHECK(only_error(p) ==
              "$.surveys[0].questions[1].id: question id 'satisfaction' is used twice in survey "
              "'lobby'");
    }
    SUBCASE("unknown question type") {
        auto p = valid_pack();
        p["surveys"][0]["questions"][0]["type"] = "slider";
        CHECK(
            only_error(p) ==
            "$.surveys[0].questions[0].type: unknown question type 'slider' (known: smiley, nps)");
    }
    SUBCASE("unknown journey stage") {
        auto p = valid_pack();
        p["surveys"][0]["stages"][0] = "LOBBY";
        CHECK(only_error(p).starts_with("$.surveys[0].stages[0]: unknown journey stage 'LOBBY'"));
    }
    SUBCASE("a stage served by two surveys") {
        auto p = valid_pack();
        auto second = p["surveys"][0];
        second["id"] = "other";
        p["surveys"].push_back(second);
        CHECK(only_error(p) ==
              "$.surveys[1].stages[0]: stage WAITING is already served by $.surveys[0]");
    }
    SUBCASE("text in a language the pack does not declare") {
        auto p = valid_pack();
        p["surveys"][0]["questions"][0]["text"]["sv"] = "Hur var det?";
        CHECK(only_error(p) ==
              "$.surveys[0].questions[0].text.sv: language 'sv' is not declared in $.languages");
    }
    SUBCASE("default language not among the languages") {
        auto p = valid_pack();
        p["default_language"] = "sv";
        CHECK(only_error(p) == "$.default_language: 'sv' is not one of the pack's languages");
    }
    SUBCASE("wrong value type") {
        auto p = valid_pack();
        p["version"] = "3";
        CHECK(only_error(p) == "$.version: must be an integer, found a string");
    }
    SUBCASE("misspelt key") {
        auto p = valid_pack();
        p["surveys"][0]["stage"] = p["surveys"][0]["stages"];
        CHECK(only_error(p).starts_with("$.surveys[0].stage: unknown key"));
    }
    SUBCASE("unsupported format version") {
        auto p = valid_pack();
        p["format"] = 2;
        CHECK(only_error(p).starts_with("$.format: unsupported format 2"));
    }
    SUBCASE("empty survey list") {
        auto p = valid_pack();
        p["surveys"] = json::array();
        CHECK(only_error(p) == "$.surveys: must hold at least one survey");
    }
    SUBCASE("bad id characters") {
        auto p = valid_pack();
        p["id"] = "Test Pack";
        CHECK(only_error(p).starts_with("$.id: 'Test Pack' is not a valid id"));
    }
}

TEST_CASE("every problem of a pack is reported, not only the first") {
    auto p = valid_pack();
    p["surveys"][0]["questions"][0]["type"] = "slider";
    p["surveys"][0]["questions"][1]["text"].erase("en");
    const auto load = protocol::parse_survey_pack(p.dump());
    CHECK_FALSE(load.pack);
    CHECK(load.issues.size() == 2);
}

TEST_CASE("a missing or oversized pack file is reported at the document") {
    const auto load = protocol::load_survey_pack("/nonexistent/pack.json");
    REQUIRE_FALSE(load.pack);
    CHECK(load.issues.front().path == "$");
    CHECK(load.issues.front().message.find("cannot read file") != std::string::npos);
}
