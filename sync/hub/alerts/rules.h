// Alert rules as admins write them (POST /api/v1/alert-rules) and as the evaluator reads them:
// one table of kinds (kAlertKinds), each with its parameters and their limits, and the channels
// an event goes to. Channel secrets are stored to sign deliveries and never shown again.
//
//   negative_spike  {"window_hours": 24, "baseline_days": 28, "min_answers": 10}
//                   per stage (or the rule's stage), optionally one kiosk; analytics/spike.h
//   comment_match   {"themes": ["care"], "words": ["fall", "kaatui", "föll"],
//                    "include_text": false}; a word matches words that begin with it, so
//                   "kaatu" finds "kaatui" and "kaatunut"; the text goes out only when
//                   include_text is true
//   kiosk_alarm     {"alarms": ["storage_low", ...]} (all alarms when absent)
//   kiosk_silent    {}: a kiosk silent while its site is open (analytics/fleet_health.h),
//                   one event per silence
//   target_missed   {"days": 28}: a target (POST /api/v1/targets) whose figure over the last
//                   days is judged "not met" (its whole interval below it), at most once a day
//                   per target and figure
//
//   channels        1 to 5 of
//                   {"type": "webhook", "url": "https://...", "secret": "16 to 256 bytes"}
//                   (http:// only to a loopback address), and
//                   {"type": "email", "to": "ward5@hospital.example", "language": "fi"}
//                   (through the hub's SMTP relay, email.h)
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/hub/store/alert_types.h"

namespace fbk::sync::hub::alerts {

struct Channel {
    std::string type;             // webhook or email
    std::string url;              // webhook
    std::string secret;           // webhook
    std::string to;               // email: one address
    std::string language = "en";  // email: the message's language (email.h)
};

// The rule in `body` checked whole; nullopt and `problem` naming the field otherwise.
std::optional<AlertRule> parse_rule(const std::string& body, std::string& problem);
// As GET /api/v1/alert-rules shows it: secrets replaced by "secret_set": true.
nlohmann::json rule_json(const AlertRule& rule);
// A stored rule's channels and parameters (checked when the rule was made).
std::vector<Channel> channels_of(const AlertRule& rule);
std::vector<Channel> channels_of(std::string_view channels_json);

}  // namespace fbk::sync::hub::alerts
