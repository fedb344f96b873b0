#include "sync/uploader/hub_chores.h"

#include <algorithm>
#include <iostream>

#include "sync/uploader/gzip.h"

namespace fbk::sync::uploader {

namespace {

constexpr std::int64_t kMinIntervalMs = 10'000;  // a misconfigured hub must not be hammered

std::string describe_failure(std::string_view what, const HttpReply& reply) {
    if (!reply.transport_ok) {
        return std::string(what) + ": hub unreachable: " + reply.transport_error;
    }
    return std::string(what) + ": hub answered HTTP " + std::to_string(reply.status);
}

std::string url_encode(std::string_view text) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += kHex[u >> 4];
            out += kHex[u & 0xF];
        }
    }
    return out;
}

}  // namespace

HubChores::HubChores(HttpClient& http, const UploaderSettings& settings, UploaderClock clock,
                     ChoresHooks hooks)
    : http_(http),
      settings_(settings),
      clock_(std::move(clock)),
      hooks_(std::move(hooks)),
      started_mono_ms_(clock_.mono_ms()),
      pack_etag_(hooks_.pack_etag),
      central_etag_(hooks_.central_settings_etag),
      running_etag_(hooks_.central_settings_etag) {}

ChoresReport HubChores::run(const outbox::OutboxCounts& counts,
                            const std::string& last_upload_error, bool unauthorized) {
    ChoresReport report;
    fetch_settings(report);
    if (!hooks_.pack_id.empty() && hooks_.offer_pack) {
        fetch_pack(report);
    }
    if (hooks_.offer_central_settings) {
        fetch_central_settings(report);
    }
    send_heartbeat(report, counts, last_upload_error, unauthorized);
    return report;
}

void HubChores::fetch_settings(ChoresReport& report) {
    const HttpReply reply =
        http_.get({settings_.hub_url + "/api/v1/kiosk/settings", settings_.token, settings_etag_,
                   settings_.request_timeout_ms});
    if (reply.transport_ok && reply.status == 304) {
        return;
    }
    if (!reply.transport_ok || reply.status != 200) {
        report.error = describe_failure("settings", reply);
        return;
    }
    protocol::Issues issues;
    auto settings = protocol::parse_kiosk_settings(reply.body, issues);
    if (!settings) {
        // Not the hub's settings (a proxy page?): keep the ones in force.
        report.error = "settings: the reply was not the hub's settings";
        return;
    }
    settings_etag_ = reply.etag;
    interval_ms_ = std::max(kMinIntervalMs, settings->heartbeat_interval_ms);
    report.settings = settings;
}

void HubChores::fetch_pack(ChoresReport& report) {
    const HttpReply reply =
        http_.get({settings_.hub_url + "/api/v1/kiosk/pack?id=" + url_encode(hooks_.pack_id),
                   settings_.token, pack_etag_, settings_.request_timeout_ms});
    if (reply.transport_ok && (reply.status == 304 || reply.status == 404)) {
        return;  // unchanged, or the hub does not carry this pack: keep ours
    }
    if (!reply.transport_ok || reply.status != 200) {
        if (report.error.empty()) {
            report.error = describe_failure("survey pack", reply);
        }
        return;
    }
    // Remember the ETag either way: a refused pack is not downloaded again until it changes.
    pack_etag_ = reply.etag;
    pack_refusal_ = hooks_.offer_pack(reply.body, reply.pack_assignment == "assigned").value_or("");
    if (!pack_refusal_.empty()) {
        std::cerr << "feedback-kiosk: refused the survey pack the hub offered: " << pack_refusal_
                  << "\n";
    } else if (hooks_.keep_pack_etag) {
        try {
            hooks_.keep_pack_etag(reply.etag);
        } catch (const std::exception& e) {
            // Only costs a download after the next restart.
            std::cerr << "feedback-kiosk: cannot keep the pack's ETag: " << e.what() << "\n";
        }
    }
}

void HubChores::fetch_central_settings(ChoresReport& report) {
    std::string url = settings_.hub_url + "/api/v1/kiosk/central-settings";
    if (!hooks_.site.empty()) {
        url += "?site=" + url_encode(hooks_.site);
    }
    const HttpReply reply =
        http_.get({url, settings_.token, central_etag_, settings_.request_timeout_ms});
    if (reply.transport_ok && (reply.status == 304 || reply.status == 404)) {
        return;  // unchanged, or a hub from before managed settings
    }
    if (!reply.transport_ok || reply.status != 200) {
        if (report.error.empty()) {
            report.error = describe_failure("managed settings", reply);
        }
        return;
    }
    // Remember the ETag either way: refused settings are not fetched again until they change.
    central_etag_ = reply.etag;
    settings_refusal_ = hooks_.offer_central_settings(reply.body, reply.etag).value_or("");
    if (!settings_refusal_.empty()) {
        std::cerr << "feedback-kiosk: refused the settings the hub sent: " << settings_refusal_
                  << "\n";
    } else {
        running_etag_ = reply.etag;
    }
}

void HubChores::send_heartbeat(ChoresReport& report, const outbox::OutboxCounts& counts,
                               const std::string& last_upload_error, bool unauthorized) {
    protocol::Heartbeat h = hooks_.facts();
    h.kiosk_id = settings_.kiosk_id;
    h.boot_id = settings_.boot_id;
    h.sent_at_ms = clock_.wall_ms();
    h.monotonic_ms = clock_.mono_ms();
    h.uptime_ms = std::max<std::int64_t>(0, h.monotonic_ms - started_mono_ms_);
    h.backlog = counts.pending;
    h.backlog_bytes = counts.pending_bytes;
    h.oldest_unsent_age_ms =
        counts.pending > 0 ? std::max<std::int64_t>(0, h.sent_at_ms - counts.oldest_pending_ms) : 0;
    h.last_error = !pack_refusal_.empty()       ? "survey pack refused: " + pack_refusal_
                   : !settings_refusal_.empty() ? "settings refused: " + settings_refusal_
                                                : last_upload_error;
    h.settings_etag = running_etag_;
    if (h.last_error.size() > 400) {
        h.last_error.resize(400);
    }
    if (unauthorized) {
        h.alarms.emplace_back(protocol::kAlarmUnauthorized);
    }
    if (!pack_refusal_.empty()) {
        h.alarms.emplace_back(protocol::kAlarmPackRefused);
    }
    if (!settings_refusal_.empty()) {
        h.alarms.emplace_back(protocol::kAlarmSettingsRefused);
    }
    const HttpReply reply =
        http_.post_gzip_json({settings_.hub_url + "/api/v1/heartbeat", settings_.token,
                              gzip_compress(protocol::serialize(h)), settings_.request_timeout_ms});
    report.heartbeat_sent = reply.transport_ok && reply.status == 200;
    if (!report.heartbeat_sent && report.error.empty()) {
        report.error = describe_failure("heartbeat", reply);
    }
}

}  // namespace fbk::sync::uploader
