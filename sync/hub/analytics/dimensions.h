// National instruments report "% positive" per dimension (Sweden's Nationell Patientenkät in
// seven, NHS England's Friends and Family Test in one): the share of a dimension's answers that
// are positive, "can't say" left out (which answers are positive: protocol::Question::
// positive_value / positive_choice, from the pack's "dimension" and "positive" marks).
//
// The interval is Wilson's, made conservative for answers that are not independent: one
// patient answers several questions of a dimension, and counting each answer as its own
// observation would make the interval too narrow. With p = positive / answers pooled over the
// dimension's questions, and n = the answers of its most-answered question (no more patients
// than that answered the dimension, and no fewer than that took part):
//   centre = (p + z²/2n) / (1 + z²/n),  half-width = z·sqrt(p(1−p)/n + z²/4n²) / (1 + z²/n)
// with z = 1.959964. With one question this is exactly that question's Wilson interval.
#pragma once

#include <cstdint>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/hub/analytics/figures.h"
#include "sync/hub/store/stats_query.h"
#include "sync/protocol/messages.h"

namespace fbk::sync::hub {

struct DimensionFigure {
    std::string dimension;
    std::vector<std::string> questions;
    std::int64_t answers = 0;  // every answer to its questions, "can't say" left out
    std::int64_t positive = 0;
    std::int64_t n_effective = 0;  // the answers of its most-answered question
    double percent = 0;
    Interval ci;  // percent
};

// The dimensions answered in `tallies` (one group's, or all groups' for the pooled figure), in
// the order their first question appears; dimensions of no answered question are left out.
std::vector<DimensionFigure> dimension_figures(const protocol::PackCatalog& packs,
                                               const std::vector<const AnswerTally*>& tallies);

// The Wilson interval above for a share p (0..1) and an n, in percent; {0, 100} when n is 0.
Interval conservative_wilson(double p, std::int64_t n);

nlohmann::json dimension_json(const DimensionFigure& figure);

}  // namespace fbk::sync::hub
