// What the report's pages share: its headline measures (the pathway table's columns and the
// charts), number and name formatting, and section headings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/hub/report/pdf_canvas.h"

namespace fbk::sync::hub::report {

using nlohmann::json;

// A headline measure as the report prints it, in the dashboard's order.
struct Measure {
    std::string_view id;
    const char* label;
    double low;
    double high;
    bool signed_value;
    const char* suffix;
};
inline constexpr Measure kMeasures[] = {
    {"csat_top2_percent", "Satisfied (top 2)", 0, 100, false, "%"},
    {"nps_score", "NPS", -100, 100, true, ""},
    {"ces_mean", "Effort (mean, 1-7)", 1, 7, false, ""},
    {"yes_percent", "Yes", 0, 100, false, "%"},
    {"slider_mean", "Slider (mean)", 0, 100, false, ""},
};

// "−12", "+5" with a real minus sign; `digits` after the point.
std::string number(double v, int digits = 0, bool with_sign = false);
std::string value_text(const Measure& m, double v);
// "FOLLOW_UP" -> "Follow up".
std::string stage_name(std::string code);
// "November 2026", UTC.
std::string month_name(std::int64_t unix_ms);
// The measures some stage of the journey reports, in kMeasures' order.
std::vector<const Measure*> measures_in(const json& journey);
const json* figure_for(const json& stage, const Measure& m);
// A section's title; it keeps the first lines of what it heads on its page.
void heading(PdfCanvas& pdf, std::string_view text);

}  // namespace fbk::sync::hub::report
