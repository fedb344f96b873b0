// Runs the Uploader on its own thread beside the UI: woken when a response is committed, backing
// off while the hub is away, purging acknowledged rows once their retention has passed. The UI
// never waits for it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "sync/uploader/backoff.h"
#include "sync/uploader/http_client.h"
#include "sync/uploader/hub_chores.h"
#include "sync/uploader/uploader.h"

namespace fbk::sync::uploader {

struct BackgroundSettings {
    UploaderSettings uploader;
    std::int64_t retry_initial_ms = 2'000;
    std::int64_t retry_max_ms = 300'000;
    std::int64_t retention_ms = 14LL * 86'400'000;
    std::uint64_t seed = 0;  // jitter seed; the app passes a random one
    // True when the disk is short of space: acknowledged rows then go at once, not after their
    // retention. Called on the uploader's thread. Unset: never.
    std::function<bool()> needs_room;
    // Heartbeat, settings and pack pull; without hooks.facts there are none (tools, tests).
    ChoresHooks chores;
};

struct SyncStatus {
    std::int64_t delivered_total = 0;
    std::int64_t last_success_wall_ms = 0;
    int consecutive_failures = 0;
    bool drained = false;          // the last attempt found nothing pending
    std::string last_error;        // empty when the last attempt succeeded
    bool unauthorized = false;     // the hub refused the token: uploads wait for a new one
    std::string pack_refusal;      // why the hub's newest pack was refused; empty if it was not
    std::string settings_refusal;  // why the hub's settings were refused; empty if not
    std::int64_t last_heartbeat_wall_ms = 0;
};

class BackgroundUploader {
  public:
    BackgroundUploader(std::filesystem::path outbox_file, std::unique_ptr<HttpClient> http,
                       BackgroundSettings settings, UploaderClock clock);
    ~BackgroundUploader();  // stops and joins
    BackgroundUploader(const BackgroundUploader&) = delete;
    BackgroundUploader& operator=(const BackgroundUploader&) = delete;

    // Something new is in the outbox. Does not cut a backoff short: a kiosk must not hammer a
    // hub that is down just because patients keep answering.
    void wake();
    SyncStatus status() const;
    // Blocks until an attempt found nothing left to send (all delivered or set aside) or the
    // timeout passed; returns whether it drained. For callers that must know, such as tests.
    bool wait_until_drained(std::chrono::milliseconds timeout);

  private:
    void run(std::stop_token stop);
    enum class Waited { Stopped, Woken, TimedOut };
    // Waits up to `ms` or until stopped (or woken, if `wakeable`).
    Waited wait(std::stop_token& stop, std::int64_t ms, bool wakeable);
    void do_chores(HubChores& chores, outbox::Outbox& outbox, Uploader& uploader);
    void record(const UploadResult& result);
    void purge_acknowledged(outbox::Outbox& outbox);
    // What an upload's outcome means for the next one: how long to wait, and whether a new
    // response may cut the wait short.
    struct NextUpload {
        std::int64_t delay_ms = 0;
        bool wakeable = false;
    };
    NextUpload after_upload(const UploadResult& result, outbox::Outbox& outbox, Backoff& backoff);

    std::filesystem::path outbox_file_;
    std::unique_ptr<HttpClient> http_;
    BackgroundSettings settings_;
    UploaderClock clock_;
    mutable std::mutex mutex_;
    std::condition_variable_any cv_;
    std::condition_variable drained_cv_;
    bool woken_ = false;
    SyncStatus status_;
    std::jthread thread_;  // last: starts after everything above exists
};

}  // namespace fbk::sync::uploader
