// What the kiosk does with its hub beside uploading, every heartbeat interval (the hub sets it,
// 5 minutes by default): fetch the hub's settings, the settings administrators manage for this
// kiosk and the newest survey pack with ETag / If-None-Match, hand new ones to the app (which
// validates them before anything replaces what is in use), and report the kiosk's health in a
// heartbeat.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "sync/outbox/outbox.h"
#include "sync/protocol/kiosk_link.h"
#include "sync/uploader/http_client.h"
#include "sync/uploader/uploader.h"

namespace fbk::sync::uploader {

struct ChoresHooks {
    // What only the app knows: versions, disk, alarms. Unset: no chores at all.
    std::function<protocol::Heartbeat()> facts;
    // Follow this pack on the hub; empty: no pack pull.
    std::string pack_id;
    // A pack the hub offers (its JSON text). Returns why it was refused, or nullopt when it was
    // installed or changes nothing. Called on the uploader's thread.
    std::function<std::optional<std::string>(const std::string& pack_json, bool assigned)>
        offer_pack;
    // The ETag of the pack the app already runs, kept from an earlier run ("" if none): the
    // hub answers 304 instead of offering it again after every restart.
    std::string pack_etag;
    // Called with the pack's ETag after an offer that was not refused, to be kept for the
    // next run. Unset: the ETag lives in memory only.
    std::function<void(const std::string& etag)> keep_pack_etag;
    // Settings the hub manages for this kiosk (protocol/central_settings.h), for the site it
    // stands at: the document and its ETag. Returns why they were refused, or nullopt when
    // taken (the app keeps them with the ETag). Unset: no settings pull.
    std::function<std::optional<std::string>(const std::string& body, const std::string& etag)>
        offer_central_settings;
    std::string site;
    // The ETag of the settings the app runs with, kept from an earlier run ("" if none).
    std::string central_settings_etag;
};

struct ChoresReport {
    std::optional<protocol::KioskSettings> settings;  // set when the hub sent new ones
    bool heartbeat_sent = false;
    std::string error;  // the first thing that failed, for logs
};

class HubChores {
  public:
    HubChores(HttpClient& http, const UploaderSettings& settings, UploaderClock clock,
              ChoresHooks hooks);

    bool enabled() const { return static_cast<bool>(hooks_.facts); }
    std::int64_t interval_ms() const { return interval_ms_; }
    // Why the last pack the hub offered was refused; empty if it was not.
    const std::string& pack_refusal() const { return pack_refusal_; }
    // Why the hub's last settings were refused; empty if they were not.
    const std::string& settings_refusal() const { return settings_refusal_; }

    // `status` is the uploader's, for the heartbeat's backlog and last error.
    ChoresReport run(const outbox::OutboxCounts& counts, const std::string& last_upload_error,
                     bool unauthorized);

  private:
    void fetch_settings(ChoresReport& report);
    void fetch_pack(ChoresReport& report);
    void fetch_central_settings(ChoresReport& report);
    void send_heartbeat(ChoresReport& report, const outbox::OutboxCounts& counts,
                        const std::string& last_upload_error, bool unauthorized);

    HttpClient& http_;
    UploaderSettings settings_;
    UploaderClock clock_;
    ChoresHooks hooks_;
    std::int64_t started_mono_ms_;
    std::int64_t interval_ms_ = 300'000;
    std::string settings_etag_;
    std::string pack_etag_;
    std::string pack_refusal_;
    std::string central_etag_;  // what the hub last sent, taken or not
    std::string running_etag_;  // what the app runs with
    std::string settings_refusal_;
};

}  // namespace fbk::sync::uploader
