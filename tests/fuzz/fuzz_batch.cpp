// POST /api/v1/batches bodies (protocol::parse_batch), then the hub's meaning checks
// (validate_batch) against the packs in assets/packs, and the hub's ack (parse_ack) on the same
// bytes. Invariants:
//  - a parse gives a batch exactly when it gives no issue, and every issue has a "$" path;
//  - a batch keeps the limits the parser promises (1..1000 responses, unique canonical ids,
//    one kiosk, at most one answer per question);
//  - a batch made again from the parsed responses, as the kiosk's outbox makes it, parses back
//    to the same responses (what the kiosk stores is what the hub reads);
//  - the same holds for an ack.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "sync/protocol/messages.h"
#include "sync/protocol/uuid.h"
#include "tests/fuzz/fuzz_check.h"

namespace protocol = fbk::sync::protocol;

namespace {

const protocol::PackCatalog& catalog() {
    static const protocol::PackCatalog packs = [] {
        protocol::PackCatalog c;
        for (const auto& entry :
             std::filesystem::directory_iterator(FBK_SOURCE_DIR "/assets/packs")) {
            if (entry.path().extension() == ".json") {
                auto load = protocol::load_survey_pack(entry.path());
                FBK_FUZZ_CHECK(load.pack.has_value());
                c.add(std::move(*load.pack));
            }
        }
        return c;
    }();
    return packs;
}

void check_paths(const protocol::Issues& issues) {
    for (const auto& issue : issues) {
        FBK_FUZZ_CHECK(issue.path.starts_with("$"));
        FBK_FUZZ_CHECK(!issue.message.empty());
    }
}

void check_limits(const protocol::Batch& batch) {
    const protocol::BatchLimits limits;
    FBK_FUZZ_CHECK(!batch.responses.empty() && batch.responses.size() <= limits.max_responses);
    std::vector<std::string> ids;
    for (const auto& r : batch.responses) {
        FBK_FUZZ_CHECK(protocol::is_canonical_uuid(r.id));
        FBK_FUZZ_CHECK(r.kiosk_id == batch.header.kiosk_id);
        FBK_FUZZ_CHECK(r.answers.size() <= limits.max_answers);
        FBK_FUZZ_CHECK(r.pack_version >= 1 && r.pack_version <= protocol::kMaxPackVersion);
        for (const auto t : {r.started_at_ms, r.finished_at_ms, r.monotonic_ms}) {
            FBK_FUZZ_CHECK(t >= 0 && t <= protocol::kMaxPlausibleMs);
        }
        for (std::size_t i = 0; i < r.answers.size(); ++i) {
            for (std::size_t j = 0; j < i; ++j) {
                FBK_FUZZ_CHECK(r.answers[i].question != r.answers[j].question);
            }
        }
        ids.push_back(r.id);
    }
    std::sort(ids.begin(), ids.end());
    FBK_FUZZ_CHECK(std::adjacent_find(ids.begin(), ids.end()) == ids.end());
}

void check_round_trip(const protocol::Batch& batch) {
    std::vector<std::string> stored;
    for (const auto& r : batch.responses) {
        stored.push_back(protocol::serialize(r));
    }
    const auto again = protocol::parse_batch(protocol::make_batch_body(batch.header, stored));
    FBK_FUZZ_CHECK(again.batch.has_value() && again.issues.empty());
    const auto& h = again.batch->header;
    FBK_FUZZ_CHECK(h.kiosk_id == batch.header.kiosk_id && h.boot_id == batch.header.boot_id &&
                   h.sent_at_ms == batch.header.sent_at_ms &&
                   h.monotonic_ms == batch.header.monotonic_ms);
    FBK_FUZZ_CHECK(again.batch->responses.size() == stored.size());
    for (std::size_t i = 0; i < stored.size(); ++i) {
        FBK_FUZZ_CHECK(protocol::serialize(again.batch->responses[i]) == stored[i]);
        FBK_FUZZ_CHECK(again.batch->responses[i].answers == batch.responses[i].answers);
    }
}

void check_ack(std::string_view body) {
    const auto parsed = protocol::parse_ack(body);
    FBK_FUZZ_CHECK(parsed.ack.has_value() == parsed.issues.empty());
    check_paths(parsed.issues);
    if (!parsed.ack) {
        return;
    }
    const auto again = protocol::parse_ack(protocol::serialize(*parsed.ack));
    FBK_FUZZ_CHECK(again.ack && again.ack->receipts.size() == parsed.ack->receipts.size());
    for (std::size_t i = 0; i < again.ack->receipts.size(); ++i) {
        FBK_FUZZ_CHECK(again.ack->receipts[i].id == parsed.ack->receipts[i].id);
        FBK_FUZZ_CHECK(again.ack->receipts[i].status == parsed.ack->receipts[i].status);
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view body = fbk::test::fuzz::as_text(data, size);
    const auto parsed = protocol::parse_batch(body);
    FBK_FUZZ_CHECK(parsed.batch.has_value() == parsed.issues.empty());
    check_paths(parsed.issues);
    if (parsed.batch) {
        check_limits(*parsed.batch);
        check_round_trip(*parsed.batch);
        check_paths(protocol::validate_batch(*parsed.batch, catalog()));
    }
    check_ack(body);
    return 0;
}
