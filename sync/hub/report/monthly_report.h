// The monthly report: a printable PDF of one site's (or every site's) month, for the ward's
// notice board and the quality meeting. Page by page: the care pathway (each stage's headline
// figures with intervals, n, changes from the month before, targets and their verdicts, the
// weakest step when it is real), a chart per headline across the stages, what went wrong per
// stage, and the comment themes per stage. The figures are the journey's, /stats' and
// /themes' (analytics/), with their small-group rules; the report adds no arithmetic.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sync/hub/analytics/stats.h"
#include "sync/hub/store/hub_store.h"

namespace fbk::sync::hub::report {

struct ReportRequest {
    std::optional<std::string> site;  // nullopt: every site
    std::string period;               // "2026-11"
    std::int64_t from_ms = 0;         // the month's first day, UTC
    std::int64_t to_ms = 0;           // the next month's first day
    std::int64_t previous_from_ms = 0;
};

// "2026-11" -> the month's span; nullopt (and `error` says why) for anything else.
std::optional<ReportRequest> month_request(std::string_view period, std::optional<std::string> site,
                                           std::string& error);

// The PDF's bytes. Throws std::runtime_error when cairo cannot write it.
std::string render_monthly_report(HubStore& store, const protocol::PackCatalog& packs,
                                  const ReportRequest& request, Disclosure disclosure,
                                  std::int64_t now_ms);

}  // namespace fbk::sync::hub::report
