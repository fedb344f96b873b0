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

BackgroundUploader::Waited BackgroundUploader::wait(std::stop_token& stop, std::int64_t ms,
                                                    bool wakeable) {
    std::unique_lock lock(mutex_);
    const bool woken =
        cv_.wait_for(lock, stop, std::chrono::milliseconds(std::max<std::int64_t>(0, ms)),
                     [&] { return wakeable && woken_; });
    if (wakeable) {
        woken_ = false;
    }
    if (stop.stop_requested()) {
        return Waited::Stopped;
    }
    return woken ? Waited::Woken : Waited::TimedOut;
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
        status_.unauthorized = false;
    } else if (result.status != UploadStatus::NothingPending) {
        status_.unauthorized = result.status == UploadStatus::Unauthorized;
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

void BackgroundUploader::do_chores(HubChores& chores, outbox::Outbox& outbox, Uploader& uploader) {
    SyncStatus now;
    {
        const std::lock_guard lock(mutex_);
        now = status_;
    }
    ChoresReport report;
    try {
        report = chores.run(outbox.counts(), now.last_error, now.unauthorized);
    } catch (const std::exception& e) {
        report.error = e.what();
    }
    if (report.settings) {
        uploader.limit_batches(static_cast<std::size_t>(report.settings->max_batch_responses),
                               static_cast<std::size_t>(report.settings->max_batch_bytes));
    }
    if (!report.error.empty()) {
        std::cerr << "feedback-kiosk: " << report.error << "\n";
    }
    const std::lock_guard lock(mutex_);
    status_.pack_refusal = chores.pack_refusal();
    status_.settings_refusal = chores.settings_refusal();
    if (report.heartbeat_sent) {
        status_.last_heartbeat_wall_ms = clock_.wall_ms();
    }
}

BackgroundUploader::NextUpload BackgroundUploader::after_upload(const UploadResult& result,
                                                                outbox::Outbox& outbox,
                                                                Backoff& backoff) {
    NextUpload next;
    switch (result.status) {
        case UploadStatus::Delivered:
            if (settings_.needs_room && settings_.needs_room()) {
                purge_acknowledged(outbox);
            }
            backoff.reset();
            break;
        case UploadStatus::Split:
        case UploadStatus::Quarantined:
            backoff.reset();
            break;  // more may be pending: go on at once
        case UploadStatus::NothingPending:
            backoff.reset();
            purge_acknowledged(outbox);
            next.delay_ms = kIdlePurgeIntervalMs;
            next.wakeable = true;
            break;
        case UploadStatus::RetryLater:
            std::cerr << "feedback-kiosk: upload failed: " << result.error << "\n";
            next.delay_ms = backoff.next_delay_ms(result.retry_after_ms);
            break;
        case UploadStatus::Unauthorized:
            std::cerr << "feedback-kiosk: upload stopped: " << result.error << "\n";
            next.delay_ms = settings_.retry_max_ms;
            break;
    }
    return next;
}

void BackgroundUploader::run(std::stop_token stop) {
    http_->set_abort_check([&stop] { return stop.stop_requested(); });
    struct ClearAbortCheck {
        HttpClient& http;
        ~ClearAbortCheck() { http.set_abort_check(nullptr); }
    } clear_abort_check{*http_};
    try {
        outbox::Outbox outbox(outbox_file_);  // this thread's own connection
        {
            const std::lock_guard lock(mutex_);
            status_.last_success_wall_ms = outbox.last_delivery_ms();  // "never" only if never
        }
        Uploader uploader(outbox, *http_, settings_.uploader, clock_);
        HubChores chores(*http_, settings_.uploader, clock_, settings_.chores);
        Backoff backoff(settings_.retry_initial_ms, settings_.retry_max_ms, settings_.seed);
        std::int64_t chores_due = clock_.mono_ms();  // at once: the hub learns the kiosk is up
        const auto chores_if_due = [&] {
            if (chores.enabled() && clock_.mono_ms() >= chores_due) {
                do_chores(chores, outbox, uploader);
                chores_due = clock_.mono_ms() + chores.interval_ms();
            }
        };
        while (!stop.stop_requested()) {
            chores_if_due();
            UploadResult result;
            try {
                result = uploader.upload_once();
            } catch (const std::exception& e) {
                // The outbox itself failed (disk): report and retry like a network error.
                result.status = UploadStatus::RetryLater;
                result.error = std::string("outbox: ") + e.what();
            }
            record(result);
            const auto [delay, wakeable] = after_upload(result, outbox, backoff);
            // Sleep until the next upload is due, doing the chores on time on the way.
            const std::int64_t upload_due = clock_.mono_ms() + delay;
            while (clock_.mono_ms() < upload_due) {
                const std::int64_t until =
                    chores.enabled() ? std::min(upload_due, chores_due) : upload_due;
                const Waited waited = wait(stop, until - clock_.mono_ms(), wakeable);
                if (waited == Waited::Stopped) {
                    return;
                }
                if (waited == Waited::Woken) {
                    break;
                }
                chores_if_due();
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "feedback-kiosk: uploader stopped: " << e.what() << "\n";
        const std::lock_guard lock(mutex_);
        status_.last_error = std::string("uploader stopped: ") + e.what();
    }
}

}  // namespace fbk::sync::uploader
