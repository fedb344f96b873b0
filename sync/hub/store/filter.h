// A StatsFilter as SQL for the store's queries over `responses r`: every filter a bound
// parameter, never text from a request.
#pragma once

#include <string>
#include <string_view>

#include "sync/hub/sql/connection.h"
#include "sync/hub/store/stats_query.h"

namespace fbk::sync::hub {

// When the patient finished: on the hub's clock where the boot was measured.
inline constexpr std::string_view kFinishedSql =
    "COALESCE(r.corrected_finished_ms, r.finished_at_ms)";

// The condition, with parameters numbered from `first` (8 of them); an absent filter matches
// everything.
std::string filter_sql(int first);
void bind_filter(sql::Statement& stmt, const StatsFilter& f, int first);

}  // namespace fbk::sync::hub
