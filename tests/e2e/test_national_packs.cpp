// The national instrument packs shipped in assets/packs (NHS Friends and Family Test, a
// THL-style Finnish set, an NPE-style Swedish set): check-pack accepts each, and the FFT's
// official figure, % positive with "Don't know" left out, comes from the hub as a hand
// computation says it must.
#include <doctest/doctest.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "sync/protocol/uuid.h"
#include "tests/support/chromium.h"
#include "tests/support/fixtures.h"
#include "tests/support/process.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

using namespace fbk::test;
using namespace std::chrono_literals;
namespace protocol = fbk::sync::protocol;

TEST_CASE("national packs: NHS FFT, THL-style and NPE-style pass check-pack") {
    TempDir dir("fbk-national");
    for (const char* name : {"nhs-fft", "thl-national", "se-npe"}) {
        CAPTURE(name);
        const auto file = source_dir() / "assets/packs" / (std::string(name) + ".json");
        const auto [status, out] =
            run_command({kiosk_exe(), "check-pack", file.string()}, dir / "check.log");
        CHECK(status == 0);
        CHECK(out.find(std::string("ok: pack ") + name + " version 1") != std::string::npos);
    }
}

TEST_CASE("national packs: FFT % positive is Very good + Good over all answers but Don't know") {
    TempDir dir("fbk-national");
    Hub hub(dir.path());
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto admin = hub.create_token("admin", "quality");
    // 30 Very good (5), 12 Good (4), 5 Neither (3), 2 Poor (2), 1 Very poor (1), 4 Don't know.
    std::vector<protocol::Response> answers;
    const std::pair<int, int> counts[] = {{5, 30}, {4, 12}, {3, 5}, {2, 2}, {1, 1}, {0, 4}};
    for (const auto& [value, count] : counts) {
        for (int i = 0; i < count; ++i) {
            auto r = sample_response(static_cast<int>(answers.size()));
            r.pack_id = "nhs-fft";
            r.pack_version = 1;
            r.survey_id = "fft";
            r.stage = "DISCHARGE";
            r.language = "en";
            r.answers = {value == 0 ? protocol::Answer::cannot_say("fft_experience")
                                    : protocol::Answer("fft_experience", value)};
            answers.push_back(std::move(r));
        }
    }
    REQUIRE(hub.post_batch(sample_batch_body(answers), kiosk).first == 200);
    const auto [status, body] = hub.get("/api/v1/stats?by=survey&survey=fft", admin);
    REQUIRE(status == 200);
    const auto stats = nlohmann::json::parse(body);
    REQUIRE(stats.at("groups").size() == 1);
    nlohmann::json fft;
    for (const auto& q : stats.at("groups")[0].at("questions")) {
        if (q.at("question") == "fft_experience") {
            fft = q;
        }
    }
    REQUIRE_MESSAGE(fft.is_object(), body);
    // By hand: 42 positive of 50 who gave a rating (the 4 "Don't know" are left out) = 84.0%.
    // Wilson 95%: centre (0.84 + z²/100) / (1 + z²/50) = 0.815743, half-width
    // z·sqrt(0.84·0.16/50 + z²/10000) / (1 + z²/50) = 0.100884, with z = 1.959964:
    // 71.49% to 91.66%.
    CHECK(fft.at("n") == 50);
    const auto& positive = fft.at("csat").at("top2");
    CHECK(positive.at("count") == 42);
    CHECK(positive.at("percent").get<double>() == doctest::Approx(84.0).epsilon(1e-9));
    CHECK(positive.at("ci95")[0].get<double>() == doctest::Approx(71.49).epsilon(0.0005));
    CHECK(positive.at("ci95")[1].get<double>() == doctest::Approx(91.66).epsilon(0.0005));
    // The same as the FFT's dimension, the national measure the dashboard shows.
    REQUIRE(stats.at("dimensions").size() == 1);
    const auto& dimension = stats.at("dimensions")[0];
    CHECK(dimension.at("dimension") == "Friends and Family Test");
    CHECK(dimension.at("answers") == 50);
    CHECK(dimension.at("positive").at("count") == 42);
    for (int end = 0; end < 2; ++end) {
        CHECK(dimension.at("positive").at("ci95")[end].get<double>() ==
              doctest::Approx(positive.at("ci95")[end].get<double>()).epsilon(1e-6));
    }
}

TEST_CASE("national packs: the dashboard shows the FFT's % positive, in Chromium") {
    TempDir dir("fbk-national");
    Hub hub(dir.path());
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto admin = hub.create_token("admin", "quality");
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    std::vector<protocol::Response> answers;
    for (int i = 0; i < 20; ++i) {  // values 1..5 four times each: 8 of 20 positive
        auto r = sample_response(i);
        r.pack_id = "nhs-fft";
        r.pack_version = 1;
        r.survey_id = "fft";
        r.stage = "DISCHARGE";
        r.language = "en";
        r.finished_at_ms = now - 3'600'000 - i * 60'000;
        r.started_at_ms = r.finished_at_ms - 30'000;
        protocol::UuidRandomBits bits{};
        bits[0] = static_cast<std::uint8_t>(i);
        r.id = protocol::make_uuid_v7(r.started_at_ms, bits);
        r.answers = {protocol::Answer("fft_experience", 1 + i % 5)};
        answers.push_back(std::move(r));
    }
    REQUIRE(hub.post_batch(sample_batch_body(answers), kiosk).first == 200);
    HeadlessChromium browser(dir / "profile", dir / "chromium.log", 1280, 800);
    browser.navigate(hub.url() + "/dashboard/");
    REQUIRE(browser.wait_until("document.body.dataset.state === 'login'", 10s));
    browser.evaluate("document.getElementById('token').value = '" + admin +
                     "'; document.getElementById('sign-in').click()");
    REQUIRE(browser.wait_until("document.body.dataset.state === 'ready'", 20s));
    const std::string row =
        "document.querySelector('#dimension-table tr[data-dimension=\"Friends and Family "
        "Test\"]')";
    REQUIRE(browser.evaluate(row + " !== null") == true);
    CHECK(browser.evaluate(row + ".querySelector('.value').textContent") == "40.0%");
    CHECK(browser.evaluate(row + ".querySelector('.n').textContent") == "n 20, 20 answers");
}
