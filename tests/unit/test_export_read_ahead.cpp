// Exports read ahead on threads of their own (sync/hub/export/read_ahead.h): the same bytes as
// a read on one thread, with a filter too; a failure at any call cuts the export after whole
// rows, never skipping or repeating one; an export dropped halfway stops its threads; and
// beyond the limit of exports reading ahead the next one reads on its own thread.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "sync/hub/export/formats.h"
#include "sync/hub/export/pump.h"
#include "sync/hub/store/hub_store.h"
#include "tests/support/failing_connection.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

namespace hub = fbk::sync::hub;
namespace protocol = fbk::sync::protocol;

namespace {

constexpr int kResponses = 250;
constexpr std::size_t kPageRows = 7;  // 36 pages: many turns of the three slots

void seed(hub::HubStore& store) {
    for (int first = 0; first < kResponses; first += 50) {
        protocol::Batch batch{{"k1", fbk::test::kSampleBootId, 1, 1}, {}};
        for (int n = first; n < first + 50; ++n) {
            batch.responses.push_back(fbk::test::sample_response(n));
        }
        store.ingest(batch, 1'763'000'100'000);
    }
}

std::shared_ptr<hub::ResponseWriter> csv_writer() {
    return hub::make_response_writer("csv", {"satisfaction", "recommend"});
}

hub::ExportRange everything(hub::HubStore& store, hub::StatsFilter filter = hub::kEverything) {
    return {{}, store.export_horizon(), std::move(filter)};
}

// The export as one thread reads it: every row in one page.
std::string read_at_once(hub::HubStore& store, const hub::ExportRange& range) {
    auto writer = csv_writer();
    std::string out = writer->header();
    for (const auto& row : store.responses_page(range.after, range.up_to, 100'000, range.filter)) {
        writer->append_row(out, row);
    }
    return out;
}

std::string pump_all(hub::ExportPump& pump) {
    std::string out;
    while (pump.next(out)) {
    }
    return out;
}

std::size_t lines(const std::string& text) {
    return std::count(text.begin(), text.end(), '\n');
}

}  // namespace

TEST_CASE("an export read ahead gives the same bytes as one read at once, filtered too") {
    fbk::test::TempDir dir;
    hub::HubStore store(dir.path());
    seed(store);
    hub::StatsFilter finnish = hub::kEverything;
    finnish.language = "fi";
    for (const auto& range : {everything(store), everything(store, finnish)}) {
        hub::ExportPump pump(store, csv_writer(), range, false, kPageRows);
        const std::string expected = read_at_once(store, range);
        CHECK(pump_all(pump) == expected);
    }
    hub::ExportPump all(store, csv_writer(), everything(store), false, kPageRows);
    CHECK(lines(pump_all(all)) == kResponses + 1);
    CHECK(all.rows_written() == kResponses);
}

TEST_CASE("an export stopped halfway stops its readers; beyond the limit one reads alone") {
    fbk::test::TempDir dir;
    hub::HubStore store(dir.path());
    seed(store);
    const std::string expected = read_at_once(store, everything(store));
    std::string first_pages;
    {
        hub::ExportPump dropped(store, csv_writer(), everything(store), false, kPageRows);
        for (int page = 0; page < 3; ++page) {
            REQUIRE(dropped.next(first_pages));
        }
    }  // its threads are joined here; a hang fails the test by its timeout
    CHECK(expected.starts_with(first_pages));
    // More exports at once than may read ahead: every one still gives every row.
    std::vector<std::unique_ptr<hub::ExportPump>> pumps;
    std::vector<std::string> outs(hub::PageReadAhead::kMaxReadAheadExports + 2);
    for (auto& out : outs) {
        pumps.push_back(std::make_unique<hub::ExportPump>(store, csv_writer(), everything(store),
                                                          false, kPageRows));
        REQUIRE(pumps.back()->next(out));  // the first page starts the reading ahead
    }
    for (std::size_t i = 0; i < pumps.size(); ++i) {
        while (pumps[i]->next(outs[i])) {
        }
        CHECK(outs[i] == expected);
    }
}

TEST_CASE("an export read ahead that fails at any call ends after whole rows, none skipped") {
    long points = 0;
    fbk::test::TempDir dir;
    std::string expected;
    {
        hub::HubStore store(dir.path());
        seed(store);
        expected = read_at_once(store, everything(store));
    }
    for (long n = 1;; ++n) {
        auto plan = std::make_shared<fbk::test::FaultPlan>();
        plan->fail_at = n;
        hub::HubStore store(fbk::test::failing_store_location(dir.path(), plan));
        const auto range = everything(store);
        hub::ExportPump pump(store, csv_writer(), range, false, kPageRows);
        plan->armed = true;
        std::string out;
        bool threw = false;
        try {
            while (pump.next(out)) {
            }
        } catch (const hub::sql::Error&) {
            threw = true;
        }
        CAPTURE(n);
        CHECK(threw == plan->fired.load());
        // Whole rows, in order, from the first: what was given is a prefix of the export.
        CHECK(expected.starts_with(out));
        CHECK((out.empty() || out.ends_with("\r\n")));
        if (!plan->fired) {
            CHECK(out == expected);
            break;
        }
        ++points;
    }
    CHECK(points > 36);  // a failure in each page's reads, on either thread
    MESSAGE("export read-ahead failure points: " << points);
}
