// Every scored question type and its figure, in one table (question_figures.cpp): how a type's
// answer counts become the figure /api/v1/stats reports, and which number of that figure is its
// headline in the roll-ups. A type without a row (free text, single and multiple choice) is read,
// not scored. A new scored type is one row here, next to its row in the protocol's question-type
// table.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sync/hub/analytics/comparison.h"
#include "sync/hub/analytics/figures.h"
#include "sync/protocol/question_types.h"

namespace fbk::sync::hub {

namespace protocol = fbk::sync::protocol;

// The answers one question got within one group.
struct Tally {
    protocol::QuestionType type = protocol::QuestionType::Smiley;
    std::map<std::int64_t, std::int64_t> values;  // scale value -> answers
    std::map<std::string, std::int64_t> choices;  // option id -> answers

    std::int64_t n() const;
    std::int64_t value_count(std::int64_t value) const;
    std::int64_t choice_count(const std::string& option) const;
};

struct QuestionFigure {
    protocol::QuestionType type = protocol::QuestionType::Smiley;
    std::string_view key;      // the figure's member in a question's JSON ("nps")
    std::string_view measure;  // its headline's name in the equal-unit roll-up ("nps_score")
    nlohmann::json (*compute)(const Tally&) = nullptr;
    double (*headline)(const nlohmann::json& figure) = nullptr;  // from what compute made
    // The headline's 95% interval, and what its uncertainty is made of (comparison.h), for
    // targets, changes between periods and the weakest step; n is the question's answers.
    Interval (*headline_ci)(const nlohmann::json& figure) = nullptr;
    Estimate (*estimate)(const nlohmann::json& figure, std::int64_t n) = nullptr;
};

std::span<const QuestionFigure> question_figures();
// A share as every figure shows it: {"count", "percent", "ci95": [low, high]}.
nlohmann::json share_json(const Share& share);
// nullptr: the type is not scored.
const QuestionFigure* question_figure(protocol::QuestionType type);
// The headline of one question's figure as /stats reports it ({"question", "type", "n", ...}):
// nullopt when the type is not scored or the figure is suppressed.
struct Headline {
    const QuestionFigure* kind = nullptr;
    double value = 0;
    Interval ci;
    Estimate estimate;
};
std::optional<Headline> headline_of(const nlohmann::json& question_figure);
// By the headline's name ("nps_score"); nullptr for an unknown one.
const QuestionFigure* question_figure_by_measure(std::string_view measure);

}  // namespace fbk::sync::hub
