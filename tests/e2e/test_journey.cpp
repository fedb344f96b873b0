// The care pathway through the real hub over HTTP (SQLite and PostgreSQL): seeded answers at
// four stages in two months and a year before, /api/v1/journey in pathway order, the weakest
// step marked only when the test says so, targets met / not met / not yet known, and a real
// shift flagged as significant where the same distribution is not. Answers are drawn with fixed
// seeds, so every run sees the same counts.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "sync/hub/store/utc_time.h"
#include "sync/protocol/kiosk_link.h"
#include "sync/protocol/uuid.h"
#include "tests/support/fixtures.h"
#include "tests/support/process.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

using namespace fbk::test;
using nlohmann::json;
namespace protocol = fbk::sync::protocol;
namespace hub = fbk::sync::hub;

namespace {

// A boot that never sends a batch: the hub cannot correct its times, so the kiosk's finish
// times (set by the test) are the ones the statistics use.
constexpr const char* kUnmeasuredBoot = "0f4c3f0e-2222-4d6e-9d2a-000000000002";

struct Seed {
    const char* stage;
    const char* month;  // the first day of the month the answers fall in
    double satisfied;   // the chance of a 4 or 5 face
    int n;
};

std::vector<protocol::Response> draw(const Seed& s, std::uint64_t seed, int& next_id) {
    std::mt19937_64 rng(seed);
    std::bernoulli_distribution happy(s.satisfied);
    const std::int64_t start = *hub::parse_utc_time(s.month) + 86'400'000;
    const bool waiting_room =
        std::string(s.stage) == "ARRIVAL" || std::string(s.stage) == "WAITING";
    std::vector<protocol::Response> out;
    for (int i = 0; i < s.n; ++i) {
        const bool satisfied = happy(rng);
        protocol::UuidRandomBits bits{};
        for (auto& b : bits) {
            b = static_cast<std::uint8_t>(rng());
        }
        protocol::Response r;
        const std::int64_t finished = start + static_cast<std::int64_t>(i) * 3'600'000;
        r.id = protocol::make_uuid_v7(finished, bits);
        r.kiosk_id = "k1";
        r.pack_id = "default-healthcare";
        r.pack_version = 2;
        r.survey_id = waiting_room ? "waiting-room" : "after-care";
        r.stage = s.stage;
        r.language = "fi";
        r.started_at_ms = finished - 40'000;
        r.finished_at_ms = finished;
        r.boot_id = kUnmeasuredBoot;
        r.monotonic_ms = 1'000 + ++next_id;
        r.answers = {{"satisfaction", satisfied ? 4 + static_cast<int>(rng() % 2) : 2},
                     {"recommend", satisfied ? 9 : 5}};
        if (!satisfied) {
            static const std::vector<std::vector<std::string>> kReasons = {
                {"waiting_time"}, {"waiting_time", "information"}, {"staff_manner"}};
            r.answers.push_back(
                protocol::Answer::of_choices("what_went_wrong", kReasons[rng() % 3]));
        }
        if (i % 4 == 0) {
            static const char* const kComments[] = {
                "Odotin kaksi tuntia eikä kukaan kertonut mitään.",
                "Ystävällinen hoitaja, kiitos!",
                "Pysäköintipaikkoja ei löytynyt.",
            };
            r.answers.push_back(protocol::Answer::of_text("comment", kComments[rng() % 3]));
        }
        out.push_back(r);
    }
    return out;
}

void seed_hub(Hub& hub, const std::string& kiosk, const std::vector<Seed>& seeds) {
    int next_id = 0;
    std::uint64_t seed = 20'261'101;
    for (const Seed& s : seeds) {
        std::vector<std::string> bodies;
        for (const auto& r : draw(s, seed++, next_id)) {
            bodies.push_back(protocol::serialize(r));
        }
        const auto body =
            protocol::make_batch_body({"k1", kSampleBootId, 1'763'000'020'000, 20'000}, bodies);
        REQUIRE(hub.post_batch(body, kiosk).first == 200);
    }
}

const json& stage_in(const json& journey, const std::string& stage) {
    for (const json& s : journey.at("stages")) {
        if (s.at("stage") == stage) {
            return s;
        }
    }
    FAIL("no stage " << stage);
    static const json none;
    return none;
}

const json& figure_in(const json& stage, const std::string& question) {
    for (const json& f : stage.at("figures")) {
        if (f.at("question") == question) {
            return f;
        }
    }
    FAIL("no figure " << question);
    static const json none;
    return none;
}

const json& weakest_of(const json& journey, const std::string& question) {
    for (const json& w : journey.at("weakest")) {
        if (w.at("question") == question) {
            return w;
        }
    }
    FAIL("no weakest step for " << question);
    static const json none;
    return none;
}

std::string verdict_of(const json& figure, std::int64_t target_id) {
    for (const json& t : figure.at("targets")) {
        if (t.at("id") == target_id) {
            return t.at("verdict").get<std::string>();
        }
    }
    return "(not applied)";
}

std::pair<int, json> post_target(const Hub& hub, const std::string& token,
                                 const std::string& body) {
    httplib::Client client("127.0.0.1", hub.port());
    const auto res = client.Post("/api/v1/targets", {{"Authorization", "Bearer " + token}}, body,
                                 "application/json");
    REQUIRE(res);
    return {res->status, json::parse(res->body)};
}

}  // namespace

namespace {

struct TargetIds {
    json met;
    json missed;
    json unknown;
};

// One target met, one missed, one its interval cannot decide yet; bad ones refused.
TargetIds set_targets(const Hub& hub, const std::string& admin, const std::string& viewer) {
    const auto met = post_target(
        hub, admin, R"({"stage": "ARRIVAL", "metric": "csat_top2_percent", "threshold": 60})");
    REQUIRE(met.first == 201);
    const auto missed = post_target(
        hub, admin, R"({"stage": "WAITING", "metric": "csat_top2_percent", "threshold": 90})");
    const auto unknown = post_target(
        hub, admin, R"({"stage": "DISCHARGE", "metric": "csat_top2_percent", "threshold": 85})");
    REQUIRE(missed.first == 201);
    REQUIRE(unknown.first == 201);
    // Bad targets are refused, naming the field.
    const auto bad_metric = post_target(hub, admin, R"({"metric": "happiness", "threshold": 1})");
    CHECK(bad_metric.first == 400);
    CHECK(bad_metric.second.dump().find("metric") != std::string::npos);
    const auto bad_threshold =
        post_target(hub, admin, R"({"metric": "nps_score", "threshold": 150})");
    CHECK(bad_threshold.first == 400);
    CHECK(bad_threshold.second.dump().find("threshold") != std::string::npos);
    CHECK(
        post_target(hub, admin, R"({"stage": "RECEPTION", "metric": "nps_score", "threshold": 1})")
            .first == 400);
    CHECK(post_target(hub, admin, R"({"metric": "nps_score", "threshold": 1, "colour": "red"})")
              .first == 400);
    CHECK(json::parse(hub.get("/api/v1/targets", viewer).second).at("targets").size() == 3);

    return {met.second.at("id"), missed.second.at("id"), unknown.second.at("id")};
}

void check_october(const Hub& hub, const std::string& admin) {
    // October: four stages in pathway order, waiting marked as the weakest step.
    const auto [oct_status, oct_body] =
        hub.get("/api/v1/journey?from=2026-10-01&to=2026-11-01", admin);
    REQUIRE(oct_status == 200);
    const json october = json::parse(oct_body);
    std::vector<std::string> order;
    for (const json& s : october.at("stages")) {
        order.push_back(s.at("stage").get<std::string>());
    }
    CHECK(order == std::vector<std::string>{"ARRIVAL", "WAITING", "EXAMINATION", "DISCHARGE"});
    CHECK(october.at("pathway") ==
          json::array({"ARRIVAL", "WAITING", "CONSULTATION", "EXAMINATION", "TREATMENT",
                       "LABORATORY", "DISCHARGE", "FOLLOW_UP", "OVERALL"}));
    CHECK(weakest_of(october, "satisfaction").at("stage") == "WAITING");
    CHECK(weakest_of(october, "satisfaction").at("significant") == true);
    CHECK(figure_in(stage_in(october, "WAITING"), "satisfaction").at("weakest_step") == true);
}

void check_november(const Hub& hub, const std::string& admin, const TargetIds& targets) {
    // November: waiting is still the lowest or close to it, but not significantly: no mark.
    const auto [nov_status, nov_body] =
        hub.get("/api/v1/journey?from=2026-11-01&to=2026-12-01", admin);
    REQUIRE(nov_status == 200);
    const json november = json::parse(nov_body);
    CAPTURE(november.at("weakest").dump());
    CHECK(weakest_of(november, "satisfaction").at("significant") == false);
    for (const json& s : november.at("stages")) {
        CHECK(figure_in(s, "satisfaction").at("weakest_step") == false);
    }

    // Targets, judged with the interval.
    const json& arrival = figure_in(stage_in(november, "ARRIVAL"), "satisfaction");
    const json& waiting = figure_in(stage_in(november, "WAITING"), "satisfaction");
    const json& discharge = figure_in(stage_in(november, "DISCHARGE"), "satisfaction");
    CAPTURE(discharge.dump());
    CHECK(verdict_of(arrival, targets.met) == "met");
    CHECK(verdict_of(waiting, targets.missed) == "not_met");
    CHECK(verdict_of(discharge, targets.unknown) == "not_yet_known");
    CHECK(verdict_of(waiting, targets.met) == "(not applied)");  // another stage's target

    // Change against October: the real shift is significant, the same distribution is not.
    CAPTURE(waiting.dump());
    CHECK(waiting.at("change").at("previous").at("significant") == true);
    CHECK(waiting.at("change").at("previous").at("difference").get<double>() > 15);
    CHECK(arrival.at("change").at("previous").at("significant") == false);
    // Against November a year before: only arrival has data then.
    CHECK(arrival.at("change").at("last_year").at("n") == 60);
    CHECK(waiting.at("change").at("last_year").is_null());

    // Enough data: 120 answers give about ±7 points, so more are needed for ±5.
    CHECK(arrival.at("n") == 120);
    CHECK(arrival.at("enough_data") == false);
    CHECK(arrival.at("margin95").get<double>() > 5);
    CHECK(arrival.at("answers_for_margin5").get<int>() > 120);
    CHECK(arrival.at("more_answers_needed") == arrival.at("answers_for_margin5").get<int>() - 120);
}

void check_trend_and_viewer(const Hub& hub, const std::string& admin, const std::string& viewer) {
    // The trend by month marks the same change.
    const auto months = json::parse(
        hub.get("/api/v1/stats?by=month&stage=WAITING&from=2026-10-01&to=2026-12-01", admin)
            .second);
    const json& november_group = months.at("groups").at(1);
    CHECK(november_group.at("group") == "2026-11");
    for (const json& q : november_group.at("questions")) {
        if (q.at("question") == "satisfaction") {
            CHECK(q.at("change").at("significant") == true);
            CHECK(q.at("change").at("from_group") == "2026-10");
        }
    }

    // Viewers read the journey under their small-group rules; bad periods are refused.
    const auto [viewer_status, viewer_body] =
        hub.get("/api/v1/journey?from=2026-11-02&to=2026-11-30", viewer);
    CHECK(viewer_status == 200);
    CHECK(json::parse(viewer_body).at("disclosure").at("level") == "viewer");
    CHECK(hub.get("/api/v1/journey?from=2026-12-01&to=2026-11-01", admin).first == 400);
    CHECK(hub.get("/api/v1/journey?from=2020-01-01&to=2026-11-01", admin).first == 400);
    CHECK(hub.get("/api/v1/journey?from=yesterday", admin).first == 400);
}

}  // namespace

TEST_CASE("journey: stages in pathway order, weakest step only when real, targets, changes") {
    TempDir dir("fbk-journey");
    Hub hub(dir.path());
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto admin = hub.create_token("admin", "quality", "admin");
    const auto viewer = hub.create_token("admin", "vera", "viewer");
    // October: waiting clearly hurts. November: waiting got better (a real shift) and is now
    // within noise of examination; arrival has the same distribution in both months.
    // November a year before: arrival only.
    seed_hub(hub, kiosk,
             {{"ARRIVAL", "2026-10-01", 0.80, 120},
              {"WAITING", "2026-10-01", 0.40, 120},
              {"EXAMINATION", "2026-10-01", 0.80, 120},
              {"DISCHARGE", "2026-10-01", 0.85, 120},
              {"DISCHARGE", "2026-11-01", 0.85, 120},
              {"EXAMINATION", "2026-11-01", 0.72, 120},
              {"WAITING", "2026-11-01", 0.70, 120},
              {"ARRIVAL", "2026-11-01", 0.80, 120},
              {"ARRIVAL", "2025-11-01", 0.80, 60}});

    const TargetIds targets = set_targets(hub, admin, viewer);
    check_october(hub, admin);
    check_november(hub, admin, targets);
    check_trend_and_viewer(hub, admin, viewer);
}

namespace {

std::string read_all(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

// The monthly report, from the CLI and from the API, rendered by poppler as a reader would.
TEST_CASE("report: a month of a site as a PDF whose pages pdftoppm renders") {
    TempDir dir("fbk-report");
    Hub hub(dir.path());
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto admin = hub.create_token("admin", "quality", "admin");
    const auto viewer = hub.create_token("admin", "vera", "viewer");
    auto beat = heartbeat_of("k1");
    beat.site = "north";
    REQUIRE(hub.send_heartbeat(beat, kiosk) == 200);
    seed_hub(hub, kiosk,
             {{"ARRIVAL", "2026-10-01", 0.80, 60},
              {"WAITING", "2026-10-01", 0.40, 60},
              {"DISCHARGE", "2026-11-01", 0.85, 60},
              {"EXAMINATION", "2026-11-01", 0.72, 60},
              {"WAITING", "2026-11-01", 0.70, 60},
              {"ARRIVAL", "2026-11-01", 0.80, 60}});
    REQUIRE(post_target(hub, admin,
                        R"({"stage": "ARRIVAL", "metric": "csat_top2_percent", "threshold": 50})")
                .first == 201);

    const auto pdf = dir / "report.pdf";
    const auto [status, out] = run_command(
        hub.cli({"report", "--period", "2026-11", "--site", "north", "--out", pdf.string()}),
        dir / "report.log");
    REQUIRE_MESSAGE(status == 0, read_all(dir / "report.log"));
    CHECK(read_all(pdf).starts_with("%PDF-"));

    // poppler reads it: its pages, its text in pathway order, and a picture of every page.
    const auto [info_status, info] =
        run_command({"/usr/bin/pdfinfo", pdf.string()}, dir / "pdfinfo.log");
    REQUIRE(info_status == 0);
    const auto pages_at = info.find("Pages:");
    REQUIRE(pages_at != std::string::npos);
    const int pages = std::stoi(info.substr(pages_at + 6));
    CHECK(pages >= 2);
    const auto [text_status, text] =
        run_command({"/usr/bin/pdftotext", "-layout", pdf.string(), "-"}, dir / "pdftotext.log");
    REQUIRE(text_status == 0);
    CHECK(text.find("Patient feedback: site north") != std::string::npos);
    CHECK(text.find("November 2026") != std::string::npos);
    const auto arrival = text.find("Arrival");
    const auto waiting = text.find("Waiting", arrival);
    const auto examination = text.find("Examination", waiting);
    const auto discharge = text.find("Discharge", examination);
    CHECK(arrival < waiting);
    CHECK(waiting < examination);
    CHECK(examination < discharge);
    CHECK(discharge != std::string::npos);
    CHECK(text.find("target \u2265 50%: met") != std::string::npos);
    CHECK(text.find("What went wrong") != std::string::npos);
    CHECK(text.find("Comment themes") != std::string::npos);
    const char* shots = std::getenv("FBK_SCREENSHOT_DIR");
    const auto images = shots != nullptr ? std::filesystem::path(shots) : dir.path();
    const auto [png_status, png_out] = run_command(
        {"/usr/bin/pdftoppm", "-r", "60", "-png", pdf.string(), (images / "report-page").string()},
        dir / "pdftoppm.log");
    REQUIRE(png_status == 0);
    for (int page = 1; page <= pages; ++page) {
        const auto png = images / ("report-page-" + std::to_string(page) + ".png");
        CAPTURE(png);
        REQUIRE(std::filesystem::exists(png));
        CHECK(std::filesystem::file_size(png) > 10'000);  // a page with text and charts on it
    }

    // The dashboard's download: the same report through the API, for a viewer too.
    httplib::Client client("127.0.0.1", hub.port());
    const auto res = client.Get("/api/v1/report?period=2026-11&site=north",
                                {{"Authorization", "Bearer " + viewer}});
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/pdf");
    CHECK(res->body.starts_with("%PDF-"));
    CHECK(res->get_header_value("Content-Disposition").find("feedback-report-2026-11-north.pdf") !=
          std::string::npos);
    CHECK(hub.get("/api/v1/report?period=November", admin).first == 400);
    CHECK(hub.get("/api/v1/report", admin).first == 400);
}
