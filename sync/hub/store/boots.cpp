#include "sync/hub/store/boots.h"

#include <optional>

#include "sync/hub/store/clock_correction.h"

namespace fbk::sync::hub {

namespace {

constexpr std::int64_t kMaxBootsPerKiosk = 64;

}  // namespace

// A message that left the kiosk at monotonic time `monotonic_ms` and arrived at `received_ms`
// bounds when that boot's monotonic clock read zero, on the hub's clock. Network delay only
// makes the estimate later, so the smallest one seen is the best. Most messages do not improve
// it: they only read the row, so that batches of one kiosk stored at once by two hubs do not
// queue for a lock on it.
void learn_boot_epoch(sql::Connection& db, std::string_view kiosk_id, std::string_view boot_id,
                      std::int64_t monotonic_ms, std::int64_t received_ms) {
    const std::int64_t estimate = boot_epoch_estimate(received_ms, monotonic_ms);
    auto read = db.prepare("SELECT epoch_ms FROM boots WHERE kiosk_id = ?1 AND boot_id = ?2");
    read.bind(1, kiosk_id).bind(2, boot_id);
    const auto known = read.step() ? std::optional(read.int64(0)) : std::nullopt;
    read.reset();
    if (known) {
        if (estimate < *known) {
            db.prepare(
                  "UPDATE boots SET epoch_ms = ?3 WHERE kiosk_id = ?1 AND boot_id = ?2 AND "
                  "epoch_ms > ?3")
                .bind(1, kiosk_id)
                .bind(2, boot_id)
                .bind(3, estimate)
                .run();
        }
        return;
    }
    db.prepare(R"sql(
        INSERT INTO boots(kiosk_id, boot_id, epoch_ms) VALUES (?1, ?2, ?3)
        ON CONFLICT(kiosk_id, boot_id) DO UPDATE SET epoch_ms = CASE
            WHEN excluded.epoch_ms < boots.epoch_ms THEN excluded.epoch_ms ELSE boots.epoch_ms END)sql")
        .bind(1, kiosk_id)
        .bind(2, boot_id)
        .bind(3, estimate)
        .run();
    // A kiosk reboots a few times a week; a token sending a new boot id with every message
    // must not grow the table without bound. Only the newest boots (the latest epochs) are
    // kept; a response of an older one is exported on its kiosk's clock.
    db.prepare(R"sql(
        DELETE FROM boots WHERE kiosk_id = ?1 AND epoch_ms < (
            SELECT epoch_ms FROM boots WHERE kiosk_id = ?1
            ORDER BY epoch_ms DESC LIMIT 1 OFFSET ?2))sql")
        .bind(1, kiosk_id)
        .bind(2, kMaxBootsPerKiosk - 1)
        .run();
}

BootEpochs::BootEpochs(sql::Connection& db)
    : find_(db.prepare("SELECT epoch_ms FROM boots WHERE kiosk_id = ?1 AND boot_id = ?2")) {}

std::optional<std::int64_t> BootEpochs::of(std::string_view kiosk_id, std::string_view boot_id) {
    auto it = epochs_.find(boot_id);
    if (it == epochs_.end()) {
        it = epochs_.emplace(std::string(boot_id), std::nullopt).first;
        find_.bind(1, kiosk_id).bind(2, boot_id);
        if (find_.step()) {
            it->second = find_.int64(0);
        }
        find_.reset();
    }
    return it->second;
}

}  // namespace fbk::sync::hub
