// A viewer's statistics against subtraction (sync/hub/viewer_cells.h): every way of taking two
// figures apart that the old rule let through, each checked to give nothing away.
#include <doctest/doctest.h>

#include "sync/hub/store/hub_store.h"
#include "sync/hub/analytics/stats.h"
#include "sync/hub/analytics/viewer_cells.h"
#include "tests/support/paths.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

namespace hub = fbk::sync::hub;
namespace protocol = fbk::sync::protocol;
using nlohmann::json;

namespace {

constexpr std::int64_t kMonday = 1'762'732'800'000;      // 2025-11-10, a Monday
constexpr std::int64_t kWednesday = 1'762'905'600'000;   // 2025-11-12
constexpr std::int64_t kThursday = 1'762'992'000'000;    // 2025-11-13
constexpr std::int64_t kNextMonday = 1'763'337'600'000;  // 2025-11-17
constexpr std::int64_t kLater = 1'767'571'200'000;       // 2026-01-05, weeks after

struct ViewerFixture {
    fbk::test::TempDir dir;
    hub::HubStore store{dir.path()};
    protocol::PackCatalog packs;
    int next = 0;

    ViewerFixture() {
        auto load = protocol::load_survey_pack(fbk::test::source_dir() /
                                               "assets/packs/default-healthcare.json");
        packs.add(*load.pack);
    }

    // One response finished at `finished_ms` on an unmeasured boot (so that is its time),
    // received `received_ms`.
    void add(const std::string& kiosk, int satisfaction, std::int64_t finished_ms,
             const std::string& language = "fi", bool flagged = false,
             std::int64_t received_ms = 0) {
        auto r = fbk::test::sample_response(next++, kiosk);
        r.language = language;
        r.answers = {{"satisfaction", satisfaction}};
        r.finished_at_ms = finished_ms;
        r.started_at_ms = finished_ms - 60'000;
        r.boot_id = "unmeasured";
        if (flagged) {
            r.flags = {"rapid_repeat"};
        }
        store.ingest({{kiosk, "batch-boot", finished_ms, 1}, {r}},
                     received_ms != 0 ? received_ms : finished_ms + 3'600'000);
    }

    json viewer(hub::StatsGroup group, hub::StatsFilter filter = {}, std::int64_t now = kLater) {
        return hub::compute_stats(store, packs, group, filter, hub::Disclosure::Viewer, now);
    }
    json analyst(hub::StatsGroup group, hub::StatsFilter filter = {}) {
        return hub::compute_stats(store, packs, group, filter);
    }

    // Kiosk a: 3 answers of 1; kiosk b: 10 answers of 5, all on the Tuesday of one week.
    void two_kiosks() {
        for (int i = 0; i < 3; ++i) {
            add("a", 1, kMonday + 86'400'000 + i * 60'000);
        }
        for (int i = 0; i < 10; ++i) {
            add("b", 5, kMonday + 86'400'000 + i * 60'000);
        }
    }
};

const json& pooled_satisfaction(const json& stats) {
    for (const auto& q : stats.at("rollups").at("pooled").at("questions")) {
        if (q.at("question") == "satisfaction") {
            return q;
        }
    }
    static const json none = {{"n", 0}};
    return none;
}

const json& group_satisfaction(const json& stats, const std::string& name) {
    for (const auto& g : stats.at("groups")) {
        if (g.at("group") == name) {
            for (const auto& q : g.at("questions")) {
                if (q.at("question") == "satisfaction") {
                    return q;
                }
            }
        }
    }
    static const json none = {{"n", 0}, {"reliability", "suppressed"}};
    return none;
}

}  // namespace

TEST_CASE("weeks by hand: Mondays, the nearest Monday, and a week's month by its Thursday") {
    CHECK(hub::week_start_ms(1'796'256'000'000) == 1'795'996'800'000);      // Thu 2026-12-03
    CHECK(hub::nearest_monday_ms(1'793'491'200'000) == 1'793'577'600'000);  // Sun 11-01 -> 11-02
    CHECK(hub::nearest_monday_ms(1'790'812'800'000) == 1'790'553'600'000);  // Thu 10-01 -> 09-28
    CHECK(hub::nearest_monday_ms(1'790'899'200'000) == 1'791'158'400'000);  // Fri 10-02 -> 10-05
    CHECK(hub::nearest_monday_ms(kMonday) == kMonday);
    hub::CellKey cell;
    cell.finished_week = 1'790'553'600'000 / hub::kDayMs;  // the week of Monday 2026-09-28
    CHECK(hub::group_of_cell(cell, hub::StatsGroup::Month, {}) == "2026-10");
    CHECK(hub::group_of_cell(cell, hub::StatsGroup::Week, {}) == "2026-09-28");
}

TEST_CASE("viewers: the pooled figure minus a visible kiosk no longer gives the small one") {
    ViewerFixture f;
    f.two_kiosks();
    // The old rule, still what analysts get: a is suppressed, but 13 pooled minus b's 10 is a.
    const auto full = f.analyst(hub::StatsGroup::Kiosk);
    CHECK(group_satisfaction(full, "a").at("reliability") == "suppressed");
    CHECK(pooled_satisfaction(full).at("n") == 13);
    // A viewer's pooled figure is b's own: subtracting b leaves nothing.
    const auto seen = f.viewer(hub::StatsGroup::Kiosk);
    CHECK(group_satisfaction(seen, "a").at("n") == 0);
    CHECK(group_satisfaction(seen, "b").at("n") == 10);
    CHECK(pooled_satisfaction(seen) == group_satisfaction(seen, "b"));
    CHECK(seen.at("disclosure").at("answers_left_out") == 3);
    // The response counts are no answers, and stay.
    CHECK(seen.at("groups").size() == 2);
}

TEST_CASE("viewers: overlapping periods are whole weeks, so they cannot differ by a day") {
    ViewerFixture f;
    for (int i = 0; i < 10; ++i) {
        f.add("b", 5, kMonday + 3'600'000 + i * 60'000);  // Monday
    }
    f.add("b", 1, kWednesday + 3'600'000);  // the one answer of Wednesday
    hub::StatsFilter to_wednesday;
    to_wednesday.from_ms = kMonday;
    to_wednesday.to_ms = kWednesday;
    hub::StatsFilter to_thursday = to_wednesday;
    to_thursday.to_ms = kThursday;
    const auto a = f.viewer(hub::StatsGroup::Stage, to_wednesday);
    const auto b = f.viewer(hub::StatsGroup::Stage, to_thursday);
    CHECK(a == b);
    CHECK(a.at("disclosure").at("from") == "2025-11-10");
    CHECK(a.at("disclosure").at("to") == "2025-11-10");  // Wednesday 00:00 is nearer Monday
    hub::StatsFilter whole_week = to_wednesday;
    whole_week.to_ms = kNextMonday;
    CHECK(pooled_satisfaction(f.viewer(hub::StatsGroup::Stage, whole_week)).at("n") == 11);
    // Analysts still get exactly the window they ask for.
    CHECK(pooled_satisfaction(f.analyst(hub::StatsGroup::Stage, to_thursday)).at("n") == 11);
    CHECK(pooled_satisfaction(f.analyst(hub::StatsGroup::Stage, to_wednesday)).at("n") == 10);
}

TEST_CASE("viewers: a filter and its absence, or flagged in and out, differ by whole cells") {
    ViewerFixture f;
    for (int i = 0; i < 10; ++i) {
        f.add("b", 5, kMonday + 86'400'000 + i * 60'000);
    }
    f.add("b", 1, kMonday + 86'400'000, "en");                    // the only English answer
    f.add("b", 2, kMonday + 86'400'000, "fi", /*flagged=*/true);  // the only flagged one
    hub::StatsFilter finnish;
    finnish.language = "fi";
    CHECK(pooled_satisfaction(f.viewer(hub::StatsGroup::Stage)) ==
          pooled_satisfaction(f.viewer(hub::StatsGroup::Stage, finnish)));
    hub::StatsFilter flagged_too;
    flagged_too.include_flagged = true;
    CHECK(pooled_satisfaction(f.viewer(hub::StatsGroup::Stage)) ==
          pooled_satisfaction(f.viewer(hub::StatsGroup::Stage, flagged_too)));
    // The analyst's figures do move by that one answer.
    CHECK(pooled_satisfaction(f.analyst(hub::StatsGroup::Stage)).at("n") == 11);
    CHECK(pooled_satisfaction(f.analyst(hub::StatsGroup::Stage, finnish)).at("n") == 10);
}

TEST_CASE("viewers: answers arriving this week change nothing until the week has ended") {
    ViewerFixture f;
    for (int i = 0; i < 10; ++i) {
        f.add("b", 5, kMonday + 86'400'000 + i * 60'000);
    }
    const std::int64_t now = kNextMonday + 2 * 86'400'000;  // Wednesday of the next week
    const auto before = f.viewer(hub::StatsGroup::Stage, {}, now);
    // One late upload of last week's answer, one new answer: both received this week.
    f.add("b", 1, kMonday + 2 * 86'400'000, "fi", false, now - 3'600'000);
    f.add("b", 1, now - 7'200'000, "fi", false, now - 3'600'000);
    CHECK(f.viewer(hub::StatsGroup::Stage, {}, now) == before);
    // Once that week is over they are published, each in a cell of its own: too small to show.
    const auto after = f.viewer(hub::StatsGroup::Stage, {}, now + 7 * 86'400'000);
    CHECK(pooled_satisfaction(after) == pooled_satisfaction(before));
    CHECK(after.at("disclosure").at("answers_left_out") == 2);
    // Five more of that week arriving with the late one make its cell large enough to count:
    // 10 + 6.
    for (int i = 0; i < 5; ++i) {
        f.add("b", 3, kMonday + 86'400'000, "fi", false, now);
    }
    CHECK(pooled_satisfaction(f.viewer(hub::StatsGroup::Stage, {}, now + 7 * 86'400'000)).at("n") ==
          16);
}
