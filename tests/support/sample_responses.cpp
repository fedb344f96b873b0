#include "tests/support/sample_responses.h"

#include "sync/protocol/uuid.h"

namespace fbk::test {

namespace protocol = sync::protocol;

protocol::Response sample_response(int n, const std::string& kiosk_id) {
    protocol::UuidRandomBits bits{};
    bits[7] = 0x5A;
    bits[5] = static_cast<std::uint8_t>(n >> 24);
    bits[6] = static_cast<std::uint8_t>(n >> 16);
    bits[8] = static_cast<std::uint8_t>(n >> 8);
    bits[9] = static_cast<std::uint8_t>(n);
    protocol::Response r;
    r.id = protocol::make_uuid_v7(1'763'000'000'000 + n, bits);
    r.kiosk_id = kiosk_id;
    r.pack_id = "default-healthcare";
    r.pack_version = 2;
    r.survey_id = "waiting-room";
    r.stage = "WAITING";
    r.language = n % 2 == 0 ? "fi" : "en";
    r.started_at_ms = 1'763'000'000'000;
    r.finished_at_ms = 1'763'000'010'000;
    r.boot_id = kSampleBootId;
    r.monotonic_ms = 12'345;
    r.answers = {{"satisfaction", 1 + n % 5}, {"recommend", n % 11}};
    return r;
}

std::string sample_batch_body(const std::vector<protocol::Response>& responses,
                              const std::string& kiosk_id) {
    std::vector<std::string> bodies;
    bodies.reserve(responses.size());
    for (const auto& r : responses) {
        bodies.push_back(protocol::serialize(r));
    }
    return protocol::make_batch_body({kiosk_id, kSampleBootId, 1'763'000'020'000, 20'000}, bodies);
}

}  // namespace fbk::test
