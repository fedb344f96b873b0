#include "sync/hub/sql/connection.h"

namespace fbk::sync::hub::sql {

Transaction::~Transaction() {
    if (!done_) {
        try {
            db_.exec("ROLLBACK");
        } catch (const Error&) {
            // The database may already have ended the transaction after an I/O error.
        }
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace fbk::sync::hub::sql
