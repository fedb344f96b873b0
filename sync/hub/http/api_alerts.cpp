// Alert rules and the delivery log (admins): rules are checked whole (alerts/rules.h), their
// channel secrets kept to sign deliveries and never shown again; creating and deleting a rule
// is audited; the log shows each event's delivery to each channel with every attempt.
#include <limits>

#include "sync/hub/alerts/rules.h"
#include "sync/hub/http/api.h"
#include "sync/hub/store/utc_time.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

constexpr std::int64_t kDeliveryPage = 100;
constexpr std::int64_t kMaxDeliveryPage = 1000;

std::string describe(const AlertRule& r) {
    return "#" + std::to_string(r.id) + " " + r.kind + " (stage " +
           (r.stage.empty() ? "all" : r.stage) + ", kiosk " + (r.kiosk.empty() ? "all" : r.kiosk) +
           ", " + std::to_string(alerts::channels_of(r).size()) + " channel(s))";
}

}  // namespace

http::Reply get_alert_rules(ApiContext& api, const Call&) {
    json rules = json::array();
    for (const AlertRule& r : api.store.alert_rules()) {
        rules.push_back(alerts::rule_json(r));
    }
    return json_reply({{"rules", std::move(rules)}});
}

http::Reply post_alert_rule(ApiContext& api, const Call& call) {
    std::string problem;
    auto rule = alerts::parse_rule(call.body, problem);
    if (!rule) {
        return error_reply(400, "invalid_alert_rule", problem);
    }
    rule->created_ms = api.options.now_ms();
    rule->created_by = call.token->subject;
    // A comment rule watches comments from now on, not every comment ever stored.
    rule->comment_cursor = api.store.export_horizon();
    rule->id = api.store.add_alert_rule(*rule);
    api.store.audit(call.token->subject, "alert_rule.create", describe(*rule), rule->created_ms);
    return json_reply(alerts::rule_json(*rule), 201);
}

http::Reply delete_alert_rule(ApiContext& api, const Call& call) {
    http::Reply refusal;
    const auto id = required_id(call, "the rule to delete", refusal);
    if (!id) {
        return refusal;
    }
    const auto existing =
        find_by_id(api.store.alert_rules(), *id, [](const AlertRule& r) { return r.id; });
    if (!existing || !api.store.delete_alert_rule(*id, api.options.now_ms())) {
        return error_reply(404, "no_such_alert_rule", "id: no alert rule " + std::to_string(*id));
    }
    api.store.audit(call.token->subject, "alert_rule.delete", describe(*existing),
                    api.options.now_ms());
    return json_reply({{"deleted", *id}});
}

http::Reply get_alert_deliveries(ApiContext& api, const Call& call) {
    http::Reply refusal;
    const auto limit = integer_param(call, "limit", 1, kMaxDeliveryPage, kDeliveryPage, refusal);
    if (!limit) {
        return refusal;
    }
    json deliveries = json::array();
    for (const DeliveryRecord& d : api.store.alert_deliveries(static_cast<std::size_t>(*limit))) {
        json attempts = json::array();
        for (const DeliveryAttempt& a : d.log) {
            attempts.push_back({{"at", format_utc_iso8601(a.at_ms)}, {"result", a.result}});
        }
        deliveries.push_back(
            {{"event_id", d.event_id},
             {"rule_id", d.rule_id},
             {"channel", d.channel},
             {"state", d.state},
             {"attempts", std::move(attempts)},
             {"event_at", format_utc_iso8601(d.event_created_ms)},
             {"delivered_at",
              d.delivered_ms ? json(format_utc_iso8601(*d.delivered_ms)) : json(nullptr)},
             {"next_attempt_at",
              d.state == "pending" ? json(format_utc_iso8601(d.next_attempt_ms)) : json(nullptr)},
             {"event", json::parse(d.payload, nullptr, false)}});
    }
    return json_reply({{"deliveries", std::move(deliveries)}});
}

}  // namespace fbk::sync::hub
