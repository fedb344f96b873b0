#include "sync/hub/alerts/delivery.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace fbk::sync::hub::alerts {

namespace {

constexpr std::size_t kClaimAtOnce = 16;

}  // namespace

std::optional<std::int64_t> retry_at(const DeliveryPolicy& p, std::int64_t attempts,
                                     std::int64_t event_created_ms, std::int64_t now_ms) {
    if (now_ms - event_created_ms >= p.give_up_after_ms) {
        return std::nullopt;
    }
    std::int64_t wait = p.first_retry_ms;
    for (std::int64_t i = 1; i < attempts && wait < p.longest_wait_ms; ++i) {
        wait *= 2;
    }
    return now_ms + std::min(wait, p.longest_wait_ms);
}

int deliver_due(HubStore& store, const DeliveryPolicy& policy, const Sender& send,
                std::int64_t now_ms) {
    const auto due = store.claim_deliveries(now_ms, policy.lease_ms, kClaimAtOnce);
    for (const DueDelivery& d : due) {
        DeliveryOutcome outcome;
        const auto channels = channels_of(d.channels);
        if (d.rule_deleted) {
            outcome.cancelled = true;
            outcome.result = "cancelled: rule deleted";
        } else if (d.channel < 0 || static_cast<std::size_t>(d.channel) >= channels.size()) {
            outcome.result = "no such channel";
        } else {
            nlohmann::json body = nlohmann::json::parse(d.payload, nullptr, false);
            body["event_id"] = d.event_id;
            const SendResult sent = send(channels[static_cast<std::size_t>(d.channel)], d.event_id,
                                         body.dump(), now_ms);
            outcome.delivered = sent.delivered;
            outcome.result = sent.result;
            if (!sent.delivered) {
                outcome.retry_at_ms = retry_at(policy, d.attempts + 1, d.event_created_ms, now_ms);
            }
        }
        store.finish_delivery(d.event_id, d.channel, outcome, now_ms);
    }
    return static_cast<int>(due.size());
}

}  // namespace fbk::sync::hub::alerts
