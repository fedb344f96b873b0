#include "tests/support/test_uploader.h"

#include <chrono>

#include "tests/support/sample_responses.h"

namespace fbk::test {

std::int64_t wall_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::int64_t steady_now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

std::unique_ptr<sync::uploader::BackgroundUploader> start_test_uploader(
    const std::filesystem::path& outbox_file, const TestUploader& setup) {
    namespace up = sync::uploader;
    up::BackgroundSettings settings;
    settings.uploader.hub_url = setup.url;
    settings.uploader.token = setup.token;
    settings.uploader.kiosk_id = "k1";
    settings.uploader.boot_id = kSampleBootId;
    settings.uploader.batch_max_responses = setup.batch;
    settings.uploader.request_timeout_ms = setup.timeout_ms;
    settings.retry_initial_ms = setup.retry_initial_ms;
    settings.retry_max_ms = setup.retry_max_ms;
    settings.seed = setup.seed;
    settings.chores = setup.chores;
    return std::make_unique<up::BackgroundUploader>(outbox_file, up::make_curl_client({}),
                                                    std::move(settings),
                                                    up::UploaderClock{wall_now_ms, steady_now_ms});
}

}  // namespace fbk::test
