#include "sync/hub/store/filter.h"

namespace fbk::sync::hub {

// Every filter is a bound parameter, numbered from `first`; an absent one matches everything.
std::string filter_sql(int first) {
    const auto p = [first](int i) { return "?" + std::to_string(first + i); };
    const std::string when(kFinishedSql);
    return "(" + p(0) + " IS NULL OR r.kiosk_id = " + p(0) + ") AND (" + p(1) +
           " IS NULL OR r.stage = " + p(1) + ") AND (" + p(2) +
           " IS NULL OR r.survey_id = " + p(2) + ") AND (" + p(3) +
           " IS NULL OR r.language = " + p(3) + ") AND (" + p(4) + " IS NULL OR " + when +
           " >= " + p(4) + ") AND (" + p(5) + " IS NULL OR " + when + " < " + p(5) + ") AND (" +
           p(6) + " = 1 OR r.flags = '') AND (" + p(7) + " IS NULL OR r.kiosk_id IN (SELECT " +
           "kiosk_id FROM kiosks WHERE site = " + p(7) + "))";
}

void bind_filter(sql::Statement& stmt, const StatsFilter& f, int first) {
    stmt.bind(first, f.kiosk).bind(first + 1, f.stage).bind(first + 2, f.survey);
    stmt.bind(first + 3, f.language).bind(first + 4, f.from_ms).bind(first + 5, f.to_ms);
    stmt.bind(first + 6, f.include_flagged ? 1 : 0);
    stmt.bind(first + 7, f.site);
}

}  // namespace fbk::sync::hub
