// The store under an I/O error at every point of ingest (tests/support/failing_connection.h):
// for each N, the Nth call fails; afterwards the database holds either the whole batch or
// none of it, the caller was told which (receipts only after COMMIT), and a retry stores
// exactly what was missing. Nothing stored before is changed.
#include <doctest/doctest.h>

#include <optional>
#include <string>
#include <vector>

#include "sync/hub/store/hub_store.h"
#include "tests/support/failing_connection.h"
#include "tests/support/figures.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

namespace hub = fbk::sync::hub;
namespace protocol = fbk::sync::protocol;

namespace {

protocol::Batch batch_of(int first, int count) {
    protocol::Batch batch;
    batch.header = {"k1", fbk::test::kSampleBootId, 1'790'000'000'000, 50'000};
    for (int n = first; n < first + count; ++n) {
        batch.responses.push_back(fbk::test::sample_response(n));
    }
    return batch;
}

// Every stored response with its answers, as text, in ingest order.
std::vector<std::string> contents(hub::HubStore& store) {
    std::vector<std::string> out;
    for (const auto& row : store.responses_page({}, store.export_horizon(), 1000)) {
        std::string line = row.response.id + ":" + std::to_string(row.response.answers.size());
        for (const auto& a : row.response.answers) {
            line += " " + a.question + "=" + std::to_string(a.value.value_or(-1));
        }
        out.push_back(line);
    }
    return out;
}

struct Outcome {
    bool threw = false;
    bool fired = false;
    std::vector<protocol::Receipt> receipts;
};

// Opens the store on `dir` with the plan armed after opening, and ingests `batch`.
Outcome ingest_with_fault(const std::filesystem::path& dir, long fail_at, bool grouped,
                          const protocol::Batch& batch, bool transient = false) {
    auto plan = std::make_shared<fbk::test::FaultPlan>();
    plan->fail_at = fail_at;
    plan->transient = transient;
    hub::HubStore store(fbk::test::failing_store_location(dir, plan));
    plan->armed = true;
    Outcome out;
    try {
        if (grouped) {
            const hub::HubStore::BatchToStore one{&batch, 1'790'000'001'000};
            out.receipts = store.ingest_group(std::span(&one, 1)).at(0);
        } else {
            out.receipts = store.ingest(batch, 1'790'000'001'000);
        }
    } catch (const hub::sql::Error&) {
        out.threw = true;
    }
    out.fired = plan->fired;
    return out;
}

// Runs the loop; returns how many failure points it met.
long failure_points(bool grouped) {
    long n = 1;
    for (;; ++n) {
        fbk::test::TempDir dir;
        std::vector<std::string> before;
        {
            hub::HubStore store(dir.path());
            store.ingest(batch_of(0, 2), 1'790'000'000'500);  // already accepted
            before = contents(store);
        }
        // Two already stored (duplicates) and three new ones.
        const protocol::Batch batch = batch_of(0, 5);
        const Outcome outcome = ingest_with_fault(dir.path(), n, grouped, batch);
        hub::HubStore clean(dir.path());
        const auto after = contents(clean);
        CAPTURE(n);
        REQUIRE(std::equal(before.begin(), before.end(), after.begin()));
        if (outcome.threw) {
            CHECK(outcome.fired);
            CHECK(after == before);  // nothing of the failed batch
            const auto retry = clean.ingest(batch, 1'790'000'002'000);
            CHECK(retry.at(0).status == protocol::ReceiptStatus::Duplicate);
            CHECK(retry.at(4).status == protocol::ReceiptStatus::Stored);
        } else {
            REQUIRE(outcome.receipts.size() == 5);
            CHECK(outcome.receipts.at(1).status == protocol::ReceiptStatus::Duplicate);
            CHECK(outcome.receipts.at(2).status == protocol::ReceiptStatus::Stored);
        }
        const auto final_rows = contents(clean);
        REQUIRE(final_rows.size() == 5);  // each response exactly once, with all its answers
        CHECK(final_rows.at(4).starts_with(batch.responses.at(4).id + ":" +
                                           std::to_string(batch.responses.at(4).answers.size())));
        if (!outcome.fired) {
            return n - 1;  // a run without a fault: every point has been tried
        }
    }
}

}  // namespace

TEST_CASE("ingest fails at every point atomically: all of a batch or none, nothing lost") {
    const long single = failure_points(false);
    const long grouped = failure_points(true);
    CHECK(single > 10);
    CHECK(grouped > 10);
    fbk::test::report_figure("store ingest: " + std::to_string(single) +
                             " failure points, group commit: " + std::to_string(grouped) +
                             ", all atomic");
    MESSAGE("ingest failure points: " << single << ", group commit: " << grouped);
}

TEST_CASE("an ingest the database rolled back to break a deadlock is run again, at every point") {
    long points = 0;
    for (long n = 1;; ++n) {
        fbk::test::TempDir dir;
        {
            hub::HubStore store(dir.path());
            store.ingest(batch_of(0, 2), 1'790'000'000'500);
        }
        const protocol::Batch batch = batch_of(0, 5);
        const Outcome outcome = ingest_with_fault(dir.path(), n, true, batch, true);
        CAPTURE(n);
        REQUIRE_FALSE(outcome.threw);  // the caller never sees it
        REQUIRE(outcome.receipts.size() == 5);
        CHECK(outcome.receipts.at(1).status == protocol::ReceiptStatus::Duplicate);
        CHECK(outcome.receipts.at(2).status == protocol::ReceiptStatus::Stored);
        hub::HubStore clean(dir.path());
        CHECK(contents(clean).size() == 5);
        if (!outcome.fired) {
            break;
        }
        ++points;
    }
    CHECK(points > 10);
}

TEST_CASE("a question is listed as answered once a response with it is committed, not before") {
    using Questions = std::vector<std::string>;
    const Questions before{"recommend", "satisfaction"};
    const Questions after{"recommend", "satisfaction", "waiting_time"};
    // Responses 0 and 1 again (duplicates) with an answer to a question nobody else answered,
    // and three new ones that answer "waiting_time".
    protocol::Batch batch = batch_of(0, 5);
    for (std::size_t i = 0; i < batch.responses.size(); ++i) {
        batch.responses[i].answers.push_back(
            {i < 2 ? "only_in_duplicates" : "waiting_time", static_cast<std::int64_t>(i)});
    }
    long points = 0;
    for (long n = 1;; ++n) {
        fbk::test::TempDir dir;
        auto plan = std::make_shared<fbk::test::FaultPlan>();
        plan->fail_at = n;
        hub::HubStore store(fbk::test::failing_store_location(dir.path(), plan));
        store.ingest(batch_of(0, 2), 1'790'000'000'500);
        REQUIRE(store.answered_questions() == before);
        plan->armed = true;
        bool threw = false;
        try {
            store.ingest(batch, 1'790'000'001'000);
        } catch (const hub::sql::Error&) {
            threw = true;
        }
        plan->armed = false;
        CAPTURE(n);
        CHECK(store.answered_questions() == (threw ? before : after));
        if (threw) {  // the same store, whose memory of recorded questions must not lie
            store.ingest(batch, 1'790'000'002'000);
            CHECK(store.answered_questions() == after);
        }
        if (!plan->fired) {
            break;
        }
        ++points;
    }
    CHECK(points > 10);
}
