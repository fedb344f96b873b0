// Fail-the-Nth-call loops over the kiosk's outbox, as SQLite's own I/O-error tests do: for
// N = 1, 2, 3, ... the Nth SQLite call of an operation fails as a failing disk makes it fail
// (sync/sqlite/faults.h), and then the Nth read, write, sync or truncate of the disk under SQLite
// (tests/support/disk_faults.h), until the operation runs through with no failure left to
// inject. After each failure the file is opened again, without faults, and must hold all of the
// operation or none of it, matching what the operation reported:
//  - store (Outbox::commit): the kiosk thanks the patient only when commit returned; then the
//    whole response is there exactly once, else nothing of it;
//  - acknowledge (Outbox::mark_acknowledged): the response is still pending and intact, or it is
//    acknowledged with its free text wiped, never one without the other;
//  - open (the constructor's schema migration): a later open finds a usable outbox.
// Each N runs twice: the Nth call alone fails (a glitch), and the Nth and every later one (a
// disk that died). The same Outbox object must work again once the disk does: the kiosk keeps
// it and stores the next patient's answers with it.
//
// Not covered: a power cut right after a failed sync, which could leave a commit that reported
// failure in the WAL file for the next start to find (SQLite's crash tests simulate that).
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/outbox/outbox.h"
#include "sync/sqlite/database.h"
#include "sync/sqlite/faults.h"
#include "tests/support/disk_faults.h"
#include "tests/support/figures.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

namespace protocol = fbk::sync::protocol;
namespace outbox = fbk::sync::outbox;
namespace sqlite = fbk::sync::sqlite;
using nlohmann::json;

namespace {

constexpr std::int64_t kStoredMs = 1'763'000'011'000;
constexpr std::int64_t kAckedMs = 1'763'000'099'000;
constexpr int kMaxFailurePoints = 500;  // far more calls than any of these operations makes

// Fails SQLite call number `fail_at` (from 1) made while installed; with `sticky`, every later
// one as well.
class NthCallFails {
  public:
    NthCallFails(int fail_at, bool sticky)
        : fail_at_(fail_at), sticky_(sticky), hook_([this](std::string_view operation) {
              ++calls_;
              const bool fail = calls_ == fail_at_ || (sticky_ && calls_ > fail_at_);
              if (fail && first_failed_.empty()) {
                  first_failed_ = operation;
              }
              return fail;
          }) {}
    // The first call failed, empty if none was: N was beyond the operation's calls.
    const std::string& failed_operation() const { return first_failed_; }

  private:
    int fail_at_;
    bool sticky_;
    int calls_ = 0;
    std::string first_failed_;
    sqlite::ScopedFaultHook hook_;
};

// Where failures are injected: the wrapper's calls (sync/sqlite/faults.h), or the disk under
// SQLite (tests/support/disk_faults.h).
enum class Layer { Calls, Disk };

// One attempt's failures: call or file operation N of what runs between arm() and disarm()
// fails, with `sticky` every later one too. Made before any connection, which a disk shim must
// see opened, and outliving them all.
class Faults {
  public:
    Faults(Layer layer, int n, bool sticky) : layer_(layer), n_(n), sticky_(sticky) {
        if (layer == Layer::Disk) {
            disk_.emplace();
        }
    }
    void arm() {
        if (disk_) {
            disk_->arm(n_, sticky_);
        } else {
            calls_.emplace(n_, sticky_);
        }
    }
    // The first operation failed; empty if none was, when N is beyond the operation's own.
    std::string disarm() {
        if (disk_) {
            return disk_->disarm();
        }
        std::string failed = calls_->failed_operation();
        calls_.reset();
        return failed;
    }
    // "store, disk operation 3 and every later one failing (sync outbox.sqlite3-wal)".
    std::string describe(std::string_view what, const std::string& failed) const {
        return std::string(what) + (layer_ == Layer::Disk ? ", disk operation " : ", call ") +
               std::to_string(n_) + (sticky_ ? " and every later one" : "") + " failing (" +
               (failed.empty() ? "none failed" : failed) + ")";
    }

  private:
    Layer layer_;
    int n_;
    bool sticky_;
    std::optional<fbk::test::DiskFaults> disk_;
    std::optional<NthCallFails> calls_;
};

// A patient's response with several answers, one of them free text.
protocol::Response response_with_comment() {
    auto r = fbk::test::sample_response(7);
    r.answers.push_back(protocol::Answer::of_choices("what_went_wrong", {"waiting_time", "other"}));
    r.answers.push_back(
        protocol::Answer::of_text("comment", "Odotin 40 min, hoitaja oli ystävällinen"));
    return r;
}

// What the outbox keeps of `r` once the hub has it: every free-text answer emptied.
json wiped(const protocol::Response& r) {
    auto doc = json::parse(protocol::serialize(r));
    for (auto& answer : doc["answers"]) {
        if (answer.contains("text")) {
            answer["text"] = "";
        }
    }
    return doc;
}

struct Row {
    std::string id;
    std::string body;
    std::optional<std::int64_t> acked_ms;
};

// Every row of the file, read through a connection of its own, as the kiosk does after a restart.
std::vector<Row> rows_in(const std::filesystem::path& file) {
    auto db = sqlite::Database::open(file);
    auto stmt = db.prepare("SELECT id, body, acked_ms FROM responses ORDER BY seq");
    std::vector<Row> rows;
    while (stmt.step()) {
        rows.push_back({stmt.text(0), stmt.text(1),
                        stmt.is_null(2) ? std::nullopt : std::optional(stmt.int64(2))});
    }
    return rows;
}

// One store with call N failing; returns whether a failure was injected.
bool store_with_failure(Layer layer, int n, bool sticky, const protocol::Response& response) {
    fbk::test::TempDir dir("fbk-outbox-faults");
    const auto file = dir / "outbox.sqlite3";
    Faults faults(layer, n, sticky);
    outbox::Outbox box(file);
    bool stored = false;
    faults.arm();
    try {
        box.commit(response, kStoredMs);
        stored = true;
    } catch (const sqlite::Error& e) {
        CHECK(e.is_storage_failure());
    }
    const std::string failed = faults.disarm();
    const bool fired = !failed.empty();
    const std::string what =
        faults.describe("store", failed) + (stored ? ": commit returned" : ": commit threw");
    INFO(what);
    CHECK((fired || stored));
    {
        outbox::Outbox reopened(file);
        const auto rows = rows_in(file);
        if (stored) {
            REQUIRE(rows.size() == 1);
            CHECK(rows[0].id == response.id);
            CHECK(rows[0].body == protocol::serialize(response));
            CHECK_FALSE(rows[0].acked_ms);
            CHECK(reopened.counts().pending == 1);
        } else {
            CHECK(rows.empty());
            CHECK(reopened.counts().pending == 0);
        }
        CHECK(reopened.integrity_ok());
    }
    // The disk works again: the same Outbox stores, and the response is there once.
    box.commit(response, kStoredMs);
    const auto rows = rows_in(file);
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].body == protocol::serialize(response));
    return fired;
}

void check_acked_or_pending(const std::vector<Row>& rows, const protocol::Response& response,
                            bool acked) {
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].id == response.id);
    if (acked) {
        CHECK(rows[0].acked_ms == kAckedMs);
        CHECK(json::parse(rows[0].body) == wiped(response));
    } else {
        CHECK_FALSE(rows[0].acked_ms);
        CHECK(rows[0].body == protocol::serialize(response));
    }
}

// One acknowledgement of a delivered response with call N failing.
bool ack_with_failure(Layer layer, int n, bool sticky, const protocol::Response& response) {
    fbk::test::TempDir dir("fbk-outbox-faults");
    const auto file = dir / "outbox.sqlite3";
    Faults faults(layer, n, sticky);
    outbox::Outbox box(file);
    box.commit(response, kStoredMs);
    const auto batch = box.next_batch(10, 1 << 20);
    REQUIRE(batch.size() == 1);
    const std::vector<std::string> ids = {batch[0].id};
    bool acked = false;
    faults.arm();
    try {
        box.mark_acknowledged(ids, kAckedMs);
        acked = true;
    } catch (const sqlite::Error& e) {
        CHECK(e.is_storage_failure());
    }
    const std::string failed = faults.disarm();
    const bool fired = !failed.empty();
    const std::string what =
        faults.describe("acknowledge", failed) + (acked ? ": it returned" : ": it threw");
    INFO(what);
    CHECK((fired || acked));
    {
        outbox::Outbox reopened(file);
        check_acked_or_pending(rows_in(file), response, acked);
        CHECK(reopened.last_delivery_ms() == (acked ? kAckedMs : 0));
        CHECK(reopened.counts().pending == (acked ? 0 : 1));
        CHECK(reopened.integrity_ok());
    }
    box.mark_acknowledged(ids, kAckedMs);
    check_acked_or_pending(rows_in(file), response, true);
    return fired;
}

// Opening a new outbox (creating and migrating its schema) with call N failing.
bool open_with_failure(Layer layer, int n, bool sticky, const protocol::Response& response) {
    fbk::test::TempDir dir("fbk-outbox-faults");
    const auto file = dir / "outbox.sqlite3";
    Faults faults(layer, n, sticky);
    faults.arm();
    try {
        outbox::Outbox box(file);
    } catch (const sqlite::Error& e) {
        CHECK(e.is_storage_failure());
    }
    const std::string failed = faults.disarm();
    const std::string what = faults.describe("open", failed);
    INFO(what);
    outbox::Outbox box(file);
    CHECK(box.integrity_ok());
    CHECK(box.counts().pending == 0);
    box.commit(response, kStoredMs);
    CHECK(rows_in(file).size() == 1);
    return !failed.empty();
}

using Attempt = bool (*)(Layer layer, int n, bool sticky, const protocol::Response& response);

// Runs `attempt` for N = 1, 2, ... until no failure is injected; returns how many were.
int failure_points(Attempt attempt, Layer layer, bool sticky) {
    const auto response = response_with_comment();
    int n = 1;
    while (attempt(layer, n, sticky, response)) {
        REQUIRE(n < kMaxFailurePoints);
        ++n;
    }
    return n - 1;
}

// Every loop for one operation, and the figure "outbox store: 4 failure points at the
// wrapper's calls and 25 at the disk, all atomic (...)".
void run_loops(Attempt attempt, const std::string& what) {
    int counts[2][2] = {};
    for (const Layer layer : {Layer::Calls, Layer::Disk}) {
        for (const bool sticky : {false, true}) {
            const int points = failure_points(attempt, layer, sticky);
            CHECK(points > 0);
            counts[static_cast<int>(layer)][sticky ? 1 : 0] = points;
        }
    }
    fbk::test::report_figure(
        what + ": " + std::to_string(counts[0][0]) + " failure points at the wrapper's calls and " +
        std::to_string(counts[1][0]) + " at the disk, all atomic (" + std::to_string(counts[0][1]) +
        " and " + std::to_string(counts[1][1]) + " with every later one failing too)");
}

}  // namespace

TEST_CASE("outbox store: a failure at any SQLite call or disk operation stores all or nothing") {
    run_loops(store_with_failure, "outbox store");
}

TEST_CASE(
    "outbox acknowledge: a failure at any SQLite call or disk operation acks and wipes "
    "both or neither") {
    run_loops(ack_with_failure, "outbox acknowledge");
}

TEST_CASE("outbox open: a failure at any SQLite call or disk operation leaves a file that opens") {
    run_loops(open_with_failure, "outbox open");
}
