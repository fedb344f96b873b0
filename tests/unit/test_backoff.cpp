#include <doctest/doctest.h>

#include "sync/uploader/backoff.h"

using fbk::sync::uploader::Backoff;

TEST_CASE("backoff doubles its window up to the cap, with delays drawn inside it") {
    Backoff b(1000, 8000, 42);
    const std::int64_t expected_ceilings[] = {1000, 2000, 4000, 8000, 8000, 8000};
    for (const auto ceiling : expected_ceilings) {
        CHECK(b.ceiling_ms() == ceiling);
        const auto d = b.next_delay_ms();
        CHECK(d >= 0);
        CHECK(d <= ceiling);
    }
    b.reset();
    CHECK(b.ceiling_ms() == 1000);
}

TEST_CASE("full jitter spreads a fleet's retries") {
    Backoff a(1000, 60'000, 1);
    Backoff b(1000, 60'000, 2);
    std::int64_t differing = 0;
    for (int i = 0; i < 8; ++i) {
        differing += a.next_delay_ms() != b.next_delay_ms() ? 1 : 0;
    }
    CHECK(differing >= 6);
}

TEST_CASE("Retry-After is honoured when longer, but never beyond the cap") {
    Backoff b(100, 10'000, 7);
    CHECK(b.next_delay_ms(5'000) == 5'000);
    CHECK(b.next_delay_ms(86'400'000) == 10'000);
}
