#pragma once

#include <compare>
#include <cstdint>

namespace fbk::sync::hub {

// A response's place in the export order: exports, cursors and comment alerts page over it.
// On PostgreSQL several hubs store at once, and a response's seq is handed out before its
// transaction commits, so seq order is not the order responses become visible: a reader that
// had passed seq 11 would never see a seq 10 committed after it. The place is therefore
// (writer, seq), writer being the id of the transaction that stored it (PostgreSQL's xid8),
// and a reader only goes as far as the export horizon: the last place whose writer is older
// than every transaction still running, so nothing can ever appear before it. On SQLite one
// writer commits at a time in seq order: writer is 0 and the horizon is the last response.
struct ExportPosition {
    std::int64_t writer = 0;
    std::int64_t seq = 0;
    auto operator<=>(const ExportPosition&) const = default;
};

}  // namespace fbk::sync::hub
