// The delivery of recorded events, from the outbox in the database: each event to each channel
// of its rule at least once, retried with backoff (30 s, doubling, at most an hour apart) for a
// day, every attempt recorded, and never for a rule that was deleted. Claiming works through
// the store's leases, so any number of hubs can run this on one database.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "sync/hub/alerts/webhook.h"
#include "sync/hub/store/hub_store.h"

namespace fbk::sync::hub::alerts {

struct DeliveryPolicy {
    std::int64_t first_retry_ms = 30'000;
    std::int64_t longest_wait_ms = 3'600'000;
    std::int64_t give_up_after_ms = 24 * 3'600'000;
    std::int64_t lease_ms = 30'000;  // a hub that dies mid-send lets go after this
};

// When the next attempt is due after `attempts` failed ones, or nullopt: give up.
std::optional<std::int64_t> retry_at(const DeliveryPolicy& policy, std::int64_t attempts,
                                     std::int64_t event_created_ms, std::int64_t now_ms);

using Sender = std::function<SendResult(const Channel&, std::int64_t event_id,
                                        std::string_view body, std::int64_t now_ms)>;

// One pass over the due deliveries; returns how many were attempted.
int deliver_due(HubStore& store, const DeliveryPolicy& policy, const Sender& send,
                std::int64_t now_ms);

}  // namespace fbk::sync::hub::alerts
