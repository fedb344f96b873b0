// The report's insight pages: what went wrong per stage (a bar per option with its interval)
// and the comment themes per stage (a bar per theme with its negative share).
#pragma once

#include <nlohmann/json.hpp>

#include "sync/hub/report/pdf_canvas.h"

namespace fbk::sync::hub::report {

// From /stats by stage: every choice and yes/partly/no question.
void reasons_section(PdfCanvas& pdf, const nlohmann::json& stats);
// From /themes by stage.
void themes_section(PdfCanvas& pdf, const nlohmann::json& themes);

}  // namespace fbk::sync::hub::report
