#include "tests/support/sample_responses.h"

#include <random>

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

protocol::Response realistic_response(int n, std::uint64_t seed, const std::string& kiosk_id) {
    static constexpr const char* kLanguages[] = {"fi", "sv", "da", "nl", "en", "uk"};
    static constexpr const char* kComments[] = {
        "Friendly staff, but the wait was long.",
        "Hoitaja oli ystävällinen ja selitti kaiken.",
        "Svårt att hitta parkering.",
        "Venteværelset var koldt.",
        "Duidelijke uitleg, bedankt!",
        "Дякую, все було добре.",
    };
    std::mt19937_64 rng(seed * 1'000'003 + static_cast<std::uint64_t>(n));
    protocol::UuidRandomBits bits{};
    for (auto& b : bits) {
        b = static_cast<std::uint8_t>(rng());
    }
    const std::int64_t started = 1'763'000'000'000 + static_cast<std::int64_t>(n) * 60'000 +
                                 static_cast<std::int64_t>(rng() % 30'000);
    protocol::Response r;
    r.id = protocol::make_uuid_v7(started + 45'000, bits);
    r.kiosk_id = kiosk_id;
    r.pack_id = "default-healthcare";
    r.pack_version = 2;
    r.survey_id = "waiting-room";
    r.stage = "WAITING";
    r.language = kLanguages[rng() % 6];
    r.started_at_ms = started;
    r.finished_at_ms = started + 20'000 + static_cast<std::int64_t>(rng() % 70'000);
    r.boot_id = kSampleBootId;
    r.monotonic_ms = 3'600'000 + static_cast<std::int64_t>(n) * 60'000;
    r.answers = {{"satisfaction", static_cast<std::int64_t>(1 + rng() % 5)},
                 {"recommend", static_cast<std::int64_t>(rng() % 11)}};
    if (rng() % 5 == 0) {
        protocol::Answer comment;
        comment.question = "comment";
        comment.text = kComments[rng() % 6];
        r.answers.push_back(comment);
    }
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

sync::protocol::Heartbeat heartbeat_of(const std::string& kiosk_id) {
    sync::protocol::Heartbeat beat;
    beat.kiosk_id = kiosk_id;
    beat.boot_id = "heartbeat-boot";
    beat.app_version = "0.3";
    beat.pack_id = "default-healthcare";
    beat.pack_version = 2;
    return beat;
}

}  // namespace fbk::test
