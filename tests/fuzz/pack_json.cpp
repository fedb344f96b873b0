#include "tests/fuzz/pack_json.h"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "sync/protocol/clock_time.h"

namespace fbk::test::fuzz {

namespace protocol = sync::protocol;
using nlohmann::json;

namespace {

json text_json(const protocol::LocalizedText& text) {
    json out = json::object();
    for (const auto& [language, words] : text) {
        out[language] = words;
    }
    return out;
}

json show_if_json(const protocol::ShowIf& cond) {
    json out = {{"question", cond.question}};
    if (cond.at_least) {
        out["at_least"] = *cond.at_least;
    }
    if (cond.at_most) {
        out["at_most"] = *cond.at_most;
    }
    if (!cond.any_of.empty()) {
        out["any_of"] = cond.any_of;
    }
    return out;
}

json question_json(const protocol::Question& q) {
    json out = {{"id", q.id},
                {"type", std::string(protocol::to_string(q.type))},
                {"text", text_json(q.text)},
                {"allow_cant_say", q.allow_cant_say}};
    if (q.type == protocol::QuestionType::SingleChoice ||
        q.type == protocol::QuestionType::MultiChoice) {
        json options = json::array();
        for (const auto& o : q.options) {
            options.push_back({{"id", o.id}, {"text", text_json(o.text)}});
        }
        out["options"] = std::move(options);
    }
    if (q.max_choices > 0) {
        out["max_choices"] = q.max_choices;
    }
    if (q.show_if) {
        out["show_if"] = show_if_json(*q.show_if);
    }
    return out;
}

std::string clock(int minute) {
    char text[8];
    std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
    return text;
}

json slot_json(const protocol::ScheduleSlot& slot) {
    json days = json::array();
    for (std::size_t d = 0; d < protocol::kWeekdays.size(); ++d) {
        if ((slot.weekdays & (1U << d)) != 0) {
            days.push_back(std::string(protocol::kWeekdays[d]));
        }
    }
    return {{"stage", slot.stage},
            {"days", std::move(days)},
            {"from", clock(slot.from_minute)},
            {"to", clock(slot.to_minute)}};
}

}  // namespace

std::string pack_to_json(const protocol::SurveyPack& pack) {
    json surveys = json::array();
    for (const auto& s : pack.surveys) {
        json questions = json::array();
        for (const auto& q : s.questions) {
            questions.push_back(question_json(q));
        }
        surveys.push_back({{"id", s.id}, {"stages", s.stages}, {"questions", questions}});
    }
    json out = {{"format", 1},
                {"id", pack.id},
                {"version", pack.version},
                {"default_language", pack.default_language},
                {"languages", pack.languages},
                {"surveys", std::move(surveys)}};
    if (!pack.schedule.empty()) {
        json slots = json::array();
        for (const auto& slot : pack.schedule) {
            slots.push_back(slot_json(slot));
        }
        out["schedule"] = std::move(slots);
    }
    if (pack.stage_question) {
        out["stage_question"] = {{"text", text_json(pack.stage_question->text)},
                                 {"stages", pack.stage_question->stages}};
    }
    return out.dump();
}

}  // namespace fbk::test::fuzz
