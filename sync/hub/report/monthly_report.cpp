#include "sync/hub/report/monthly_report.h"

#include <algorithm>
#include <chrono>

#include <nlohmann/json.hpp>

#include "sync/hub/analytics/journey.h"
#include "sync/hub/analytics/themes.h"
#include "sync/hub/report/insight_sections.h"
#include "sync/hub/report/pathway_section.h"
#include "sync/hub/report/pdf_canvas.h"
#include "sync/hub/report/report_format.h"
#include "sync/hub/store/utc_time.h"

namespace fbk::sync::hub::report {

namespace {

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
        pathway_section(pdf, journey, r);
    }
    reasons_section(pdf, stats);
    themes_section(pdf, themes);
    method_notes(pdf, journey);
    return pdf.finish();
}

}  // namespace fbk::sync::hub::report