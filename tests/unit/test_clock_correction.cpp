// The clock-correction rules (sync/hub/store/clock_correction.h) against hand computations.
#include <doctest/doctest.h>

#include "sync/hub/store/clock_correction.h"

namespace hub = fbk::sync::hub;

namespace {

fbk::sync::protocol::Response response_of(const char* boot, std::int64_t monotonic_ms) {
    fbk::sync::protocol::Response r;
    r.boot_id = boot;
    r.monotonic_ms = monotonic_ms;
    return r;
}

}  // namespace

TEST_CASE("a boot's epoch, the clock offset and the corrected finish, by hand") {
    // Sent at kiosk wall 10:00:00.000 (1 790 000 000 000), monotonic 120 000 ms into the boot,
    // received by the hub at 1 790 000 300 000 (the kiosk's clock is 5 min slow).
    const hub::BatchClock batch{"boot-a", 1'790'000'000'000, 120'000, 1'790'000'300'000};
    CHECK(hub::boot_epoch_estimate(batch.received_ms, batch.monotonic_ms) == 1'790'000'180'000);
    CHECK(hub::clock_offset(batch.sent_at_ms, batch.received_ms) == -300'000);

    // Finished 100 s into the boot: F = E + 100 000 = 1 790 000 280 000.
    const auto same_boot =
        hub::correct_times(response_of("boot-a", 100'000), batch, 1'790'000'180'000);
    CHECK(same_boot.clock_offset_ms == -300'000);
    CHECK(same_boot.corrected_finished_ms == 1'790'000'280'000);
}

TEST_CASE("an older boot keeps no offset; an unmeasured or implausible one no correction") {
    const hub::BatchClock batch{"boot-b", 1'790'000'000'000, 5'000, 1'790'000'000'200};
    // From the previous boot, whose epoch the hub measured earlier: corrected, no offset.
    const auto older = hub::correct_times(response_of("boot-a", 7'000), batch, 1'789'990'000'000);
    CHECK_FALSE(older.clock_offset_ms);
    CHECK(older.corrected_finished_ms == 1'789'990'007'000);
    // Never measured: neither.
    CHECK_FALSE(hub::correct_times(response_of("boot-a", 7'000), batch, std::nullopt)
                    .corrected_finished_ms);
    // Same boot, but finished "after" its own batch was sent: the monotonic time is wrong.
    const auto future = response_of("boot-b", 6'000);
    CHECK_FALSE(hub::monotonic_plausible(future, batch));
    const auto kept = hub::correct_times(future, batch, 1'789'999'995'200);
    CHECK(kept.clock_offset_ms == -200);  // sent - received
    CHECK_FALSE(kept.corrected_finished_ms);
    CHECK(hub::monotonic_plausible(response_of("boot-b", 5'000), batch));  // equal is fine
}
