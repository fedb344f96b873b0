#include "kiosk/cli/sync_command.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>
#include <thread>

#include "kiosk/app/hub_connection.h"
#include "platform/clock.h"
#include "platform/random.h"
#include "sync/outbox/outbox.h"
#include "sync/uploader/backoff.h"
#include "sync/uploader/uploader.h"

namespace fbk::kiosk::cli {

namespace up = fbk::sync::uploader;

namespace {

constexpr int kMaxConsecutiveFailures = 4;
constexpr std::int64_t kMaxWaitMs = 30'000;  // someone is watching: do not sit in a long backoff

class Progress {
  public:
    explicit Progress(std::int64_t total) : total_(total), start_(platform::monotonic_now_ms()) {}

    void update(std::int64_t sent, std::int64_t bytes, bool final) {
        const std::int64_t now = platform::monotonic_now_ms();
        if (!final && !tty_ && now - last_print_ < 1000) {
            return;  // a log gets a line a second, a terminal a live bar
        }
        last_print_ = now;
        const double seconds = std::max<double>(1e-3, static_cast<double>(now - start_) / 1000.0);
        const int width = 30;
        const int filled = total_ > 0 ? static_cast<int>(width * sent / total_) : width;
        std::string bar(static_cast<std::size_t>(std::clamp(filled, 0, width)), '#');
        bar.resize(width, '-');
        std::fprintf(stderr, "%s[%s] %lld/%lld responses  %.1f KiB sent  %.0f responses/s%s",
                     tty_ ? "\r" : "", bar.c_str(), static_cast<long long>(sent),
                     static_cast<long long>(total_), static_cast<double>(bytes) / 1024.0,
                     static_cast<double>(sent) / seconds, tty_ && !final ? "" : "\n");
        std::fflush(stderr);
    }

  private:
    std::int64_t total_;
    std::int64_t start_;
    std::int64_t last_print_ = 0;
    bool tty_ = isatty(STDERR_FILENO) == 1;
};

}  // namespace

int sync_once(const core::KioskConfig& config) {
    try {
        std::filesystem::create_directories(config.data_dir);
        sync::outbox::Outbox outbox(config.data_dir / "outbox.sqlite3");
        const auto before = outbox.counts();
        if (before.pending == 0) {
            std::cerr << "feedback-kiosk: nothing to send"
                      << (before.quarantined > 0 ? " (" + std::to_string(before.quarantined) +
                                                       " quarantined responses need attention)"
                                                 : std::string())
                      << "\n";
            return 0;
        }
        auto http = up::make_curl_client(app::hub_connection(config));
        up::UploaderSettings settings{config.hub_url,
                                      config.token,
                                      config.kiosk_id,
                                      platform::read_boot_id(),
                                      static_cast<std::size_t>(config.batch_max_responses),
                                      1024 * 1024,
                                      config.request_timeout_ms};
        up::Uploader uploader(outbox, *http, settings,
                              {platform::wall_now_ms, platform::monotonic_now_ms});
        up::Backoff backoff(config.retry_initial_ms, std::min(config.retry_max_ms, kMaxWaitMs),
                            platform::random_u64());
        Progress progress(before.pending);
        std::int64_t sent = 0;
        std::int64_t bytes = 0;
        while (true) {
            const auto result = uploader.upload_once();
            bytes += static_cast<std::int64_t>(result.bytes_on_wire);
            switch (result.status) {
                case up::UploadStatus::NothingPending: {
                    progress.update(sent, bytes, true);
                    const auto after = outbox.counts();
                    if (after.quarantined > before.quarantined) {
                        std::cerr << "feedback-kiosk: " << after.quarantined - before.quarantined
                                  << " responses were refused by the hub and kept in quarantine\n";
                    }
                    return 0;
                }
                case up::UploadStatus::Delivered:
                    sent += static_cast<std::int64_t>(result.acknowledged);
                    backoff.reset();
                    progress.update(sent, bytes, false);
                    break;
                case up::UploadStatus::Split:
                case up::UploadStatus::Quarantined:
                    std::cerr << "\nfeedback-kiosk: " << result.error << "\n";
                    break;
                case up::UploadStatus::Unauthorized:
                    progress.update(sent, bytes, true);
                    std::cerr << "feedback-kiosk: " << result.error << "\n";
                    return 1;
                case up::UploadStatus::RetryLater: {
                    if (backoff.failures() + 1 >= kMaxConsecutiveFailures) {
                        progress.update(sent, bytes, true);
                        std::cerr << "feedback-kiosk: giving up for now: " << result.error << " ("
                                  << outbox.counts().pending << " responses still waiting)\n";
                        return 1;
                    }
                    const auto delay = backoff.next_delay_ms(result.retry_after_ms);
                    std::cerr << "\nfeedback-kiosk: " << result.error << "; retrying in " << delay
                              << " ms\n";
                    std::this_thread::sleep_for(std::chrono::milliseconds(delay));
                    break;
                }
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "feedback-kiosk: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace fbk::kiosk::cli
