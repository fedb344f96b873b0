#include "sync/hub/report/monthly_report.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/hub/analytics/journey.h"
#include "sync/hub/analytics/themes.h"
#include "sync/hub/report/pdf_canvas.h"
#include "sync/hub/store/utc_time.h"
#include "sync/protocol/stages.h"

namespace fbk::sync::hub::report {

using nlohmann::json;

namespace {

constexpr std::array<const char*, 12> kMonths = {"January",   "February", "March",    "April",
                                                 "May",       "June",     "July",     "August",
                                                 "September", "October",  "November", "December"};

// The headline columns of the pathway table and charts, in the dashboard's order.
struct Measure {
    std::string_view id;
    const char* label;
    double low;
    double high;
    bool signed_value;
    const char* suffix;
};
constexpr Measure kMeasures[] = {
    {"csat_top2_percent", "Satisfied (top 2)", 0, 100, false, "%"},
    {"nps_score", "NPS", -100, 100, true, ""},
    {"ces_mean", "Effort (mean, 1-7)", 1, 7, false, ""},
    {"yes_percent", "Yes", 0, 100, false, "%"},
    {"slider_mean", "Slider (mean)", 0, 100, false, ""},
};

constexpr std::pair<std::string_view, const char*> kThemeLabels[] = {
    {"waiting", "Waiting"},
    {"staff", "Staff attitude"},
    {"information", "Information"},
    {"care", "Care and treatment"},
    {"cleanliness", "Cleanliness"},
    {"facilities", "Premises"},
    {"parking", "Parking and getting there"},
    {"booking", "Appointments and contact"},
    {"food", "Food and drink"},
};

std::string number(double v, int digits = 0, bool with_sign = false) {
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

// The measures some stage reports, in kMeasures' order.
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

// A section's title keeps the first lines of what it heads on its page.
void heading(PdfCanvas& pdf, std::string_view text) {
    pdf.need(90);
    pdf.y += 10;
    pdf.font(13, true);
    pdf.text(pdf.left(), pdf.y + 13, text);
    pdf.y += 22;
}

void title_block(PdfCanvas& pdf, const ReportRequest& r, std::int64_t now_ms) {
    pdf.font(18, true);
    pdf.text(pdf.left(), pdf.y + 18,
             "Patient feedback: " + (r.site ? "site " + *r.site : std::string("all sites")));
    pdf.y += 28;
    pdf.paragraph(month_name(r.from_ms) + " (UTC), compared with " +
                      month_name(r.previous_from_ms) + " and " +
                      month_name(one_year_earlier(r.from_ms)) + ". Made " +
                      format_utc_iso8601(now_ms).substr(0, 10) + " by the Feedback Kiosk hub.",
                  10, kMuted);
}

// The lines of one cell of the pathway table: text, size, colour, bold.
struct CellLine {
    std::string text;
    double size = 8;
    Colour colour = kMuted;
    bool bold = false;
};

std::vector<CellLine> cell_lines(const json& f, const Measure& m, const ReportRequest& r) {
    std::vector<CellLine> lines;
    if (!f.contains("value")) {
        lines.push_back({"fewer than 5 answers (" + f.at("n").dump() + ")", 8, kMuted, false});
    } else {
        const auto ci = f.at("ci95");
        lines.push_back({value_text(m, f.at("value").get<double>()), 11, kInk, true});
        lines.push_back({value_text(m, ci[0].get<double>()) + " to " +
                             value_text(m, ci[1].get<double>()) + ", n " + f.at("n").dump(),
                         8, kMuted, false});
        std::string precision = "margin \u00b1" + number(f.at("margin95").get<double>(), 1);
        if (f.at("enough_data").is_boolean()) {
            precision += f.at("enough_data").get<bool>()
                             ? ": enough data"
                             : ": " + f.at("more_answers_needed").dump() + " more for \u00b15";
        }
        lines.push_back({precision, 8, kMuted, false});
        const json& c = f.at("change").at("previous");
        if (!c.is_null()) {
            const bool sig = c.at("significant").get<bool>();
            lines.push_back({number(c.at("difference").get<double>(), 0, true) + " vs " +
                                 month_name(r.previous_from_ms).substr(0, 3) +
                                 (sig ? " (significant)" : " (not significant)"),
                             8, sig ? kInk : kMuted, sig});
        }
        if (f.value("weakest_step", false)) {
            lines.push_back({"weakest step", 8, kAlert, true});
        }
    }
    for (const json& t : f.at("targets")) {
        const std::string verdict = t.at("verdict").get<std::string>();
        lines.push_back({"target \u2265 " + value_text(m, t.at("threshold").get<double>()) + ": " +
                             (verdict == "met"       ? "met"
                              : verdict == "not_met" ? "not met"
                                                     : "not yet known"),
                         8,
                         verdict == "met"       ? kOk
                         : verdict == "not_met" ? kAlert
                                                : kMuted,
                         true});
    }
    return lines;
}

double lines_height(const std::vector<CellLine>& lines) {
    double h = 0;
    for (const CellLine& l : lines) {
        h += l.size * 1.3;
    }
    return h;
}

void draw_lines(PdfCanvas& pdf, double x, double top, const std::vector<CellLine>& lines) {
    double y = top;
    for (const CellLine& l : lines) {
        pdf.font(l.size, l.bold);
        pdf.text(x, y + l.size, l.text, l.colour);
        y += l.size * 1.3;
    }
}

void pathway_table(PdfCanvas& pdf, const json& journey, const ReportRequest& r) {
    const auto measures = measures_in(journey);
    const double stage_width = 110;
    const double column = (pdf.right() - pdf.left() - stage_width) /
                          std::max(1.0, static_cast<double>(measures.size()));
    pdf.font(8.5, true);
    pdf.text(pdf.left(), pdf.y + 9, "Stage", kMuted);
    for (std::size_t i = 0; i < measures.size(); ++i) {
        pdf.text(pdf.left() + stage_width + column * static_cast<double>(i), pdf.y + 9,
                 measures[i]->label, kMuted);
    }
    pdf.y += 14;
    for (const json& s : journey.at("stages")) {
        std::vector<std::vector<CellLine>> cells;
        double height = 24;
        for (const Measure* m : measures) {
            const json* f = figure_for(s, *m);
            cells.push_back(f ? cell_lines(*f, *m, r) : std::vector<CellLine>{{"not asked"}});
            height = std::max(height, lines_height(cells.back()));
        }
        pdf.need(height + 8);
        pdf.line(pdf.left(), pdf.y, pdf.right(), pdf.y, 0.6, kLine);
        pdf.y += 4;
        draw_lines(pdf, pdf.left(), pdf.y,
                   {{stage_name(s.at("stage").get<std::string>()), 10, kInk, true},
                    {s.at("responses").dump() + " responses"}});
        for (std::size_t i = 0; i < cells.size(); ++i) {
            draw_lines(pdf, pdf.left() + stage_width + column * static_cast<double>(i), pdf.y,
                       cells[i]);
        }
        pdf.y += height + 4;
    }
    pdf.line(pdf.left(), pdf.y, pdf.right(), pdf.y, 0.6, kLine);
    pdf.y += 8;
}

void weakest_notes(PdfCanvas& pdf, const json& journey) {
    for (const json& w : journey.at("weakest")) {
        const std::string what = "\u201c" + w.at("question").get<std::string>() + "\u201d: ";
        const std::string stage = stage_name(w.at("stage").get<std::string>());
        pdf.paragraph(
            w.at("significant").get<bool>()
                ? what + stage + " is the weakest step, significantly below every other step."
                : what + "no step is significantly weaker than the others (lowest: " + stage + ").",
            9, w.at("significant").get<bool>() ? kAlert : kInk);
    }
}

// One chart per headline: each stage's value as a dot with its 95% interval as a whisker, on
// the measure's whole scale, and each stage's target as a short line across its whisker.
void headline_chart(PdfCanvas& pdf, const json& journey, const Measure& m) {
    const double height = 120;
    pdf.need(height + 48);
    pdf.y += 8;
    pdf.font(9.5, true);
    pdf.text(pdf.left(), pdf.y + 10, std::string(m.label) + " by stage, with 95% intervals");
    pdf.y += 18;
    const double plot_left = pdf.left() + 34;
    const double top = pdf.y;
    const auto y_of = [&](double v) {
        return top + height * (m.high - std::clamp(v, m.low, m.high)) / (m.high - m.low);
    };
    pdf.font(7);
    for (int i = 0; i <= 4; ++i) {
        const double v = m.low + (m.high - m.low) * i / 4;
        pdf.line(plot_left, y_of(v), pdf.right(), y_of(v), 0.4, kLine);
        pdf.text_right(plot_left - 4, y_of(v) + 2.5, value_text(m, v), kMuted);
    }
    const json& stages = journey.at("stages");
    const double slot =
        (pdf.right() - plot_left) / std::max(1.0, static_cast<double>(stages.size()));
    for (std::size_t i = 0; i < stages.size(); ++i) {
        const double x = plot_left + slot * (static_cast<double>(i) + 0.5);
        const std::string name = stage_name(stages[i].at("stage").get<std::string>());
        pdf.font(7.5);
        pdf.text(x - pdf.text_width(name) / 2, top + height + 11, name, kInk);
        const json* f = figure_for(stages[i], m);
        if (f == nullptr || !f->contains("value")) {
            pdf.text(x - 6, y_of((m.low + m.high) / 2), "<5", kMuted);
            continue;
        }
        const auto ci = f->at("ci95");
        pdf.line(x, y_of(ci[0].get<double>()), x, y_of(ci[1].get<double>()), 1.2, kAccent);
        const bool weakest = f->value("weakest_step", false);
        pdf.circle(x, y_of(f->at("value").get<double>()), 3.2, weakest ? kAlert : kAccent, true);
        for (const json& t : f->at("targets")) {
            const double ty = y_of(t.at("threshold").get<double>());
            pdf.line(x - 12, ty, x + 12, ty, 1.4, t.at("verdict") == "not_met" ? kAlert : kOk);
        }
    }
    pdf.y = top + height + 22;
}

// A bar per option (or theme): its share with its interval as a whisker, and a label.
void share_bar(PdfCanvas& pdf, const std::string& label, const json& share,
               const std::string& note) {
    const double label_width = 170;
    const double bar_width = 200;
    pdf.need(14);
    const double x0 = pdf.left() + label_width;
    const auto x_of = [&](double percent) {
        return x0 + bar_width * std::clamp(percent, 0.0, 100.0) / 100;
    };
    pdf.font(8);
    pdf.text(pdf.left() + 8, pdf.y + 8, label, kInk);
    pdf.box(x0, pdf.y + 1, bar_width, 9, kAccentSoft);
    pdf.box(x0, pdf.y + 1, x_of(share.at("percent").get<double>()) - x0, 9, kAccent);
    const auto ci = share.at("ci95");
    pdf.line(x_of(ci[0].get<double>()), pdf.y + 5.5, x_of(ci[1].get<double>()), pdf.y + 5.5, 1,
             kInk);
    pdf.text(x0 + bar_width + 8, pdf.y + 8,
             number(share.at("percent").get<double>()) + "% (" + number(ci[0].get<double>()) +
                 "\u2013" + number(ci[1].get<double>()) + "%)" + note,
             kMuted);
    pdf.y += 13;
}

// /stats and /themes groups by stage, in pathway order.
std::vector<const json*> in_pathway_order(const json& groups) {
    std::vector<const json*> out;
    for (const json& g : groups) {
        out.push_back(&g);
    }
    const auto known = protocol::known_stages();
    const auto rank = [&](const json* g) {
        const auto name = g->at("group").get<std::string>();
        return std::find(known.begin(), known.end(), name) - known.begin();
    };
    std::stable_sort(out.begin(), out.end(), [&](auto a, auto b) { return rank(a) < rank(b); });
    return out;
}

void reasons_section(PdfCanvas& pdf, const json& stats) {
    bool any = false;
    for (const json* g : in_pathway_order(stats.at("groups"))) {
        for (const json& q : g->at("questions")) {
            if (!q.contains("options") && !q.contains("yes_partly_no")) {
                continue;
            }
            if (!any) {
                heading(pdf, "What went wrong, by stage");
                pdf.paragraph(
                    "Each bar: the share of the patients who saw the question that chose the "
                    "option, with its 95% interval; several options may be chosen.",
                    8.5, kMuted);
                any = true;
            }
            pdf.need(30);
            pdf.font(9.5, true);
            pdf.text(pdf.left(), pdf.y + 12,
                     stage_name(g->at("group").get<std::string>()) + ": \u201c" +
                         q.at("question").get<std::string>() + "\u201d, " + q.at("n").dump() +
                         " patients saw it");
            pdf.y += 18;
            if (q.contains("options")) {
                for (const json& o : q.at("options")) {
                    share_bar(pdf, o.at("label").get<std::string>(), o, "");
                }
            } else {
                for (const char* k : {"yes", "partly", "no"}) {
                    share_bar(pdf, k, q.at("yes_partly_no").at(k), "");
                }
            }
            if (q.at("reliability") == "suppressed") {
                pdf.paragraph("fewer than 5 patients: not shown", 8, kMuted);
            }
        }
    }
}

const char* theme_label(std::string_view id) {
    for (const auto& [theme, label] : kThemeLabels) {
        if (theme == id) {
            return label;
        }
    }
    return "?";
}

void themes_section(PdfCanvas& pdf, const json& themes) {
    if (themes.at("groups").empty()) {
        return;
    }
    heading(pdf, "Comment themes, by stage");
    pdf.paragraph(
        "Each bar: the share of a stage's comments about the theme, with its 95% interval; "
        "negative: the share of those comments that are negative (from 5 comments).",
        8.5, kMuted);
    for (const json* g : in_pathway_order(themes.at("groups"))) {
        pdf.need(30);
        pdf.font(9.5, true);
        pdf.text(pdf.left(), pdf.y + 12,
                 stage_name(g->at("group").get<std::string>()) + ": " + g->at("comments").dump() +
                     " comments");
        pdf.y += 18;
        if (!g->contains("themes")) {
            pdf.paragraph("fewer than 5 comments: not shown", 8, kMuted);
            continue;
        }
        for (const json& t : g->at("themes")) {
            if (t.at("comments").get<std::int64_t>() == 0) {
                continue;
            }
            const std::string negative =
                t.contains("negative")
                    ? ", " + number(t.at("negative").at("percent").get<double>()) + "% negative"
                    : "";
            share_bar(pdf, theme_label(t.at("theme").get<std::string>()), t.at("share"), negative);
        }
    }
}

void method_notes(PdfCanvas& pdf, const json& journey) {
    heading(pdf, "How to read this report");
    pdf.paragraph(
        "Figures with fewer than 5 answers are not shown. Ranges are 95% confidence "
        "intervals; n is the number of answers.",
        8.5, kInk);
    for (const auto& [name, text] : journey.at("method").items()) {
        std::string label = name;
        std::replace(label.begin(), label.end(), '_', ' ');
        pdf.paragraph(label + ": " + text.get<std::string>() + ".", 8.5, kMuted);
    }
}

}  // namespace

std::optional<ReportRequest> month_request(std::string_view period, std::optional<std::string> site,
                                           std::string& error) {
    const bool shaped = period.size() == 7 && period[4] == '-' &&
                        std::all_of(period.begin(), period.begin() + 4, ::isdigit) &&
                        std::isdigit(static_cast<unsigned char>(period[5])) &&
                        std::isdigit(static_cast<unsigned char>(period[6]));
    const auto from = shaped ? parse_utc_time(std::string(period) + "-01") : std::nullopt;
    if (!from) {
        error = "period: '" + std::string(period) + "' is not a month (2026-11)";
        return std::nullopt;
    }
    using namespace std::chrono;
    const year_month_day first{floor<days>(sys_time<milliseconds>{milliseconds{*from}})};
    const auto ms_of = [](year_month_day d) {
        return duration_cast<milliseconds>(sys_days{d}.time_since_epoch()).count();
    };
    ReportRequest r;
    r.site = std::move(site);
    r.period = std::string(period);
    r.from_ms = *from;
    r.to_ms = ms_of(first + months{1});
    r.previous_from_ms = ms_of(first - months{1});
    return r;
}

std::string render_monthly_report(HubStore& store, const protocol::PackCatalog& packs,
                                  const ReportRequest& r, Disclosure disclosure,
                                  std::int64_t now_ms) {
    const JourneyQuery query{r.site, r.from_ms, r.to_ms, r.previous_from_ms};
    const json journey = compute_journey(store, packs, query, store.targets(), disclosure, now_ms);
    StatsFilter filter;
    filter.site = r.site;
    filter.from_ms = r.from_ms;
    filter.to_ms = r.to_ms;
    const json stats = compute_stats(store, packs, StatsGroup::Stage, filter, disclosure, now_ms);
    const json themes = compute_themes(store, StatsGroup::Stage, filter, disclosure, now_ms);

    PdfCanvas pdf("Patient feedback " + r.period + (r.site ? " " + *r.site : std::string()));
    title_block(pdf, r, now_ms);
    heading(pdf, "Care pathway");
    if (journey.at("stages").empty()) {
        pdf.paragraph("No responses in this month.", 10, kMuted);
    } else {
        pathway_table(pdf, journey, r);
        weakest_notes(pdf, journey);
        for (const Measure* m : measures_in(journey)) {
            if (m->id == "csat_top2_percent" || m->id == "nps_score") {
                headline_chart(pdf, journey, *m);
            }
        }
    }
    reasons_section(pdf, stats);
    themes_section(pdf, themes);
    method_notes(pdf, journey);
    return pdf.finish();
}

}  // namespace fbk::sync::hub::report
