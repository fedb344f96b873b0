// Delivering an event to a webhook: a JSON POST signed so that the receiver can tell it came
// from this hub and was not replayed.
//
//   X-Feedback-Event: 42                      the event's id (the same on every retry: a
//                                             receiver that saw it already can ignore it)
//   X-Feedback-Signature: t=1764842400,v1=HEX HEX = HMAC-SHA256(secret, "<t>.<body>"), t the
//                                             Unix time of this attempt in seconds
//
// A receiver recomputes v1 with the shared secret over the timestamp, a full stop and the raw
// body, compares in constant time, and refuses a t more than 5 minutes old. libcurl sends it,
// with TLS verification on.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "sync/hub/alerts/rules.h"

namespace fbk::sync::hub::alerts {

// Lowercase hex HMAC-SHA256 of "<unix_s>.<body>".
std::string webhook_signature(std::string_view secret, std::int64_t unix_s, std::string_view body);

struct SendResult {
    bool delivered = false;  // a 2xx reply
    std::string result;      // "HTTP 200", "HTTP 503", "connection refused", ...
};

SendResult send_webhook(const Channel& channel, std::int64_t event_id, std::string_view body,
                        std::int64_t now_ms);

}  // namespace fbk::sync::hub::alerts
