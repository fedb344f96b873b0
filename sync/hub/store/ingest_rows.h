// How one batch's rows are written inside the ingest transaction (ingest.cpp): each returns a
// receipt per response, "stored" for an id new to the database and "duplicate" otherwise.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sync/hub/sql/connection.h"
#include "sync/hub/store/hub_store.h"

namespace fbk::sync::hub {

// PostgreSQL: responses, answers and comment analyses in one statement, each column bound as
// one array parameter (ingest_arrays.cpp).
std::vector<protocol::Receipt> insert_batch_arrays(sql::Connection& db,
                                                   const protocol::Batch& batch,
                                                   std::int64_t received_ms,
                                                   std::span<const BatchComment> comments);

}  // namespace fbk::sync::hub
