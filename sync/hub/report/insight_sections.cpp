#include "sync/hub/report/insight_sections.h"

#include <algorithm>
#include <string>
#include <vector>

#include "sync/hub/report/report_format.h"
#include "sync/protocol/stages.h"

namespace fbk::sync::hub::report {

namespace {

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

const char* theme_label(std::string_view id) {
    for (const auto& [theme, label] : kThemeLabels) {
        if (theme == id) {
            return label;
        }
    }
    return "?";
}

}  // namespace

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

}  // namespace fbk::sync::hub::report
