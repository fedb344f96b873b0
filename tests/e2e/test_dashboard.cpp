// The dashboard in a real browser: Debian's chromium, driven over the DevTools protocol, signs
// in to a real hub holding eight weeks of answers and a small fleet.
#include <doctest/doctest.h>

#include <chrono>
#include <cstdlib>

#include <httplib.h>

#include "sync/protocol/kiosk_link.h"
#include "sync/protocol/uuid.h"
#include "tests/support/chromium.h"
#include "tests/support/fixtures.h"
#include "tests/support/process.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

using namespace fbk::test;
using namespace std::chrono_literals;
namespace protocol = fbk::sync::protocol;

namespace {

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// `count` answers from one kiosk spread over the last 45 days, on the kiosk's own clock
// (a boot the hub never measured, so the export and the charts use these times).
std::vector<protocol::Response> weeks_of_answers(const std::string& kiosk, const std::string& stage,
                                                 int count, std::uint64_t seed) {
    std::vector<protocol::Response> out;
    const std::int64_t span = 45LL * 86'400'000;  // inside "last 8 weeks" on any weekday
    for (int i = 0; i < count; ++i) {
        auto r = realistic_response(i, seed, kiosk);
        const std::int64_t finished = now_ms() - 3'600'000 - span * i / count;
        r.stage = stage;
        r.started_at_ms = finished - 60'000;
        r.finished_at_ms = finished;
        r.boot_id = "unmeasured-boot-of-" + kiosk;
        protocol::UuidRandomBits bits{};
        bits[0] = static_cast<std::uint8_t>(i);
        bits[1] = static_cast<std::uint8_t>(i >> 8);
        bits[2] = static_cast<std::uint8_t>(seed);
        r.id = protocol::make_uuid_v7(r.started_at_ms, bits);
        out.push_back(std::move(r));
    }
    return out;
}

// Unhappy patients say what went wrong, as the default pack asks them to.
std::vector<protocol::Response> with_reasons(std::vector<protocol::Response> responses) {
    static const std::vector<std::vector<std::string>> kReasons = {
        {"waiting_time"}, {"waiting_time", "information"}, {"staff_manner"}, {"facilities"}};
    int i = 0;
    for (auto& r : responses) {
        const auto& first = r.answers.front();
        if (first.question == "satisfaction" && first.value && *first.value <= 2 && i++ % 5 != 4) {
            r.answers.push_back(protocol::Answer::of_choices("what_went_wrong", kReasons[i % 4]));
        }
    }
    return responses;
}

void upload(const Hub& hub, const std::string& token, const std::vector<protocol::Response>& all,
            const std::string& kiosk) {
    for (std::size_t i = 0; i < all.size(); i += 500) {
        const std::vector part(all.begin() + static_cast<long>(i),
                               all.begin() + static_cast<long>(std::min(all.size(), i + 500)));
        REQUIRE(hub.post_batch(sample_batch_body(part, kiosk), token).first == 200);
    }
}

void heartbeat(const Hub& hub, const std::string& token, const std::string& kiosk,
               const std::string& site, const std::string& stage, bool low_disk) {
    auto beat = heartbeat_of(kiosk);
    beat.sent_at_ms = now_ms();
    beat.monotonic_ms = 90'000;
    beat.backlog = low_disk ? 12 : 0;
    beat.oldest_unsent_age_ms = low_disk ? 240'000 : 0;
    beat.disk_free_bytes = low_disk ? 20'000'000 : 9'000'000'000;
    beat.uptime_ms = 90'000;
    beat.site = site;
    beat.stage = stage;
    if (low_disk) {
        beat.alarms = {std::string(protocol::kAlarmLowSpace)};
    }
    REQUIRE(hub.send_heartbeat(beat, token) == 200);
}

// What went wrong: a bar per option of the pack's question, at the stage that asks it. Comment
// themes per stage, and a theme's comments with the words that gave it marked.
void check_insight_panels(HeadlessChromium& browser) {
    CHECK(browser.evaluate("document.querySelectorAll('#reasons figure.reasons[data-stage=WAITING]"
                           "[data-question=what_went_wrong] g.reason-row').length") == 6);
    CHECK(browser
              .evaluate("document.querySelectorAll('#themes figure.themes[data-stage=WAITING] "
                        "tr[data-theme]').length")
              .get<int>() >= 3);
    browser.evaluate(
        "document.querySelector('#themes figure.themes[data-stage=WAITING] "
        "button.theme-link[data-theme=waiting]').click()");
    REQUIRE(browser.wait_until("document.querySelectorAll('#theme-comments li').length > 0", 10s));
    CHECK(browser.evaluate("[...document.querySelectorAll('#theme-comments li')].every("
                           "(li) => li.querySelector('mark'))") == true);
}

// Three targets the seeded answers meet, miss and cannot decide yet (realistic answers: about
// 40% satisfied, NPS near -45), set through the API as an admin would.
void set_targets(const Hub& hub, const std::string& admin) {
    httplib::Client client("127.0.0.1", hub.port());
    for (const char* body :
         {R"({"stage": "WAITING", "metric": "csat_top2_percent", "threshold": 20})",
          R"({"stage": "WAITING", "metric": "nps_score", "threshold": 30})",
          R"({"stage": "DISCHARGE", "metric": "csat_top2_percent", "threshold": 40})"}) {
        const auto res = client.Post("/api/v1/targets", {{"Authorization", "Bearer " + admin}},
                                     body, "application/json");
        REQUIRE(res);
        REQUIRE(res->status == 201);
    }
}

// The care pathway: stages in pathway order, the targets' verdicts, the margins, and both
// roll-ups labelled.
void check_pathway(HeadlessChromium& browser) {
    CHECK(browser.evaluate("[...document.querySelectorAll('#journey-table tbody tr')]"
                           ".map((tr) => tr.dataset.stage).join(' ')") == "WAITING DISCHARGE");
    const auto verdict = [&](const char* stage, const char* question) {
        return browser
            .evaluate(std::string("document.querySelector('#journey-table tr[data-stage=") + stage +
                      "] td[data-question=" + question + "] li.target').className")
            .get<std::string>();
    };
    CHECK(verdict("WAITING", "satisfaction") == "target verdict-met");
    CHECK(verdict("WAITING", "recommend") == "target verdict-not_met");
    CHECK(verdict("DISCHARGE", "satisfaction") == "target verdict-not_yet_known");
    CHECK(browser
              .evaluate("document.querySelector('#journey-table tr[data-stage=DISCHARGE] "
                        "td[data-question=satisfaction] .precision').textContent")
              .get<std::string>()
              .find("more answers for ±5") != std::string::npos);
    CHECK(
        browser.evaluate("document.querySelectorAll('#rollup-table tbody tr').length").get<int>() >=
        2);
    CHECK(browser.evaluate("document.querySelector('#rollup-table thead').textContent") ==
          "All stages togetherPooledEqual-unit");
    // The monthly report for a site of the fleet, as the download button fetches it.
    CHECK(browser.evaluate("[...document.querySelectorAll('#report-site option')]"
                           ".map((o) => o.value).join(',')") == ",north");
    CHECK(browser.evaluate("fetchReport(document.getElementById('report-month').value, 'north')"
                           ".then((pdf) => pdf.type + ' ' + (pdf.size > 2000))") ==
          "application/pdf true");
}

// The comment inbox: an admin takes the first new comment on for a unit; the hub records it.
void check_inbox(HeadlessChromium& browser, const Hub& hub, const std::string& admin) {
    REQUIRE(browser.wait_until("document.querySelectorAll('#inbox li[data-state=new]').length > 0",
                               10s));
    browser.evaluate(
        "const form = document.querySelector('#inbox li form.handling');"
        "form.querySelector('.handling-state').value = 'in_progress';"
        "form.querySelector('.handling-owner').value = 'Ward 5';"
        "form.querySelector('button').click();");
    REQUIRE(browser.wait_until(
        "document.getElementById('inbox-status').textContent === 'Saved: In progress.'", 10s));
    const auto taken =
        nlohmann::json::parse(hub.get("/api/v1/comments?state=in_progress", admin).second);
    REQUIRE(taken.at("comments").size() == 1);
    CHECK(taken.at("comments")[0].at("handling").at("owner_unit") == "Ward 5");
    CHECK(taken.at("comments")[0].at("handling").at("changed_by") == "quality");
}

// Alert rules: an admin adds one from the form (an e-mail in Finnish for a safety word), sees it
// listed and audited, and deletes it.
void check_alerts(HeadlessChromium& browser, const Hub& hub, const std::string& admin) {
    REQUIRE(browser.wait_until("document.getElementById('alert-rules') !== null", 10s));
    browser.evaluate(
        "const v = (id, value) => { const e = document.getElementById(id); e.value = value;"
        "  e.dispatchEvent(new Event('change')); };"
        "v('alert-kind', 'comment_match'); v('alert-stage', 'WAITING'); v('alert-words', 'kaatu, "
        "fall');"
        "v('alert-channel', 'email'); v('alert-target', 'ward5@hospital.example');"
        "v('alert-language', 'fi'); document.getElementById('alert-add').click();");
    REQUIRE(browser.wait_until(
        "document.querySelector('#alert-rules tr[data-kind=comment_match]') !== null", 10s));
    CHECK(browser.evaluate("document.querySelector('#alert-rules tr[data-kind=comment_match]')"
                           ".textContent.includes('e-mail to ward5@hospital.example (fi)')") ==
          true);
    const auto rules = nlohmann::json::parse(hub.get("/api/v1/alert-rules", admin).second);
    REQUIRE(rules.at("rules").size() == 1);
    CHECK(rules.at("rules")[0].at("words") == nlohmann::json::array({"kaatu", "fall"}));
    browser.evaluate("document.querySelector('#alert-rules button[data-rule]').click()");
    REQUIRE(
        browser.wait_until("document.querySelector('#alert-rules tr[data-kind]') === null", 10s));
    CHECK(hub.get("/api/v1/audit?action=alert_rule.create", admin).second.find("quality") !=
          std::string::npos);
}

// Kiosk settings from the centre: an admin sets a site's idle timeout and a staff PIN from the
// form, sees the hub's refusal of a bad value in the kiosk's own words, and the fleet view shows
// what the site's kiosk gets (the PIN only as "(set)").
void check_settings(HeadlessChromium& browser, const Hub& hub, const std::string& admin) {
    REQUIRE(browser.wait_until("document.getElementById('central-settings') !== null", 10s));
    const auto set = [&](const std::string& key, const std::string& value) {
        browser.evaluate(
            "{ document.getElementById('settings-target').value = 'site:north';"
            "const k = document.getElementById('settings-key'); k.value = '" +
            key +
            "'; k.dispatchEvent(new Event('change'));"
            "document.getElementById('settings-value').value = '" +
            value + "'; document.getElementById('settings-set').click(); }");
    };
    set("timing.idle_timeout", "soon");
    REQUIRE(browser.wait_until(
        "document.getElementById('settings-status').textContent.startsWith('Not changed')", 10s));
    CHECK(browser.evaluate("document.getElementById('settings-status').textContent") ==
          "Not changed: /api/v1/central-settings: settings.timing.idle_timeout: 'soon' is not a "
          "duration such as 30s, 500ms, 5m, 2h or 14d");
    set("timing.idle_timeout", "45s");
    REQUIRE(
        browser.wait_until("document.querySelector('#central-settings "
                           "tr[data-setting=\"timing.idle_timeout\"]') !== null",
                           10s));
    CHECK(browser.evaluate("document.getElementById('settings-value').type") == "text");
    set("kiosk.staff_pin", "1357");
    REQUIRE(
        browser.wait_until("document.querySelector('#central-settings "
                           "tr[data-setting=\"kiosk.staff_pin_hash\"]') !== null",
                           10s));
    CHECK(browser.evaluate("document.querySelector('#central-settings "
                           "tr[data-setting=\"kiosk.staff_pin_hash\"]').textContent"
                           ".includes('(set)')") == true);
    REQUIRE(
        browser.wait_until("document.querySelector('#fleet tr[data-kiosk=\"lobby-1\"]')"
                           ".textContent.includes('timing.idle_timeout = 45s (site:north)')",
                           10s));
    CHECK(browser.evaluate("document.querySelector('#fleet tr[data-kiosk=\"lobby-1\"] "
                           "[data-settings-state]').dataset.settingsState") == "pending");
    CHECK(browser.evaluate("document.body.textContent.includes('1357')") == false);
    const auto stored = nlohmann::json::parse(hub.get("/api/v1/central-settings", admin).second);
    CHECK(stored.at("settings").size() == 2);
}

// Fleet: both kiosks; the one short of disk space is flagged.
void check_fleet(HeadlessChromium& browser) {
    CHECK(browser.evaluate("document.querySelectorAll('#fleet tbody tr').length") == 2);
    CHECK(browser.evaluate("document.querySelector('#fleet tr[data-kiosk=\"ward-2\"]')"
                           ".classList.contains('alert')") == true);
    CHECK(browser.evaluate("document.querySelector('#fleet tr[data-kiosk=\"lobby-1\"]')"
                           ".classList.contains('alert')") == false);
    CHECK(browser.evaluate("document.querySelector('#fleet tr[data-kiosk=\"ward-2\"]')"
                           ".textContent.includes('north')") == true);
}

// Where screenshots go: FBK_SCREENSHOT_DIR when set (the README's pictures), else the test's
// temporary directory.
std::filesystem::path screenshot_dir(const TempDir& dir) {
    const char* wanted = std::getenv("FBK_SCREENSHOT_DIR");
    return wanted != nullptr ? std::filesystem::path(wanted) : dir.path();
}

}  // namespace

TEST_CASE("dashboard: an admin signs in and sees charts, comments and the fleet, in Chromium") {
    TempDir dir("fbk-dashboard");
    Hub hub(dir.path());
    const auto lobby = hub.create_token("kiosk", "lobby-1");
    const auto ward = hub.create_token("kiosk", "ward-2");
    const auto admin = hub.create_token("admin", "quality");
    upload(hub, lobby, with_reasons(weeks_of_answers("lobby-1", "WAITING", 900, 1)), "lobby-1");
    upload(hub, ward, weeks_of_answers("ward-2", "DISCHARGE", 120, 2), "ward-2");
    heartbeat(hub, lobby, "lobby-1", "north", "WAITING", false);
    heartbeat(hub, ward, "ward-2", "north", "DISCHARGE", true);
    set_targets(hub, admin);

    HeadlessChromium browser(dir / "profile", dir / "chromium.log", 1280, 800);
    browser.navigate(hub.url() + "/dashboard/");
    REQUIRE(browser.wait_until("document.body.dataset.state === 'login'", 10s));
    // A wrong token is refused with a message, and nothing else is shown.
    browser.evaluate(
        "document.getElementById('token').value = 'fbk_admin_wrong';"
        "document.getElementById('sign-in').click()");
    REQUIRE(
        browser.wait_until("document.getElementById('login-error').textContent.length > 0 && "
                           "document.body.dataset.state === 'login'",
                           10s));
    CHECK(browser.evaluate("document.getElementById('login-error').textContent")
              .get<std::string>()
              .find("did not accept") != std::string::npos);

    browser.evaluate("document.getElementById('token').value = '" + admin +
                     "'; document.getElementById('sign-in').click()");
    REQUIRE_MESSAGE(browser.wait_until("document.body.dataset.state === 'ready'", 20s),
                    browser.evaluate("document.body.dataset.state + ' ' + "
                                     "(document.getElementById('load-error') || {}).textContent"));
    // The token never appears in the address bar.
    CHECK(browser.evaluate("location.href").get<std::string>().find(admin) == std::string::npos);

    // Summary: both stages with their counts.
    CHECK(browser.evaluate("document.querySelectorAll('#stage-summary tbody tr').length") == 2);
    CHECK(browser.evaluate("document.querySelector('#stage-summary tr[data-stage=WAITING]')"
                           ".textContent.includes('900')") == true);
    // Trend charts: one per stage, with plotted points.
    CHECK(browser.evaluate("document.querySelectorAll('#trends figure.trend svg').length") == 2);
    CHECK(browser
              .evaluate("document.querySelectorAll('#trends figure.trend[data-stage=WAITING] "
                        "circle.dot').length")
              .get<int>() >= 7);
    // Comments from patients, shown as text.
    CHECK(browser.evaluate("document.querySelectorAll('#comments li').length").get<int>() > 0);
    check_insight_panels(browser);
    check_pathway(browser);
    check_inbox(browser, hub, admin);
    check_alerts(browser, hub, admin);
    check_settings(browser, hub, admin);
    check_fleet(browser);

    const auto shots = screenshot_dir(dir);
    std::filesystem::create_directories(shots);
    browser.screenshot(shots / "dashboard.png");
    CHECK(std::filesystem::file_size(shots / "dashboard.png") > 20'000);
    MESSAGE("dashboard screenshot: " << (shots / "dashboard.png").string());

    // The strict Content-Security-Policy let everything run: no violations, no errors. The
    // refused sign-in above logged its 401s (they may arrive late), the refused setting its
    // one 400; nothing else may appear.
    std::string problems;
    int refusals = 0;
    for (const auto& p : browser.problems()) {
        if (p.find("status of 400") != std::string::npos && refusals++ == 0) {
            continue;
        }
        if (p.find("status of 401") == std::string::npos) {
            problems += p + "\n";
        }
    }
    CHECK_MESSAGE(problems.empty(), problems);
}

TEST_CASE("dashboard: a viewer sees aggregates but no comments") {
    TempDir dir("fbk-dashboard");
    // Viewers see answers only once the week the hub received them in has ended (README
    // "Small groups"): these arrive at a hub whose clock is two weeks behind.
    {
        Hub past(dir.path(), 0, {}, {}, clock_behind("-14d"));
        const auto lobby = past.create_token("kiosk", "lobby-1");
        upload(past, lobby, weeks_of_answers("lobby-1", "WAITING", 200, 3), "lobby-1");
    }
    Hub hub(dir.path());
    const auto viewer = hub.create_token("admin", "board", "viewer");
    HeadlessChromium browser(dir / "profile", dir / "chromium.log", 1280, 800);
    browser.navigate(hub.url() + "/dashboard/");
    REQUIRE(browser.wait_until("document.body.dataset.state === 'login'", 10s));
    browser.evaluate("document.getElementById('token').value = '" + viewer +
                     "'; document.getElementById('sign-in').click()");
    REQUIRE(browser.wait_until("document.body.dataset.state === 'ready'", 20s));
    CHECK(browser.evaluate("document.querySelectorAll('#comments li').length") == 0);
    REQUIRE(browser.wait_until("document.getElementById('inbox-note') !== null", 10s));
    REQUIRE(browser.wait_until("document.getElementById('alerts-note') !== null", 10s));
    CHECK(browser.evaluate("document.getElementById('alert-form').hidden") == true);
    CHECK(browser.evaluate("document.getElementById('settings-form').hidden") == true);
    CHECK(browser.evaluate("document.getElementById('settings-note').textContent") ==
          "Admins manage kiosk settings.");
    CHECK(browser.evaluate("document.getElementById('inbox-note').textContent")
              .get<std::string>()
              .find("aggregates only") != std::string::npos);
    CHECK(browser.evaluate("document.getElementById('comments-note').textContent")
              .get<std::string>()
              .find("aggregates only") != std::string::npos);
    CHECK(browser.evaluate("document.querySelectorAll('#trends figure.trend svg').length") == 1);
    // The page says what a viewer's figures leave out.
    CHECK(browser.evaluate("document.getElementById('viewer-note').textContent")
              .get<std::string>()
              .find("answers received before") != std::string::npos);
    const auto shots = screenshot_dir(dir);
    browser.screenshot(shots / "dashboard-viewer.png");
    // Sign out: back to the login form, and the token is gone from the session.
    browser.evaluate("document.getElementById('sign-out').click()");
    REQUIRE(browser.wait_until("document.body.dataset.state === 'login'", 10s));
    CHECK(browser.evaluate("sessionStorage.getItem('fbk.token')").is_null());
}
