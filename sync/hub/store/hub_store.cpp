// The store's door: a pool of connections (SQLite connections are not shared between
// threads; PostgreSQL ones are capped) and the schema brought up to date on opening. What each
// concern stores lives in its own file: ingest.cpp, responses.cpp, stats_queries.cpp,
// cells.cpp, fleet.cpp, tokens_store.cpp, packs.cpp, audit.cpp; the schema in schema.cpp.
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"
#include "sync/hub/store/schema.h"

namespace fbk::sync::hub {

HubStore::HubStore(const std::filesystem::path& data_dir) : HubStore(StoreLocation{data_dir, {}}) {}

HubStore::HubStore(const StoreLocation& location)
    : location_(location),
      dialect_(location.postgres_url.empty() ? sql::Dialect::Sqlite : sql::Dialect::Postgres) {
    if (dialect_ == sql::Dialect::Sqlite) {
        std::filesystem::create_directories(location_.data_dir);
    }
    auto db = lease();
    migrate(*db);
}

HubStore::Lease HubStore::lease() {
    {
        std::unique_lock lock(pool_mutex_);
        const bool capped = dialect_ == sql::Dialect::Postgres && location_.max_connections > 0;
        pool_freed_.wait(lock, [&] {
            return !idle_.empty() || !capped || open_connections_ < location_.max_connections;
        });
        if (!idle_.empty()) {
            auto db = std::move(idle_.back());
            idle_.pop_back();
            return Lease(*this, std::move(db));
        }
        ++open_connections_;  // reserved before connecting, so the cap holds meanwhile
    }
    try {
        auto db = dialect_ == sql::Dialect::Sqlite
                      ? sql::connect_sqlite(location_.data_dir / "hub.sqlite3")
                      : sql::connect_postgres(location_.postgres_url);
        if (location_.wrap_connection) {
            db = location_.wrap_connection(std::move(db));
        }
        return Lease(*this, std::move(db));
    } catch (...) {
        {
            const std::lock_guard lock(pool_mutex_);
            --open_connections_;
        }
        pool_freed_.notify_one();
        throw;
    }
}

}  // namespace fbk::sync::hub
