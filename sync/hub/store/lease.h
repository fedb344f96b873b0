// A pooled connection of HubStore, for the store's own .cpp files: SQLite connections are not
// shared between threads, so each call borrows one and gives it back.
#pragma once

#include <memory>
#include <mutex>

#include "sync/hub/store/hub_store.h"

namespace fbk::sync::hub {

class HubStore::Lease {
  public:
    Lease(HubStore& store, std::unique_ptr<sql::Connection> db)
        : store_(store), db_(std::move(db)) {}
    ~Lease() {
        {
            const std::lock_guard lock(store_.pool_mutex_);
            if (db_->healthy()) {
                store_.idle_.push_back(std::move(db_));
            } else {
                --store_.open_connections_;  // dropped; a later lease opens a new one
            }
        }
        store_.pool_freed_.notify_one();
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    sql::Connection& operator*() { return *db_; }
    sql::Connection* operator->() { return db_.get(); }

  private:
    HubStore& store_;
    std::unique_ptr<sql::Connection> db_;
};

}  // namespace fbk::sync::hub
