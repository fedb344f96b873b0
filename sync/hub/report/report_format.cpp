#include "sync/hub/report/report_format.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>

namespace fbk::sync::hub::report {

namespace {

constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};

// The headline columns of the pathway table and charts, in the dashboard's order.
}  // namespace

std::string number(double v, int digits, bool with_sign) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, with_sign ? "%+.*f" : "%.*f", digits, v);
    std::string out = buffer;
    if (out == "-0" || out == "+0") {
        out = "0";
    }
    if (!out.empty() && out[0] == '-') {
        out.replace(0, 1, "\u2212");  // a real minus sign
    }
    return out;
}

std::string value_text(const Measure& m, double v) {
    return number(v, m.id == "ces_mean" ? 1 : 0, m.signed_value) + m.suffix;
}

std::string stage_name(std::string code) {
    std::transform(code.begin() + 1, code.end(), code.begin() + 1,
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::replace(code.begin(), code.end(), '_', ' ');
    return code;
}

std::string month_name(std::int64_t unix_ms) {
    using namespace std::chrono;
    const year_month_day d{floor<days>(sys_time<milliseconds>{milliseconds{unix_ms}})};
    return std::string(kMonths[static_cast<unsigned>(d.month()) - 1]) + " " +
           std::to_string(static_cast<int>(d.year()));
}

std::vector<const Measure*> measures_in(const json& journey) {
    std::vector<const Measure*> out;
    for (const Measure& m : kMeasures) {
        for (const json& s : journey.at("stages")) {
            for (const json& f : s.at("figures")) {
                if (f.at("measure") == m.id && std::find(out.begin(), out.end(), &m) == out.end()) {
                    out.push_back(&m);
                }
            }
        }
    }
    return out;
}

const json* figure_for(const json& stage, const Measure& m) {
    for (const json& f : stage.at("figures")) {
        if (f.at("measure") == m.id) {
            return &f;
        }
    }
    return nullptr;
}

void heading(PdfCanvas& pdf, std::string_view text) {
    pdf.need(90);
    pdf.y += 10;
    pdf.font(13, true);
    pdf.text(pdf.left(), pdf.y + 13, text);
    pdf.y += 22;
}

}  // namespace fbk::sync::hub::report
