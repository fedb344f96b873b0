// The export order (export_position.h) in each database's SQL, over `responses r`, for the
// store's queries. A position is bound as two parameters: ?N the writer, ?N+1 the seq.
//
// PostgreSQL compares (writer_xid, seq) row values, which its index responses_export_order
// serves, and a writer is final when it is older than the snapshot's xmin: every transaction
// with a smaller id has committed or rolled back, and every later one gets a larger id.
// SQLite's writers commit one at a time in seq order with writer 0, so it compares seq
// alone and reads by rowid as before; the writer parameter still decides what a position
// with a non-zero writer (never issued by a SQLite hub) means, exactly as the pair would.
#pragma once

#include <string>

#include "sync/hub/sql/connection.h"
#include "sync/hub/store/export_position.h"

namespace fbk::sync::hub {

class ExportOrderSql {
  public:
    explicit ExportOrderSql(const sql::Connection& db)
        : by_seq_(db.dialect() == sql::Dialect::Sqlite) {}

    // Placed after the position at ?first.
    std::string after(int first) const {
        return by_seq_ ? "(" + p(first) + " = 0 AND r.seq > " + p(first + 1) + ")"
                       : "(r.writer_xid, r.seq) > (" + p(first) + ", " + p(first + 1) + ")";
    }
    // Placed at or before the position at ?first.
    std::string up_to(int first) const {
        return by_seq_ ? "(" + p(first) + " > 0 OR r.seq <= " + p(first + 1) + ")"
                       : "(r.writer_xid, r.seq) <= (" + p(first) + ", " + p(first + 1) + ")";
    }
    // Stored by a transaction that can no longer be followed by an older one.
    std::string final_writer() const {
        return by_seq_ ? "1 = 1"
                       : "r.writer_xid < pg_snapshot_xmin(pg_current_snapshot())::text::bigint";
    }
    std::string columns() const { return by_seq_ ? "r.seq" : "r.writer_xid, r.seq"; }
    std::string columns_descending() const {
        return by_seq_ ? "r.seq DESC" : "r.writer_xid DESC, r.seq DESC";
    }

  private:
    static std::string p(int n) { return "?" + std::to_string(n); }
    bool by_seq_;
};

inline void bind_position(sql::Statement& stmt, int first, ExportPosition position) {
    stmt.bind(first, position.writer).bind(first + 1, position.seq);
}

}  // namespace fbk::sync::hub
