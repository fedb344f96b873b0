#include <doctest/doctest.h>

#include "sync/outbox/outbox.h"
#include "sync/sqlite/database.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

namespace protocol = fbk::sync::protocol;
namespace outbox = fbk::sync::outbox;

using fbk::test::sample_response;

TEST_CASE("the outbox is a WAL database that syncs every commit") {
    fbk::test::TempDir dir;
    outbox::Outbox box(dir / "outbox.sqlite3");
    auto db = fbk::sync::sqlite::Database::open(dir / "outbox.sqlite3");
    auto mode = db.prepare("PRAGMA journal_mode");
    REQUIRE(mode.step());
    CHECK(mode.text(0) == "wal");
}

TEST_CASE("committed responses survive reopening and come out oldest first") {
    fbk::test::TempDir dir;
    {
        outbox::Outbox box(dir / "outbox.sqlite3");
        for (int i = 0; i < 5; ++i) {
            box.commit(sample_response(i), 1000 + i);
        }
    }
    outbox::Outbox box(dir / "outbox.sqlite3");
    const auto counts = box.counts();
    CHECK(counts.pending == 5);
    CHECK(counts.oldest_pending_ms == 1000);
    const auto batch = box.next_batch(3, 1 << 20);
    REQUIRE(batch.size() == 3);
    CHECK(batch[0].id == sample_response(0).id);
    CHECK(batch[2].id == sample_response(2).id);
    CHECK(batch[0].body == protocol::serialize(sample_response(0)));
    CHECK(box.integrity_ok());
}

TEST_CASE("committing the same id twice keeps one row") {
    fbk::test::TempDir dir;
    outbox::Outbox box(dir / "outbox.sqlite3");
    box.commit(sample_response(1), 1);
    box.commit(sample_response(1), 2);
    CHECK(box.counts().pending == 1);
}

TEST_CASE("a batch respects the byte budget but always moves at least one response") {
    fbk::test::TempDir dir;
    outbox::Outbox box(dir / "outbox.sqlite3");
    for (int i = 0; i < 4; ++i) {
        box.commit(sample_response(i), i);
    }
    const auto one_size = protocol::serialize(sample_response(0)).size();
    CHECK(box.next_batch(10, one_size * 2 + 1).size() == 2);
    CHECK(box.next_batch(10, 1).size() == 1);
}

TEST_CASE("only acknowledged rows are deleted, and only after the retention period") {
    fbk::test::TempDir dir;
    outbox::Outbox box(dir / "outbox.sqlite3");
    for (int i = 0; i < 3; ++i) {
        box.commit(sample_response(i), i);
    }
    const std::vector<std::string> acked{sample_response(0).id, sample_response(1).id};
    box.mark_acknowledged(acked, 10'000);
    CHECK(box.counts().pending == 1);
    CHECK(box.counts().acknowledged == 2);
    CHECK(box.purge_acknowledged_before(10'000) == 0);  // still within retention
    CHECK(box.purge_acknowledged_before(10'001) == 2);
    const auto counts = box.counts();
    CHECK(counts.pending == 1);
    CHECK(counts.acknowledged == 0);
    CHECK(box.next_batch(10, 1 << 20).front().id == sample_response(2).id);
}

TEST_CASE("a quarantined response is kept and no longer sent") {
    fbk::test::TempDir dir;
    outbox::Outbox box(dir / "outbox.sqlite3");
    box.commit(sample_response(0), 0);
    box.commit(sample_response(1), 1);
    box.quarantine(sample_response(0).id, "HTTP 400: bad", 5);
    const auto counts = box.counts();
    CHECK(counts.pending == 1);
    CHECK(counts.quarantined == 1);
    CHECK(box.next_batch(10, 1 << 20).front().id == sample_response(1).id);
}

TEST_CASE("an outbox file from a newer kiosk version is refused, not rewritten") {
    fbk::test::TempDir dir;
    {
        auto db = fbk::sync::sqlite::Database::open(dir / "outbox.sqlite3");
        db.set_user_version(99);
    }
    CHECK_THROWS_WITH_AS(outbox::Outbox(dir / "outbox.sqlite3"),
                         doctest::Contains("newer than this kiosk"), fbk::sync::sqlite::Error);
}
