// Choice answers counted ("what went wrong": waiting time, information, staff manner ...): for
// every single- and multiple-choice question, each option's count and its share of the
// respondents who saw the question, with a Wilson 95% interval (figures.h), under the same
// groups, filters and small-group rules as the ratings (stats.h, viewer_cells.h).
//
// Who saw a question. The kiosk stores nothing for a choice question a patient saw and skipped,
// so the hub reconstructs it per survey from what it does store:
//   - every completed response whose answers meet the question's show_if (every completed
//     response when it has none): a completed survey passed through every question shown;
//   - every unfinished response that answered it, or was left on its screen ("question.<id>").
// An unfinished response left elsewhere without answering it is not counted: whether it was
// shown cannot be known. A patient may pick several options, so the shares need not add up
// to 100%.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/hub/store/stats_query.h"
#include "sync/protocol/messages.h"

namespace fbk::sync::hub {

// Respondents who saw a choice question, and the newest version of it they saw.
struct Seen {
    std::int64_t count = 0;
    const protocol::SurveyPack* pack = nullptr;
    const protocol::Question* question = nullptr;
    void add(std::int64_t n, const protocol::SurveyPack* in_pack, const protocol::Question* q);
};
// (unit, question) -> who saw it. A unit is a group, or a cell for viewers.
using SeenCounts = std::map<std::pair<std::string, std::string>, Seen>;

// From the answer tallies and reach totals of the same units (their `group` names the unit).
SeenCounts count_seen(const protocol::PackCatalog& packs, const std::vector<AnswerTally>& tallies,
                      const std::vector<ReachTotals>& reach);

bool is_choice_question(protocol::QuestionType type);

// The answers one choice question got within one unit, over every pack version.
struct ChoiceTally {
    protocol::QuestionType type = protocol::QuestionType::SingleChoice;
    std::map<std::string, std::int64_t> options;  // option id -> respondents who chose it
    std::int64_t answered = 0;                    // respondents who chose at least one
    std::int64_t seen = 0;
    // The newest pack question seen, for the options' order and labels.
    const protocol::SurveyPack* pack = nullptr;
    const protocol::Question* question = nullptr;

    void add_answers(const std::string& choices, std::int64_t count);
    void add_seen(const Seen& s);
    void merge(const ChoiceTally& other);
};

// {"question", "type", "n" (who saw it), "answered", "reliability", "options": [{"option",
// "label", "count", "percent", "ci95": [low, high]}]}; no options below kSuppressBelow.
nlohmann::json choice_figure(const std::string& question, const ChoiceTally& tally);

}  // namespace fbk::sync::hub
