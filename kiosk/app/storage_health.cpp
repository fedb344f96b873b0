#include "kiosk/app/storage_health.h"

namespace fbk::kiosk::app {

StorageHealth measure_storage(const std::filesystem::path& outbox_file,
                              const StorageLimits& limits) {
    StorageHealth health;
    std::error_code ec;
    const auto space = std::filesystem::space(outbox_file.parent_path(), ec);
    health.free_bytes = ec ? 0 : space.available;
    for (const char* suffix : {"", "-wal"}) {
        const auto size = std::filesystem::file_size(outbox_file.string() + suffix, ec);
        health.outbox_bytes += ec ? 0 : size;
    }
    health.low_space = health.free_bytes < limits.min_free_bytes;
    health.outbox_too_big =
        limits.max_outbox_bytes > 0 && health.outbox_bytes > limits.max_outbox_bytes;
    return health;
}

}  // namespace fbk::kiosk::app
