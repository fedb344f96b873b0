#include <doctest/doctest.h>

#include "kiosk/app/storage_health.h"
#include "tests/support/temp_dir.h"

using fbk::kiosk::app::format_size;
using fbk::kiosk::app::measure_storage;

TEST_CASE("sizes on a staff alarm never round a small amount down to nothing") {
    CHECK(format_size(0) == "0 KiB");
    CHECK(format_size(120 * 1024) == "120 KiB");
    CHECK(format_size(1024 * 1024 - 1) == "1024 KiB");
    CHECK(format_size(63ULL * 1024 * 1024 + 100) == "63 MiB");
    CHECK(format_size(12ULL * 1024 * 1024 * 1024 + 512ULL * 1024 * 1024) == "12.5 GiB");
}

TEST_CASE("the outbox needs room when the disk is short or the outbox is over its cap") {
    fbk::test::TempDir dir;
    const auto outbox = dir / "outbox.sqlite3";
    fbk::test::write_file(outbox, std::string(4096, 'x'));
    fbk::test::write_file(outbox.string() + "-wal", std::string(8192, 'x'));
    const auto fine = measure_storage(outbox, {0, 1024 * 1024});
    CHECK(fine.outbox_bytes == 4096 + 8192);
    CHECK(fine.free_bytes > 0);
    CHECK_FALSE(fine.needs_room());
    CHECK(measure_storage(outbox, {0, 10'000}).outbox_too_big);
    const auto short_of_space = measure_storage(outbox, {fine.free_bytes * 2 + 1, 0});
    CHECK(short_of_space.low_space);
    CHECK(short_of_space.needs_room());
}
