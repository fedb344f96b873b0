// Fault injection at the store's seam, as SQLite's own tests do it: a sql::Connection that
// passes every call to a real one, except that the Nth counted call (prepare, exec, BEGIN,
// step, COMMIT; not ROLLBACK) throws sql::Error as an I/O error would. Tests loop N = 1, 2, ...
// until a run meets no fault, and check after each that nothing was half-stored.
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>

#include "sync/hub/sql/connection.h"
#include "sync/hub/store/hub_store.h"

namespace fbk::test {

struct FaultPlan {
    std::atomic<bool> armed{false};
    std::atomic<long> calls{0};  // counted calls since armed
    long fail_at = 0;            // 1-based; 0: never
    std::atomic<bool> fired{false};
    // The failure is one a database reports when it rolled a transaction back to let another
    // go on (a deadlock): sql::Error::is_transient().
    bool transient = false;
    // Counts one call; true when this is the one to fail.
    bool fail_now();
};

std::unique_ptr<sync::hub::sql::Connection> failing_connection(
    std::unique_ptr<sync::hub::sql::Connection> real, std::shared_ptr<FaultPlan> plan);

// The SQLite store under `dir`, every connection of which fails as `plan` says.
sync::hub::StoreLocation failing_store_location(const std::filesystem::path& dir,
                                                std::shared_ptr<FaultPlan> plan);

}  // namespace fbk::test
