// Alert rules, events and the outbox of deliveries (schema 12). Events are made once: the dedupe
// key is UNIQUE, so whichever hub sees a condition first records it and the others find it
// there. Deliveries are leased: a hub claims due ones by moving their lease_until forward in one
// UPDATE whose condition is checked again on each row as it is written, so two hubs never hold
// one delivery at once; a hub that dies mid-delivery lets its lease run out and another (or it,
// restarted) tries again.
#include "sync/hub/store/export_order.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/lease.h"

namespace fbk::sync::hub {

std::int64_t HubStore::add_alert_rule(const AlertRule& r) {
    auto db = lease();
    auto insert = db->prepare(
        "INSERT INTO alert_rules(kind, stage, kiosk, params, channels, created_ms, created_by, "
        "comment_cursor_writer, comment_cursor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
        "RETURNING id");
    insert.bind(1, r.kind)
        .bind(2, r.stage)
        .bind(3, r.kiosk)
        .bind(4, r.params)
        .bind(5, r.channels)
        .bind(6, r.created_ms)
        .bind(7, r.created_by)
        .bind(8, r.comment_cursor.writer)
        .bind(9, r.comment_cursor.seq);
    insert.step();
    const std::int64_t id = insert.int64(0);
    insert.run();
    return id;
}

std::vector<AlertRule> HubStore::alert_rules(bool include_deleted) {
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT id, kind, stage, kiosk, params, channels, created_ms, created_by, deleted_ms, "
        "comment_cursor_writer, comment_cursor FROM alert_rules WHERE ?1 = 1 OR deleted_ms IS "
        "NULL ORDER BY id");
    stmt.bind(1, include_deleted ? 1 : 0);
    std::vector<AlertRule> out;
    while (stmt.step()) {
        AlertRule r{stmt.int64(0), stmt.text(1),
                    stmt.text(2),  stmt.text(3),
                    stmt.text(4),  stmt.text(5),
                    stmt.int64(6), stmt.text(7),
                    std::nullopt,  ExportPosition{stmt.int64(9), stmt.int64(10)}};
        if (!stmt.is_null(8)) {
            r.deleted_ms = stmt.int64(8);
        }
        out.push_back(std::move(r));
    }
    return out;
}

bool HubStore::delete_alert_rule(std::int64_t id, std::int64_t now_ms) {
    auto db = lease();
    sql::Transaction tx(*db);
    auto mark = db->prepare(
        "UPDATE alert_rules SET deleted_ms = ?2 WHERE id = ?1 AND deleted_ms IS NULL RETURNING 1");
    mark.bind(1, id).bind(2, now_ms);
    if (!mark.step()) {
        return false;
    }
    mark.reset();
    db->prepare(
          "UPDATE alert_deliveries SET state = 'cancelled', last_result = 'cancelled: rule "
          "deleted' WHERE state = 'pending' AND event_id IN "
          "(SELECT id FROM alert_events WHERE rule_id = ?1)")
        .bind(1, id)
        .run();
    tx.commit();
    return true;
}

void HubStore::set_comment_cursor(std::int64_t rule_id, ExportPosition position) {
    auto db = lease();
    db->prepare(
          "UPDATE alert_rules SET comment_cursor_writer = ?2, comment_cursor = ?3 "
          "WHERE id = ?1 AND (comment_cursor_writer, comment_cursor) < (?2, ?3)")
        .bind(1, rule_id)
        .bind(2, position.writer)
        .bind(3, position.seq)
        .run();
}

std::vector<NewComment> HubStore::comments_after(ExportPosition after, std::size_t limit) {
    auto db = lease();
    const ExportOrderSql order(*db);
    auto stmt = db->prepare(
        "SELECT r.writer_xid, r.seq, r.id, a.question, r.kiosk_id, r.stage, r.language, a.text, "
        "COALESCE(c.themes, '') FROM responses r JOIN answers a ON a.response_seq = r.seq "
        "LEFT JOIN comment_analyses c ON c.response_seq = a.response_seq AND "
        "c.question = a.question WHERE " +
        order.after(1) + " AND " + order.final_writer() +
        " AND a.text IS NOT NULL AND a.text <> '' ORDER BY " + order.columns() +
        ", a.question LIMIT ?3");
    bind_position(stmt, 1, after);
    stmt.bind(3, static_cast<std::int64_t>(limit));
    std::vector<NewComment> out;
    while (stmt.step()) {
        out.push_back({{stmt.int64(0), stmt.int64(1)},
                       stmt.text(2),
                       stmt.text(3),
                       stmt.text(4),
                       stmt.text(5),
                       stmt.text(6),
                       stmt.text(7),
                       stmt.text(8)});
    }
    // A full page may end inside a response: its comments all come with the next page.
    if (out.size() == limit && out.front().position != out.back().position) {
        const ExportPosition cut = out.back().position;
        while (out.back().position == cut) {
            out.pop_back();
        }
    }
    return out;
}

bool HubStore::record_alert_event(const AlertEvent& e, int channels) {
    auto db = lease();
    sql::Transaction tx(*db);
    auto insert = db->prepare(
        "INSERT INTO alert_events(rule_id, dedupe, created_ms, payload) VALUES (?1, ?2, ?3, ?4) "
        "ON CONFLICT (dedupe) DO NOTHING RETURNING id");
    insert.bind(1, e.rule_id).bind(2, e.dedupe).bind(3, e.created_ms).bind(4, e.payload);
    if (!insert.step()) {
        return false;
    }
    const std::int64_t id = insert.int64(0);
    insert.reset();
    auto delivery = db->prepare(
        "INSERT INTO alert_deliveries(event_id, channel, state, next_attempt_ms) "
        "VALUES (?1, ?2, 'pending', ?3)");
    for (int c = 0; c < channels; ++c) {
        delivery.bind(1, id).bind(2, c).bind(3, e.created_ms);
        delivery.run();
    }
    tx.commit();
    return true;
}

std::vector<DueDelivery> HubStore::claim_deliveries(std::int64_t now_ms, std::int64_t lease_ms,
                                                    std::size_t limit) {
    auto db = lease();
    sql::Transaction tx(*db);
    // The outer condition is checked again on each row as it is updated (PostgreSQL re-reads a
    // row another hub changed meanwhile), so a row another hub just leased is skipped.
    auto claim = db->prepare(
        "UPDATE alert_deliveries SET lease_until = ?2 WHERE state = 'pending' AND "
        "next_attempt_ms <= ?1 AND lease_until <= ?1 AND (event_id, channel) IN "
        "(SELECT event_id, channel FROM alert_deliveries WHERE state = 'pending' AND "
        "next_attempt_ms <= ?1 AND lease_until <= ?1 ORDER BY next_attempt_ms LIMIT ?3) "
        "RETURNING event_id, channel, attempts");
    claim.bind(1, now_ms).bind(2, now_ms + lease_ms).bind(3, static_cast<std::int64_t>(limit));
    std::vector<DueDelivery> out;
    while (claim.step()) {
        DueDelivery d;
        d.event_id = claim.int64(0);
        d.channel = static_cast<int>(claim.int64(1));
        d.attempts = claim.int64(2);
        out.push_back(std::move(d));
    }
    claim.reset();
    auto details = db->prepare(
        "SELECT e.rule_id, CASE WHEN r.deleted_ms IS NULL THEN 0 ELSE 1 END, e.created_ms, "
        "e.payload, r.channels "
        "FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id WHERE e.id = ?1");
    for (DueDelivery& d : out) {
        details.bind(1, d.event_id);
        if (details.step()) {
            d.rule_id = details.int64(0);
            d.rule_deleted = details.int64(1) != 0;
            d.event_created_ms = details.int64(2);
            d.payload = details.text(3);
            d.channels = details.text(4);
        }
        details.reset();
    }
    tx.commit();
    return out;
}

void HubStore::finish_delivery(std::int64_t event_id, int channel, const DeliveryOutcome& o,
                               std::int64_t now_ms) {
    auto db = lease();
    sql::Transaction tx(*db);
    const char* state = o.delivered     ? "delivered"
                        : o.cancelled   ? "cancelled"
                        : o.retry_at_ms ? "pending"
                                        : "failed";
    auto update = db->prepare(
        "UPDATE alert_deliveries SET state = ?3, attempts = attempts + ?7, last_result = ?4, "
        "next_attempt_ms = ?5, lease_until = 0, delivered_ms = ?6 "
        "WHERE event_id = ?1 AND channel = ?2 AND state = 'pending' RETURNING attempts");
    update.bind(1, event_id)
        .bind(2, channel)
        .bind(3, state)
        .bind(4, o.result)
        .bind(5, o.retry_at_ms.value_or(now_ms))
        .bind(6, o.delivered ? std::optional<std::int64_t>(now_ms) : std::nullopt)
        .bind(7, o.cancelled ? 0 : 1);
    // Not pending any more: the rule was deleted while this attempt was under way, and its
    // cancellation stands.
    const bool recorded = update.step();
    const std::int64_t attempts = recorded ? update.int64(0) : 0;
    update.reset();
    if (recorded && !o.cancelled) {
        db->prepare(
              "INSERT INTO alert_attempts(event_id, channel, attempt, at_ms, result) "
              "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING")
            .bind(1, event_id)
            .bind(2, channel)
            .bind(3, attempts)
            .bind(4, now_ms)
            .bind(5, o.result)
            .run();
    }
    tx.commit();
}

std::vector<DeliveryRecord> HubStore::alert_deliveries(std::size_t limit) {
    auto db = lease();
    auto stmt = db->prepare(
        "SELECT d.event_id, e.rule_id, d.channel, d.state, d.attempts, e.created_ms, "
        "d.delivered_ms, d.next_attempt_ms, e.payload FROM alert_deliveries d "
        "JOIN alert_events e ON e.id = d.event_id ORDER BY d.event_id DESC, d.channel LIMIT ?1");
    stmt.bind(1, static_cast<std::int64_t>(limit));
    std::vector<DeliveryRecord> out;
    while (stmt.step()) {
        DeliveryRecord r{stmt.int64(0),
                         stmt.int64(1),
                         static_cast<int>(stmt.int64(2)),
                         stmt.text(3),
                         stmt.int64(4),
                         stmt.int64(5),
                         std::nullopt,
                         stmt.int64(7),
                         stmt.text(8),
                         {}};
        if (!stmt.is_null(6)) {
            r.delivered_ms = stmt.int64(6);
        }
        out.push_back(std::move(r));
    }
    stmt.reset();
    auto log = db->prepare(
        "SELECT at_ms, result FROM alert_attempts WHERE event_id = ?1 AND channel = ?2 "
        "ORDER BY attempt");
    for (DeliveryRecord& r : out) {
        log.bind(1, r.event_id).bind(2, r.channel);
        while (log.step()) {
            r.log.push_back({log.int64(0), log.text(1)});
        }
        log.reset();
    }
    return out;
}

}  // namespace fbk::sync::hub
