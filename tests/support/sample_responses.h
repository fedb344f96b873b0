// Responses with predictable ids and answers for tests that need many of them. They answer the
// default pack's "waiting-room" survey, so a hub started with assets/packs accepts them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sync/protocol/kiosk_link.h"
#include "sync/protocol/messages.h"

namespace fbk::test {

inline constexpr const char* kSampleBootId = "0f4c3f0e-1111-4d6e-9d2a-000000000001";

// Response number n (0 or more) of the given kiosk: a distinct UUIDv7 whose time grows with n,
// language fi for even n and en for odd, satisfaction 1 + n % 5 and recommend n % 11.
sync::protocol::Response sample_response(int n, const std::string& kiosk_id = "k1");

// Response number n as a busy clinic would produce it, for sizes on the wire: random id bits,
// times 30-90 s apart, any of the six languages, random answers, a comment from one in five.
sync::protocol::Response realistic_response(int n, std::uint64_t seed = 1,
                                            const std::string& kiosk_id = "k1");

// A heartbeat of that kiosk with nothing to report (no backlog, no alarms); tests set the rest.
sync::protocol::Heartbeat heartbeat_of(const std::string& kiosk_id);

// The body a kiosk would POST for these responses.
std::string sample_batch_body(const std::vector<sync::protocol::Response>& responses,
                              const std::string& kiosk_id = "k1");

}  // namespace fbk::test
