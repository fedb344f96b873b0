// Whether the kiosk can go on storing answers: free space where the outbox lives and the
// outbox's own size, against the [storage] limits. Acknowledged answers may be deleted early to
// make room; unsent ones never are, so when space runs out staff must be told.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "kiosk/core/staff_view.h"

namespace fbk::kiosk::app {

struct StorageLimits {
    std::uint64_t min_free_bytes = 0;
    std::uint64_t max_outbox_bytes = 0;
};

struct StorageHealth {
    std::uint64_t free_bytes = 0;
    std::uint64_t outbox_bytes = 0;  // the database and its write-ahead log
    bool low_space = false;
    bool outbox_too_big = false;

    // Acknowledged answers should go now rather than after their retention period.
    bool needs_room() const { return low_space || outbox_too_big; }
};

using core::format_size;  // "120 KiB", "63 MiB", "12.5 GiB" (kiosk/core/staff_view.h)

StorageHealth measure_storage(const std::filesystem::path& outbox_file,
                              const StorageLimits& limits);

}  // namespace fbk::kiosk::app
