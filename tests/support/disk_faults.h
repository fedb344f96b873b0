// A failing disk under SQLite, as SQLite's own I/O-error tests make one: while alive, the
// default VFS is a shim over the real one, and once armed it fails the Nth file read, write,
// sync or truncate with the SQLITE_IOERR_* code a failing disk gives. SQLite's own error
// handling then runs (statement and transaction rollback, WAL recovery), which failing the
// wrapper's calls (sync/sqlite/faults.h) leaves out.
//
// Only connections opened while a DiskFaults is alive go through it: create it first, and close
// every connection before it goes.
#pragma once

#include <string>

namespace fbk::test {

class DiskFaults {
  public:
    DiskFaults();
    ~DiskFaults();
    DiskFaults(const DiskFaults&) = delete;
    DiskFaults& operator=(const DiskFaults&) = delete;

    // Fails file operation number `fail_at` (from 1) from now on; with `sticky`, every later one
    // as well (a disk that died).
    void arm(int fail_at, bool sticky);
    // Stops failing; returns the first operation failed ("write outbox.sqlite3-wal"), or empty.
    std::string disarm();
};

}  // namespace fbk::test
