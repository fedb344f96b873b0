#include "sync/hub/report/pathway_section.h"

#include <algorithm>

#include "sync/hub/report/report_format.h"

namespace fbk::sync::hub::report {

namespace {

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
}  // namespace

void pathway_section(PdfCanvas& pdf, const json& journey, const ReportRequest& r) {
    pathway_table(pdf, journey, r);
    weakest_notes(pdf, journey);
    for (const Measure* m : measures_in(journey)) {
        if (m->id == "csat_top2_percent" || m->id == "nps_score") {
            headline_chart(pdf, journey, *m);
        }
    }
}

}  // namespace fbk::sync::hub::report
