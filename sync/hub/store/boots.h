// The boots table: when each kiosk boot's monotonic clock read zero, on the hub's clock
// (clock_correction.h says how that is estimated).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "sync/hub/sql/connection.h"

namespace fbk::sync::hub {

// Records what a message sent at `monotonic_ms` of that boot and received at `received_ms`
// says about the boot's epoch, keeping the best estimate, and only the newest 64 boots of a
// kiosk. In the caller's write transaction.
void learn_boot_epoch(sql::Connection& db, std::string_view kiosk_id, std::string_view boot_id,
                      std::int64_t monotonic_ms, std::int64_t received_ms);

// The stored epoch of each boot that a batch's responses name, read once per boot.
class BootEpochs {
  public:
    explicit BootEpochs(sql::Connection& db);
    std::optional<std::int64_t> of(std::string_view kiosk_id, std::string_view boot_id);

  private:
    sql::Statement find_;
    std::map<std::string, std::optional<std::int64_t>, std::less<>> epochs_;
};

}  // namespace fbk::sync::hub
