#include <doctest/doctest.h>

#include "sync/hub/analytics/stats.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/utc_time.h"
#include "tests/support/paths.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

namespace hub = fbk::sync::hub;
namespace protocol = fbk::sync::protocol;

using doctest::Approx;

namespace {

struct StatsFixture {
    fbk::test::TempDir dir;
    hub::HubStore store{dir.path()};
    protocol::PackCatalog packs;
    int next = 0;

    StatsFixture() {
        auto load = protocol::load_survey_pack(fbk::test::source_dir() /
                                               "assets/packs/default-healthcare.json");
        packs.add(*load.pack);
    }

    void add(const std::string& stage, int recommend, int satisfaction, bool flagged = false,
             bool cant_say = false) {
        auto r = fbk::test::sample_response(next++);
        r.stage = stage;
        r.answers = {{"satisfaction", satisfaction}, {"recommend", recommend}};
        if (cant_say) {
            r.answers[1] = protocol::Answer::cannot_say("recommend");
        }
        if (flagged) {
            r.flags = {"rapid_repeat"};
        }
        store.ingest({{"k1", fbk::test::kSampleBootId, 1, 20'000}, {r}}, 1'763'000'020'000);
    }

    static const nlohmann::json& group(const nlohmann::json& stats, const std::string& name) {
        for (const auto& g : stats.at("groups")) {
            if (g.at("group") == name) {
                return g;
            }
        }
        FAIL("no group " << name);
        static const nlohmann::json none;
        return none;
    }

    static const nlohmann::json& question(const nlohmann::json& g, const std::string& id) {
        for (const auto& q : g.at("questions")) {
            if (q.at("question") == id) {
                return q;
            }
        }
        FAIL("no question " << id);
        static const nlohmann::json none;
        return none;
    }
};

}  // namespace

TEST_CASE("stats per stage: NPS and CSAT with intervals, small groups suppressed") {
    StatsFixture f;
    // WAITING: 110 promoters, 60 passives, 30 detractors; 150 happy faces of 200.
    for (int i = 0; i < 200; ++i) {
        const int nps = i < 60 ? 10 : i < 110 ? 9 : i < 150 ? 8 : i < 170 ? 7 : 3;
        f.add("WAITING", nps, i < 150 ? 5 : 2);
    }
    f.add("WAITING", 0, 1, true);         // flagged: left out unless asked for
    f.add("WAITING", 0, 1, false, true);  // "can't say" is not an answer
    for (int i = 0; i < 3; ++i) {
        f.add("DISCHARGE", 10, 5);
    }
    const auto stats = hub::compute_stats(f.store, f.packs, hub::StatsGroup::Stage, {});
    CHECK(stats.at("group_by") == "stage");
    const auto& waiting = StatsFixture::group(stats, "WAITING");
    CHECK(waiting.at("responses") == 202);
    CHECK(waiting.at("flagged") == 1);
    const auto& nps = StatsFixture::question(waiting, "recommend");
    CHECK(nps.at("n") == 200);
    CHECK(nps.at("reliability") == "reliable");
    CHECK(nps.at("nps").at("score").get<double>() == Approx(40.0));
    CHECK(nps.at("nps").at("se").get<double>() == Approx(5.196).epsilon(0.001));
    CHECK(nps.at("nps").at("ci95")[0].get<double>() == Approx(29.8).epsilon(0.002));
    CHECK(nps.at("nps").at("ci95")[1].get<double>() == Approx(50.2).epsilon(0.002));
    const auto& csat = StatsFixture::question(waiting, "satisfaction");
    CHECK(csat.at("n") == 201);  // the "can't say" patient still rated satisfaction
    CHECK(csat.at("csat").at("top2").at("count") == 150);

    const auto& discharge = StatsFixture::group(stats, "DISCHARGE");
    const auto& small = StatsFixture::question(discharge, "recommend");
    CHECK(small.at("n") == 3);
    CHECK(small.at("reliability") == "suppressed");
    CHECK_FALSE(small.contains("nps"));

    hub::StatsFilter with_flagged;
    with_flagged.include_flagged = true;
    const auto all = hub::compute_stats(f.store, f.packs, hub::StatsGroup::Stage, with_flagged);
    CHECK(StatsFixture::question(StatsFixture::group(all, "WAITING"), "recommend").at("n") == 201);

    hub::StatsFilter before;
    before.to_ms = hub::parse_utc_time("2025-01-01");
    CHECK(
        hub::compute_stats(f.store, f.packs, hub::StatsGroup::Stage, before).at("groups").empty());
    hub::StatsFilter one_stage;
    one_stage.stage = "DISCHARGE";
    CHECK(hub::compute_stats(f.store, f.packs, hub::StatsGroup::Language, one_stage)
              .at("groups")
              .size() == 2);  // fi and en
}

TEST_CASE("UTC dates in stats filters are strict") {
    CHECK(hub::parse_utc_time("2026-11-01") == 1'793'491'200'000);
    CHECK(hub::parse_utc_time("2026-11-01T08:30:00Z") == 1'793'521'800'000);
    CHECK_FALSE(hub::parse_utc_time("2026-13-01"));
    CHECK_FALSE(hub::parse_utc_time("2026-11-01T08:30:00"));
    CHECK_FALSE(hub::parse_utc_time("yesterday"));
    CHECK_FALSE(hub::parse_utc_time("2026-11-01x"));
}

TEST_CASE("roll-ups: pooled weighs every answer, equal-unit weighs every stage once") {
    StatsFixture f;
    // WAITING: NPS 40 on 200 answers (as above).
    for (int i = 0; i < 200; ++i) {
        f.add("WAITING", i < 110 ? 10 : i < 170 ? 8 : 3, 4);
    }
    // EXAMINATION: 10 promoters, NPS 100 (indicative, but counted).
    for (int i = 0; i < 10; ++i) {
        f.add("EXAMINATION", 10, 5);
    }
    // DISCHARGE: 3 answers, suppressed: left out of the equal-unit mean.
    for (int i = 0; i < 3; ++i) {
        f.add("DISCHARGE", 0, 1);
    }
    const auto stats = hub::compute_stats(f.store, f.packs, hub::StatsGroup::Stage, {});
    const auto& rollups = stats.at("rollups");
    // Pooled by hand: promoters 110 + 10 = 120, detractors 30 + 3 = 33, n = 213.
    const auto& pooled = StatsFixture::question(rollups.at("pooled"), "recommend");
    CHECK(pooled.at("n") == 213);
    CHECK(pooled.at("nps").at("score").get<double>() == Approx(100.0 * (120 - 33) / 213));
    CHECK(rollups.at("pooled").at("label").get<std::string>().starts_with("pooled"));
    // Equal-unit by hand: (40 + 100) / 2 = 70, DISCHARGE left out.
    const auto& equal = StatsFixture::question(rollups.at("equal_unit"), "recommend");
    CHECK(equal.at("measure") == "nps_score");
    CHECK(equal.at("units") == 2);
    CHECK(equal.at("units_left_out") == 1);
    CHECK(equal.at("score").get<double>() == Approx(70.0));
    // CSAT top-2 per stage: WAITING 100%, EXAMINATION 100%, DISCHARGE suppressed.
    const auto& csat = StatsFixture::question(rollups.at("equal_unit"), "satisfaction");
    CHECK(csat.at("measure") == "csat_top2_percent");
    CHECK(csat.at("score").get<double>() == Approx(100.0));
    const auto& pooled_csat = StatsFixture::question(rollups.at("pooled"), "satisfaction");
    CHECK(pooled_csat.at("csat").at("top2").at("count") == 210);
}

TEST_CASE("a slider's figure: the mean with its interval and the median, per group and rolled up") {
    StatsFixture f;
    auto load =
        protocol::load_survey_pack(fbk::test::source_dir() / "tests/support/packs/slider.json");
    REQUIRE(load.pack);
    f.packs.add(*load.pack);
    // The hand computation of test_metrics.cpp: 10, 20, 30, 40, 100 -> mean 40, 9.01 .. 70.99.
    for (const int pain : {10, 20, 30, 40, 100}) {
        auto r = fbk::test::sample_response(f.next++);
        r.pack_id = "slider-test";
        r.pack_version = 1;
        r.survey_id = "pain";
        r.stage = "WAITING";
        r.answers = {{"pain_now", pain}};
        f.store.ingest({{"k1", fbk::test::kSampleBootId, 1, 20'000}, {r}}, 1'763'000'020'000);
    }
    const auto stats = hub::compute_stats(f.store, f.packs, hub::StatsGroup::Stage, {});
    const auto& q = StatsFixture::question(StatsFixture::group(stats, "WAITING"), "pain_now");
    CHECK(q.at("type") == "slider");
    CHECK(q.at("n") == 5);
    CHECK(q.at("reliability") == "indicative");
    CHECK(q.at("slider").at("mean").at("mean").get<double>() == Approx(40));
    CHECK(q.at("slider").at("mean").at("ci95")[0].get<double>() == Approx(9.010).epsilon(0.0005));
    CHECK(q.at("slider").at("mean").at("ci95")[1].get<double>() == Approx(70.99).epsilon(0.0005));
    CHECK(q.at("slider").at("median").get<double>() == Approx(30));
    const auto& equal = StatsFixture::question(stats.at("rollups").at("equal_unit"), "pain_now");
    CHECK(equal.at("measure") == "slider_mean");
    CHECK(equal.at("units") == 1);
    CHECK(equal.at("score").get<double>() == Approx(40));
}
