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

// The first error a broken pack produces, as "path: message".
std::string only_error(const json& pack) {
    const auto load = protocol::parse_survey_pack(pack.dump());
    REQUIRE_FALSE(load.pack.has_value());
    for (const auto& issue : load.issues) {
        if (issue.severity == protocol::Severity::Error) {
            return issue.path + ": " + issue.message;
        }
    }
    FAIL("no error reported");
    return "";
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
    SUBCASE("text missing in the default language") {
        auto p = valid_pack();
        p["surveys"][0]["questions"][1]["text"].erase("en");
        CHECK(only_error(p) ==
              "$.surveys[0].questions[1].text.en: missing text in the default language 'en'");
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
        p["surveys"][0]["questions"][0]["type"] = "thermometer";
        CHECK(only_error(p) ==
              "$.surveys[0].questions[0].type: unknown question type 'thermometer' (known: smiley, "
              "nps, effort, yes_partly_no, single_choice, multi_choice, free_text, slider)");
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

TEST_CASE("a missing translation is a warning, and the default language is shown instead") {
    auto p = valid_pack();
    p["surveys"][0]["questions"][1]["text"].erase("fi");
    const auto load = protocol::parse_survey_pack(p.dump());
    REQUIRE(load.pack);
    REQUIRE(load.issues.size() == 1);
    CHECK(load.issues[0].severity == protocol::Severity::Warning);
    CHECK(load.issues[0].path == "$.surveys[0].questions[1].text.fi");
    CHECK(load.issues[0].message == "missing text for language 'fi'; the kiosk shows 'en' instead");
    CHECK(load.pack->text(load.pack->surveys[0].questions[1].text, "fi") == "Recommend?");
}

TEST_CASE("every question type, follow-ups, the stage question and the schedule load") {
    auto p = valid_pack();
    auto& qs = p["surveys"][0]["questions"];
    qs[0]["allow_cant_say"] = true;
    qs.push_back(json::parse(R"({"id": "why", "type": "multi_choice", "max_choices": 2,
        "text": {"en": "Why?"}, "show_if": {"question": "satisfaction", "at_most": 2},
        "options": [{"id": "wait", "text": {"en": "Waiting"}}, {"id": "info", "text": {"en": "Info"}},
                    {"id": "other", "text": {"en": "Other"}}]})"));
    qs.push_back(json::parse(R"({"id": "effort", "type": "effort", "text": {"en": "Easy?"}})"));
    qs.push_back(json::parse(
        R"({"id": "informed", "type": "yes_partly_no", "text": {"en": "Informed?"},
            "allow_cant_say": true})"));
    qs.push_back(json::parse(R"({"id": "again", "type": "single_choice", "text": {"en": "Again?"},
        "show_if": {"question": "informed", "any_of": ["no", "partly"]},
        "options": [{"id": "a", "text": {"en": "A"}}, {"id": "b", "text": {"en": "B"}}]})"));
    qs.push_back(json::parse(R"({"id": "comment", "type": "free_text", "text": {"en": "More?"}})"));
    p["surveys"].push_back(json::parse(R"({"id": "lab", "stages": ["LABORATORY"], "questions": [
        {"id": "satisfaction", "type": "smiley", "text": {"en": "Lab?"}}]})"));
    p["schedule"] = json::parse(
        R"([{"stage": "LABORATORY", "days": ["mon", "fri"], "from": "07:00", "to": "11:30"}])");
    p["stage_question"] =
        json::parse(R"({"text": {"en": "Where are you?"}, "stages": ["WAITING", "LABORATORY"]})");
    const auto load = protocol::parse_survey_pack(p.dump());
    for (const auto& i : load.issues) {
        MESSAGE(protocol::describe(i, "pack"));
    }
    REQUIRE(load.pack);
    const auto& survey = load.pack->surveys[0];
    REQUIRE(survey.questions.size() == 7);
    CHECK(survey.questions[0].allow_cant_say);
    CHECK(survey.questions[2].max_choices == 2);
    CHECK(survey.questions[2].show_if->at_most == 2);
    CHECK(survey.questions[5].show_if->any_of == std::vector<std::string>{"no", "partly"});
    CHECK(survey.questions[4].option_ids() == std::vector<std::string>{"yes", "partly", "no"});
    REQUIRE(load.pack->schedule.size() == 1);
    CHECK(load.pack->schedule[0].weekdays == 0b10001);
    CHECK(load.pack->schedule[0].from_minute == 420);
    CHECK(load.pack->schedule[0].to_minute == 690);
    CHECK(load.pack->stage_question->stages.size() == 2);
}

TEST_CASE("broken follow-ups, options and schedules name their path") {
    const auto with_question = [](const char* question) {
        auto p = valid_pack();
        p["surveys"][0]["questions"].push_back(json::parse(question));
        return p;
    };
    CHECK(only_error(with_question(R"({"id": "x", "type": "smiley", "text": {"en": "?"},
            "show_if": {"question": "later", "at_most": 2}})")) ==
          "$.surveys[0].questions[2].show_if.question: 'later' is not an earlier question of "
          "survey 'lobby'");
    CHECK(only_error(with_question(R"({"id": "x", "type": "smiley", "text": {"en": "?"},
            "show_if": {"question": "satisfaction", "at_most": 9}})")) ==
          "$.surveys[0].questions[2].show_if.at_most: 9 is outside 1..5");
    CHECK(only_error(with_question(R"({"id": "x", "type": "smiley", "text": {"en": "?"},
            "show_if": {"question": "satisfaction", "any_of": ["yes"]}})"))
              .starts_with("$.surveys[0].questions[2].show_if.any_of: lists choices"));
    CHECK(only_error(with_question(R"({"id": "x", "type": "single_choice", "text": {"en": "?"},
            "options": [{"id": "a", "text": {"en": "A"}}]})")) ==
          "$.surveys[0].questions[2].options: must hold 2 to 6 options, found 1");
    CHECK(only_error(with_question(R"({"id": "x", "type": "multi_choice", "text": {"en": "?"},
            "options": [{"id": "a", "text": {"en": "A"}}, {"id": "a", "text": {"en": "B"}}]})")) ==
          "$.surveys[0].questions[2].options[1].id: option id 'a' is used twice");
    CHECK(only_error(with_question(R"({"id": "x", "type": "nps", "text": {"en": "?"},
            "options": []})")) ==
          "$.surveys[0].questions[2].options: is not used by nps questions");
    auto p = valid_pack();
    p["schedule"] = json::parse(R"([{"stage": "DISCHARGE", "from": "07:00", "to": "08:00"}])");
    CHECK(only_error(p) == "$.schedule[0].stage: no survey in this pack serves stage DISCHARGE");
    p["schedule"] = json::parse(R"([{"stage": "WAITING", "from": "7am", "to": "08:00"}])");
    CHECK(only_error(p) == "$.schedule[0].from: '7am' is not a time of day like \"07:30\"");
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

TEST_CASE("the question-type table has one row per type, names round-trip, domains are sane") {
    namespace p = fbk::sync::protocol;
    const auto types = p::question_types();
    CHECK(types.size() == 8);
    for (std::size_t i = 0; i < types.size(); ++i) {
        const auto& t = types[i];
        CAPTURE(t.name);
        CHECK(static_cast<std::size_t>(t.type) == i);  // in enum order, none missing
        CHECK(&p::info(t.type) == &t);
        CHECK(p::question_type_from_string(t.name) == t.type);
        CHECK((t.answer == p::AnswerKind::Value) == t.range.has_value());
        CHECK((!t.several_choices || t.pack_options));
        CHECK((!t.several_choices || t.needs_continue));  // several choices: Continue confirms
        CHECK((!t.pack_anchors || t.answer == p::AnswerKind::Value));  // only a scale has ends
    }
    CHECK(p::known_question_types() ==
          "smiley, nps, effort, yes_partly_no, single_choice, multi_choice, free_text, slider");
    CHECK(p::info(p::QuestionType::Slider).range->min == 0);
    CHECK(p::info(p::QuestionType::Slider).range->max == 100);
}

namespace {

json slider_pack(const json& question) {
    json pack = valid_pack();
    pack["surveys"][0]["questions"].push_back(question);
    return pack;
}

const json kPainAnchors = {{"low", {{"fi", "Ei kipua"}, {"en", "No pain"}}},
                           {"high", {{"fi", "Pahin kipu"}, {"en", "Worst pain imaginable"}}}};

}  // namespace

TEST_CASE("a slider loads with the anchors its pack words, and follow-ups on its value") {
    json pack = slider_pack({{"id", "pain"},
                             {"type", "slider"},
                             {"text", {{"fi", "Kipu nyt?"}, {"en", "Pain now?"}}},
                             {"anchors", kPainAnchors}});
    pack["surveys"][0]["questions"].push_back(
        {{"id", "pain_why"},
         {"type", "free_text"},
         {"text", {{"fi", "Miksi?"}, {"en", "Why?"}}},
         {"show_if", {{"question", "pain"}, {"at_least", 70}}}});
    const auto load = protocol::parse_survey_pack(pack.dump());
    REQUIRE(load.pack.has_value());
    const auto& q = load.pack->surveys[0].questions[2];
    CHECK(q.type == protocol::QuestionType::Slider);
    REQUIRE(q.anchors.has_value());
    CHECK(load.pack->text(q.anchors->low, "fi") == "Ei kipua");
    CHECK(load.pack->text(q.anchors->high, "en") == "Worst pain imaginable");
    REQUIRE(load.pack->surveys[0].questions[3].show_if.has_value());
    CHECK(*load.pack->surveys[0].questions[3].show_if->at_least == 70);
}

TEST_CASE("a slider without anchors, anchors on another type, or a follow-up past 100 is refused") {
    const json text = {{"fi", "Kipu?"}, {"en", "Pain?"}};
    CHECK(only_error(slider_pack({{"id", "pain"}, {"type", "slider"}, {"text", text}})) ==
          "$.surveys[0].questions[2].anchors: is missing");
    CHECK(only_error(slider_pack(
              {{"id", "x"}, {"type", "nps"}, {"text", text}, {"anchors", kPainAnchors}})) ==
          "$.surveys[0].questions[2].anchors: is not used by nps questions");
    json no_high = kPainAnchors;
    no_high.erase("high");
    CHECK(only_error(slider_pack(
              {{"id", "pain"}, {"type", "slider"}, {"text", text}, {"anchors", no_high}})) ==
          "$.surveys[0].questions[2].anchors.high: is missing");
    json no_default = kPainAnchors;
    no_default["low"].erase("en");
    CHECK(only_error(slider_pack(
              {{"id", "pain"}, {"type", "slider"}, {"text", text}, {"anchors", no_default}})) ==
          "$.surveys[0].questions[2].anchors.low.en: missing text in the default language 'en'");
    json pack = slider_pack(
        {{"id", "pain"}, {"type", "slider"}, {"text", text}, {"anchors", kPainAnchors}});
    pack["surveys"][0]["questions"].push_back(
        {{"id", "why"},
         {"type", "free_text"},
         {"text", text},
         {"show_if", {{"question", "pain"}, {"at_least", 101}}}});
    CHECK(only_error(pack).find("$.surveys[0].questions[3].show_if.at_least") == 0);
}

TEST_CASE("a pack may name the keyboard layout a language is typed on") {
    auto p = valid_pack();
    p["keyboards"] = {{"fi", "sv"}};
    const auto load = protocol::parse_survey_pack(p.dump());
    REQUIRE(load.pack);
    CHECK(load.pack->keyboards.at("fi") == "sv");
    SUBCASE("only for a language the pack offers") {
        p["keyboards"] = {{"et", "fi"}};
        CHECK(only_error(p) == "$.keyboards.et: language 'et' is not declared in $.languages");
    }
    SUBCASE("by a language code") {
        p["keyboards"] = {{"fi", 7}};
        CHECK(only_error(p) ==
              "$.keyboards.fi: must name a keyboard layout by its language code, such as \"fi\"");
    }
}
