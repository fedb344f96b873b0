#include "sync/uploader/background_uploader.h"

#include <chrono>
#include <iostream>
#include <limits>

#include "sync/uploader/backoff.h"

namespace fbk::sync::uploader {

namespace {
constexpr std::int64_t kIdlePurgeIntervalMs = 3'600'000;
}

BackgroundUploader::BackgroundUploader(std::filesystem::path outbox_file,
                                       std::unique_ptr<HttpClient> http,
                                       BackgroundSettings settings, UploaderClock clock)
    : outbox_file_(std::move(outbox_file)),
      http_(std::move(http)),
      settings_(std::move(settings)),
      clock_(std::move(clock)),
      thread_([this](std::stop_token stop) { run(std::move(stop)); }) {}

BackgroundUploader::~BackgroundUploader() {
    thread_.request_stop();
    cv_.notify_all();
}

void BackgroundUploader::wake() {
    {
        const std::lock_guard lock(mutex_);
        woken_ = true;
        status_.drained = false;
    }
    cv_.notify_all();
}

bool BackgroundUploader::wait_until_drained(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return drained_cv_.wait_for(lock, timeout, [&] { return status_.drained; });
}

SyncStatus BackgroundUploader::status() const {
    const std::lock_guard lock(mutex_);
    return status_;
}

bool BackgroundUploader::wait(std::stop_token& stop, std::int64_t ms, bool wakeable) {
    std::unique_lock lock(mutex_);
    cv_.wait_for(lock, stop, std::chrono::milliseconds(ms), [&] { return wakeable && woken_; });
    woken_ = false;
    return !stop.stop_requested();
}

void BackgroundUploader::record(const UploadResult& result) {
    const std::lock_guard lock(mutex_);
    status_.drained = result.status == UploadStatus::NothingPending && !woken_;
    if (status_.drained) {
        drained_cv_.notify_all();
    }
    if (result.status == UploadStatus::Delivered) {
        status_.delivered_total += static_cast<std::int64_t>(result.acknowledged);
        status_.last_success_wall_ms = clock_.wall_ms();
        status_.consecutive_failures = 0;
        status_.last_error = result.error;
    } else if (result.status != UploadStatus::NothingPending) {
        ++status_.consecutive_failures;
        status_.last_error = result.error;
    }
}

void BackgroundUploader::purge_acknowledged(outbox::Outbox& outbox) {
    const bool short_of_room = settings_.needs_room && settings_.needs_room();
    const std::int64_t cutoff = short_of_room ? std::numeric_limits<std::int64_t>::max()
                                              : clock_.wall_ms() - settings_.retention_ms;
    try {
        const auto purged = outbox.purge_acknowledged_before(cutoff);
        if (short_of_room && purged > 0) {
            std::cerr << "feedback-kiosk: storage is short: deleted " << purged
                      << " acknowledged responses before their retention ended\n";
        }
    } catch (const std::exception& e) {
        std::cerr << "feedback-kiosk: purging acknowledged responses: " << e.what() << "\n";
    }
}

void BackgroundUploader::run(std::stop_token stop) {
    try {
        outbox::Outbox outbox(outbox_file_);  // this thread's own connection
        Uploader uploader(outbox, *http_, settings_.uploader, clock_);
        Backoff backoff(settings_.retry_initial_ms, settings_.retry_max_ms, settings_.seed);
        while (!stop.stop_requested()) {
            UploadResult result;
            try {
                result = uploader.upload_once();
            } catch (const std::exception& e) {
                // The outbox itself failed (disk): report and retry like a network error.
                result.status = UploadStatus::RetryLater;
                result.error = std::string("outbox: ") + e.what();
            }
            record(result);
            switch (result.status) {
                case UploadStatus::Delivered:
                    if (settings_.needs_room && settings_.needs_room()) {
                        purge_acknowledged(outbox);
                    }
                    backoff.reset();
                    continue;
                case UploadStatus::Split:
                case UploadStatus::Quarantined:
                    backoff.reset();
                    continue;  // more may be pending: go on at once
                case UploadStatus::NothingPending: {
                    backoff.reset();
                    purge_acknowledged(outbox);
                    if (!wait(stop, kIdlePurgeIntervalMs, true)) {
                        return;
                    }
                    continue;
                }
                case UploadStatus::RetryLater:
                    std::cerr << "feedback-kiosk: upload failed: " << result.error << "\n";
                    if (!wait(stop, backoff.next_delay_ms(result.retry_after_ms), false)) {
                        return;
                    }
                    continue;
                case UploadStatus::Unauthorized:
                    std::cerr << "feedback-kiosk: upload stopped: " << result.error << "\n";
                    if (!wait(stop, settings_.retry_max_ms, false)) {
                        return;
                    }
                    continue;
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "feedback-kiosk: uploader stopped: " << e.what() << "\n";
        const std::lock_guard lock(mutex_);
        status_.last_error = std::string("uploader stopped: ") + e.what();
    }
}

}  // namespace fbk::sync::uploader
