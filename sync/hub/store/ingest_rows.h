// How a group of batches is written inside the ingest transaction (ingest.cpp): a receipt
// per response of each batch, "stored" for an id new to the database and "duplicate"
// otherwise.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sync/hub/sql/connection.h"
#include "sync/hub/store/hub_store.h"

namespace fbk::sync::hub {

// PostgreSQL: the boots the batches report, then their responses, answers and comment
// analyses in one statement, each column bound as one array parameter (ingest_arrays.cpp).
std::vector<std::vector<protocol::Receipt>> insert_group_arrays(
    sql::Connection& db, std::span<const HubStore::BatchToStore> group);

}  // namespace fbk::sync::hub
