// Fault suite, disk part: a kiosk and a hub whose disks fill up (a real tmpfs of a few MiB,
// see SmallDisk). The patient is never thanked for an answer that was not stored, staff mode
// raises the alarm, the hub refuses whole batches with 507 and stores nothing partial, and once
// space is back everything committed arrives exactly once.
#include <doctest/doctest.h>

#include <chrono>
#include <set>
#include <sstream>

#include "sync/outbox/outbox.h"
#include "sync/sqlite/database.h"
#include "sync/uploader/background_uploader.h"
#include "tests/support/delivery_check.h"
#include "tests/support/fault_proxy.h"
#include "tests/support/figures.h"
#include "tests/support/fixtures.h"
#include "tests/support/sample_responses.h"
#include "tests/support/small_disk.h"
#include "tests/support/test_uploader.h"

using namespace fbk::test;
namespace up = fbk::sync::uploader;
namespace outbox = fbk::sync::outbox;

namespace {

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = 1024 * kKiB;

// Each patient prints "patient thanks" or "patient save-failed": what they were shown.
std::string patients(int count) {
    std::ostringstream s;
    for (int i = 0; i < count; ++i) {
        s << "wait-screen language\ntap lang.en\ntap q.smiley.4\ntap q.nps." << i % 11
          << "\nwait-screen question.comment\ntap nav.continue\n"
             "wait-screen thanks|save-failed\nprint patient {screen}\nadvance 15s\n";
    }
    s << "wait-screen language\n";
    return s.str();
}

int count_lines(const std::string& text, const std::string& line) {
    int n = 0;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) {
        n += l == line ? 1 : 0;
    }
    return n;
}

}  // namespace

TEST_CASE("fault 6: a full disk on the kiosk - no false thank-you, an alarm, nothing lost") {
    TempDir dir("fbk-fault");
    SmallDisk disk(dir / "kiosk-data", 4 * kMiB);
    const int port = free_loopback_port();
    const auto [token_status, token_out] =
        run_command({hub_exe(), "token", "create", "--kiosk", "lobby-1", "--data-dir",
                     (dir / "hub/hub-data").string()},
                    dir / "token.log");
    REQUIRE(token_status == 0);
    KioskSetup setup = kiosk_setup("http://127.0.0.1:" + std::to_string(port),
                                   token_out.substr(0, token_out.find('\n')));
    setup.staff_pin = "2468";
    setup.extra_config = "[storage]\nmin_free_mb = 1\n";
    const auto config = write_kiosk_config(dir.path(), setup);

    // The clinic is offline (no hub) and the data partition has ~120 KiB left.
    disk.fill_leaving(120 * kKiB);
    write_file(dir / "full.replay",
               patients(40) +
                   "hold staff.corner 3s\nwait-screen staff-pin\n"
                   "tap pin.2\ntap pin.4\ntap pin.6\ntap pin.8\ntap pin.ok\nwait-screen staff\n"
                   "wait-shown staff.alarm.save_failed\nwait-shown staff.alarm.low_space\n"
                   "print alarms shown\ntap staff.close\nwait-screen language\n");
    auto [status, out] = run_command({kiosk_exe(), "run", "--config", config.string(), "--headless",
                                      "--replay", (dir / "full.replay").string()},
                                     dir / "kiosk.log", 180s);
    REQUIRE_MESSAGE(status == 0, read_file(dir / "kiosk.log"));
    const int thanked = count_lines(out, "patient thanks");
    const int refused = count_lines(out, "patient save-failed");
    CHECK(thanked + refused == 40);  // the kiosk kept serving patients after the disk filled
    CHECK(thanked > 0);
    CHECK(refused > 0);
    CHECK(count_lines(out, "alarms shown") == 1);
    const auto stored_while_full = outbox::Outbox(dir / "kiosk-data/outbox.sqlite3").ids();
    // Exactly the thanked patients' answers are stored: nobody was told a lie.
    CHECK(static_cast<int>(stored_while_full.size()) == thanked);

    // Space comes back (IT cleaned up), the hub is reachable again.
    disk.free_filler();
    Hub hub(dir / "hub", port);
    write_file(dir / "after.replay", patients(3) + "wait-synced 60s\n");
    std::tie(status, out) = run_command({kiosk_exe(), "run", "--config", config.string(),
                                         "--headless", "--replay", (dir / "after.replay").string()},
                                        dir / "kiosk.log", 120s);
    REQUIRE_MESSAGE(status == 0, read_file(dir / "kiosk.log"));
    CHECK(count_lines(out, "patient thanks") == 3);
    outbox::Outbox box(dir / "kiosk-data/outbox.sqlite3");
    CHECK(box.integrity_ok());
    const auto check = check_delivery(box.ids(), hub.database());
    report_figure("kiosk disk full: " + std::to_string(thanked) + " patients thanked and stored, " +
                  std::to_string(refused) +
                  " told their answer could not be saved, alarm shown; after freeing space: " +
                  describe(check));
    CHECK(check.exactly_once());
    CHECK(check.committed == thanked + 3);
}

TEST_CASE("fault 7: a full disk on the hub - 507, nothing partial, the kiosk retries later") {
    constexpr int kResponses = 3'000;
    constexpr std::size_t kBatch = 10;
    TempDir dir("fbk-fault");
    SmallDisk disk(dir / "hub/hub-data", 8 * kMiB);
    Hub hub(dir / "hub");
    const auto token = hub.create_token("kiosk", "k1");
    const auto outbox_file = dir / "outbox.sqlite3";
    {
        std::vector<fbk::sync::protocol::Response> responses;
        for (int n = 0; n < kResponses; ++n) {
            responses.push_back(sample_response(n));
        }
        outbox::Outbox(outbox_file).commit_all(responses, wall_now_ms());
    }
    disk.fill_leaving(200 * kKiB);
    FaultProxy proxy(hub.port());
    auto uploader = start_test_uploader(outbox_file, {proxy.url(), token, kBatch, 5'000});
    REQUIRE(proxy.wait_for_reply_status(507, 60s));

    // Whatever the hub holds now is whole batches, oldest first, each with all its answers.
    std::int64_t stored_when_full = 0;
    {
        auto db = fbk::sync::sqlite::Database::open(hub.database());
        auto ids = db.prepare("SELECT id FROM responses ORDER BY seq");
        std::set<std::string> stored;
        while (ids.step()) {
            stored.insert(ids.text(0));
        }
        stored_when_full = static_cast<std::int64_t>(stored.size());
        CHECK(stored_when_full % kBatch == 0);
        for (int n = 0; n < stored_when_full; ++n) {
            CHECK(stored.contains(sample_response(n).id));
        }
        auto answers = db.prepare("SELECT COUNT(*) FROM answers");
        REQUIRE(answers.step());
        CHECK(answers.int64(0) == 2 * stored_when_full);
    }
    CHECK(stored_when_full < kResponses);
    // The hub's log says which request failed and why.
    CHECK(hub.log().find("POST /api/v1/batches failed: ") != std::string::npos);

    disk.free_filler();
    REQUIRE_MESSAGE(uploader->wait_until_drained(120s), uploader->status().last_error);
    const auto statuses = proxy.reply_statuses();
    const auto refusals = std::count(statuses.begin(), statuses.end(), 507);
    const auto check = check_delivery(outbox::Outbox(outbox_file).ids(), hub.database());
    report_figure("hub disk full: " + std::to_string(stored_when_full) +
                  " stored in whole batches before it filled, " + std::to_string(refusals) +
                  " batches refused with 507; after freeing space: " + describe(check));
    CHECK(check.exactly_once());
    CHECK(check.committed == kResponses);
}
