#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "sync/outbox/outbox.h"
#include "sync/sqlite/database.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"
#include "tests/support/test_uploader.h"

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

namespace {

std::string raw_bytes(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Everything of the outbox that is on the card: the database and its WAL and shared memory.
bool card_holds(const std::filesystem::path& db, const std::string& text) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
        if (raw_bytes(db.string() + suffix).find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace

TEST_CASE("what a patient wrote leaves the card as soon as the hub has acknowledged it") {
    fbk::test::TempDir dir;
    const auto file = dir / "outbox.sqlite3";
    outbox::Outbox box(file);
    const std::string words = "The nurse on ward 7 was rude to my mother, Aino Virtanen";
    auto written = sample_response(1);
    written.answers.push_back(protocol::Answer::of_text("comment", words));
    box.commit(written, 1000);
    box.commit(sample_response(2), 1000);
    REQUIRE(card_holds(file, words));  // before: in the WAL or the file, where a thief can read
    const std::vector<std::string> acked{written.id};
    box.mark_acknowledged(acked, 2000);
    CHECK_FALSE(card_holds(file, words));
    // The rest of the response is kept until its retention ends, its ratings included.
    auto db = fbk::sync::sqlite::Database::open_read_only(file);
    auto row = db.prepare("SELECT body FROM responses WHERE id = ?1");
    row.bind(1, written.id);
    REQUIRE(row.step());
    const auto kept = nlohmann::json::parse(row.text(0));
    CHECK(kept.at("answers").at(0).at("value") == written.answers[0].value);
    CHECK(kept.at("answers").back().at("text") == "");
    CHECK(box.counts().acknowledged == 1);
    CHECK(box.integrity_ok());
}

TEST_CASE("the time of the last delivery outlives a restart") {
    fbk::test::TempDir dir;
    {
        outbox::Outbox box(dir / "outbox.sqlite3");
        CHECK(box.last_delivery_ms() == 0);
        box.commit(sample_response(1), 1000);
        const std::vector<std::string> acked{sample_response(1).id};
        box.mark_acknowledged(acked, 5000);
        // Purging the acknowledged rows does not forget it either.
        CHECK(box.purge_acknowledged_before(10'000) == 1);
    }
    outbox::Outbox box(dir / "outbox.sqlite3");
    CHECK(box.last_delivery_ms() == 5000);
}

TEST_CASE("the outbox is private to the kiosk's user, whatever the umask") {
    fbk::test::TempDir dir;
    const mode_t old = ::umask(0);
    {
        outbox::Outbox box(dir / "outbox.sqlite3");
        box.commit(sample_response(1), 1000);
        for (const char* suffix : {"", "-wal", "-shm"}) {
            CAPTURE(suffix);
            const auto perms =
                std::filesystem::status(dir.path().string() + "/outbox.sqlite3" + suffix)
                    .permissions();
            CHECK(perms ==
                  (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
        }
    }
    ::umask(old);
}

TEST_CASE("after a restart, staff mode shows the last delivery, not \"never\"") {
    fbk::test::TempDir dir;
    const auto file = dir / "outbox.sqlite3";
    {
        outbox::Outbox box(file);
        box.commit(sample_response(1), 1000);
        const std::vector<std::string> acked{sample_response(1).id};
        box.mark_acknowledged(acked, 5000);
    }
    // A new uploader, as after a restart: nothing to send, and no hub to reach.
    const auto uploader =
        fbk::test::start_test_uploader(file, fbk::test::TestUploader("http://127.0.0.1:9", "t"));
    REQUIRE(uploader->wait_until_drained(std::chrono::seconds(10)));
    CHECK(uploader->status().last_success_wall_ms == 5000);
}
