// What the store keeps for alerts (schema 12): rules, the events they raise, and the outbox of
// deliveries with every attempt. The rules' meaning and the delivery policy live in
// sync/hub/alerts/; the store only keeps them and hands out due deliveries to one hub at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync/hub/store/export_position.h"

namespace fbk::sync::hub {

struct AlertRule {
    std::int64_t id = 0;
    std::string kind;             // negative_spike, comment_match, kiosk_alarm
    std::string stage;            // '' for all
    std::string kiosk;            // '' for all
    std::string params = "{}";    // JSON, alerts/rules.h
    std::string channels = "[]";  // JSON array, secrets included: never returned by the API
    std::int64_t created_ms = 0;
    std::string created_by;
    std::optional<std::int64_t> deleted_ms;
    ExportPosition comment_cursor;  // the comments up to here were evaluated
};

struct AlertEvent {
    std::int64_t rule_id = 0;
    std::string dedupe;  // unique: the same condition seen again (or by another hub) is no event
    std::int64_t created_ms = 0;
    std::string payload;  // JSON, what every channel is sent
};

// A delivery this hub holds the lease of, with what it needs to send it.
struct DueDelivery {
    std::int64_t event_id = 0;
    int channel = 0;  // index into the rule's channels
    std::int64_t attempts = 0;
    std::int64_t rule_id = 0;
    bool rule_deleted = false;
    std::int64_t event_created_ms = 0;
    std::string payload;
    std::string channels;
};

// The outcome of one attempt: delivered, or not with when to try again (nullopt: give up).
struct DeliveryOutcome {
    bool delivered = false;
    std::string result;  // "HTTP 200", "HTTP 500", "connection refused", "cancelled: ..."
    std::optional<std::int64_t> retry_at_ms;
    bool cancelled = false;
};

struct DeliveryAttempt {
    std::int64_t at_ms = 0;
    std::string result;
};

// The delivery log: one row per event and channel.
struct DeliveryRecord {
    std::int64_t event_id = 0;
    std::int64_t rule_id = 0;
    int channel = 0;
    std::string state;  // pending, delivered, failed, cancelled
    std::int64_t attempts = 0;
    std::int64_t event_created_ms = 0;
    std::optional<std::int64_t> delivered_ms;
    std::int64_t next_attempt_ms = 0;
    std::string payload;
    std::vector<DeliveryAttempt> log;
};

// A comment stored after a rule's cursor, for comment_match rules.
struct NewComment {
    ExportPosition position;
    std::string response_id;
    std::string question;
    std::string kiosk;
    std::string stage;
    std::string language;
    std::string text;
    std::string themes;  // space-separated theme ids; '' when none or not analysed yet
};

}  // namespace fbk::sync::hub
