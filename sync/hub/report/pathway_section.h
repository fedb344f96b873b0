// The report's care-pathway pages: the table of every stage's headlines with intervals, n,
// margins, changes, targets and the weakest step; the notes on the weakest step; and a chart
// per headline across the stages with the targets drawn in.
#pragma once

#include <nlohmann/json.hpp>

#include "sync/hub/report/monthly_report.h"
#include "sync/hub/report/pdf_canvas.h"

namespace fbk::sync::hub::report {

void pathway_section(PdfCanvas& pdf, const nlohmann::json& journey, const ReportRequest& request);

}  // namespace fbk::sync::hub::report
