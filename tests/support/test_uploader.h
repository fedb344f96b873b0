// The kiosk's real BackgroundUploader (libcurl, its own thread) on a seeded outbox, with the
// quick retries fault tests need, for sample responses of kiosk "k1".
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "sync/uploader/background_uploader.h"

namespace fbk::test {

std::int64_t wall_now_ms();
std::int64_t steady_now_ms();

struct TestUploader {
    TestUploader(std::string url_, std::string token_, std::size_t batch_ = 10,
                 std::int64_t timeout_ms_ = 2'000, std::int64_t retry_initial_ms_ = 20,
                 std::int64_t retry_max_ms_ = 200, std::uint64_t seed_ = 1)
        : url(std::move(url_)),
          token(std::move(token_)),
          batch(batch_),
          timeout_ms(timeout_ms_),
          retry_initial_ms(retry_initial_ms_),
          retry_max_ms(retry_max_ms_),
          seed(seed_) {}

    std::string url;
    std::string token;
    std::size_t batch;
    std::int64_t timeout_ms;
    std::int64_t retry_initial_ms;
    std::int64_t retry_max_ms;
    std::uint64_t seed;
    sync::uploader::ChoresHooks chores;  // none by default
};

std::unique_ptr<sync::uploader::BackgroundUploader> start_test_uploader(
    const std::filesystem::path& outbox_file, const TestUploader& setup);

}  // namespace fbk::test
