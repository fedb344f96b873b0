// Insight from every answer, through the real hub over HTTP: comments in the six shipped
// languages get their themes and sentiment when stored, /api/v1/themes counts them with the
// small-group rules, a viewer gets counts and never text, and /api/v1/stats counts the options
// of "what went wrong" over the patients who saw it. Runs on SQLite and on PostgreSQL.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "sync/protocol/kiosk_link.h"
#include "sync/protocol/uuid.h"
#include "tests/support/fixtures.h"
#include "tests/support/process.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

using namespace fbk::test;
using nlohmann::json;
namespace protocol = fbk::sync::protocol;

namespace {

struct Expected {
    const char* language;
    const char* text;
    const char* theme;      // one theme it must have
    const char* sentiment;  // its sentiment
};

// Written for this test, not taken from the accuracy corpus.
constexpr Expected kComments[] = {
    {"fi", "Odotin päivystyspoliklinikalla kolme tuntia eikä kukaan kertonut mitään.", "waiting",
     "negative"},
    {"sv", "Personalen var otrevlig och väntetiden alldeles för lång.", "staff", "negative"},
    {"da", "Sygeplejersken var meget venlig og hjælpsom, tusind tak.", "staff", "positive"},
    {"nl", "De toiletten waren vies en het stonk in de wachtkamer.", "cleanliness", "negative"},
    {"en", "Couldn't find a parking space, the car park is far too expensive.", "parking",
     "negative"},
    {"uk", "Лікар все зрозуміло пояснив, дуже дякую!", "information", "positive"},
};

protocol::Response commented(int n, const Expected& c, const std::string& stage = "WAITING") {
    auto r = sample_response(n);
    r.language = c.language;
    r.stage = stage;
    r.answers.push_back(protocol::Answer::of_text("comment", c.text));
    return r;
}

bool has(const json& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

const json* group_named(const json& doc, const std::string& name) {
    for (const json& g : doc.at("groups")) {
        if (g.at("group") == name) {
            return &g;
        }
    }
    return nullptr;
}

const json& theme_in(const json& group, const std::string& theme) {
    for (const json& t : group.at("themes")) {
        if (t.at("theme") == theme) {
            return t;
        }
    }
    FAIL("no theme " << theme);
    static const json none;
    return none;
}

}  // namespace

TEST_CASE("comments in six languages get themes and sentiment; /themes counts them") {
    TempDir dir("fbk-insight");
    Hub hub(dir.path());
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto analyst = hub.create_token("admin", "anna", "analyst");
    const auto viewer = hub.create_token("admin", "vera", "viewer");
    std::vector<protocol::Response> responses;
    int n = 0;
    for (const Expected& c : kComments) {
        responses.push_back(commented(n++, c));
    }
    REQUIRE(hub.post_batch(sample_batch_body(responses), kiosk).first == 200);

    const auto [status, body] = hub.get("/api/v1/comments?limit=50", analyst);
    REQUIRE(status == 200);
    const auto comments = json::parse(body).at("comments");
    REQUIRE(comments.size() == std::size(kComments));
    for (const Expected& c : kComments) {
        const auto it = std::find_if(comments.begin(), comments.end(),
                                     [&](const json& j) { return j.at("text") == c.text; });
        REQUIRE(it != comments.end());
        CAPTURE(c.text);
        CAPTURE(it->dump());
        CHECK(has(it->at("themes"), c.theme));
        CHECK(it->at("sentiment") == c.sentiment);
        // The words that gave the theme, where the browser finds them in the text.
        bool marked = false;
        for (const json& m : it->at("matches")) {
            marked = marked || m.at("theme") == c.theme;
        }
        CHECK(marked);
    }
    // Filters by theme and sentiment.
    const auto parking = json::parse(hub.get("/api/v1/comments?theme=parking", analyst).second);
    REQUIRE(parking.at("comments").size() == 1);
    CHECK(parking.at("comments")[0].at("language") == "en");
    const auto positive =
        json::parse(hub.get("/api/v1/comments?sentiment=positive", analyst).second);
    CHECK(positive.at("comments").size() == 2);
    CHECK(hub.get("/api/v1/comments?theme=weather", analyst).first == 400);
    CHECK(hub.get("/api/v1/comments?sentiment=angry", analyst).first == 400);

    // Counts per stage: six comments, each theme with its own count and negative share.
    const auto [themes_status, themes_body] = hub.get("/api/v1/themes?by=stage", analyst);
    REQUIRE(themes_status == 200);
    const json themes = json::parse(themes_body);
    const json* waiting = group_named(themes, "WAITING");
    REQUIRE(waiting != nullptr);
    CHECK(waiting->at("comments") == 6);
    CHECK(waiting->at("reliability") == "indicative");
    CHECK(theme_in(*waiting, "parking").at("comments") == 1);
    CHECK(theme_in(*waiting, "parking").at("share").at("percent").get<double>() ==
          doctest::Approx(100.0 / 6));
    CHECK(waiting->at("sentiment").at("positive").at("count") == 2);
    CHECK(waiting->at("sentiment").at("negative").at("count") == 4);

    // A viewer reads counts (of whole past weeks) but never the text.
    CHECK(hub.get("/api/v1/comments", viewer).first == 403);
    const auto [viewer_status, viewer_body] = hub.get("/api/v1/themes?by=stage", viewer);
    REQUIRE(viewer_status == 200);
    CHECK(viewer_body.find("Odotin") == std::string::npos);
    CHECK(json::parse(viewer_body).at("disclosure").at("level") == "viewer");
    CHECK(hub.get("/api/v1/themes?by=day", viewer).first == 403);
}

TEST_CASE("a viewer's theme counts are made of whole cells of 5 or more comments") {
    TempDir dir("fbk-insight");
    {
        // Received two weeks ago: published to viewers.
        Hub past(dir.path(), 0, {}, {}, clock_behind("-14d"));
        const auto kiosk = past.create_token("kiosk", "k1");
        std::vector<protocol::Response> responses;
        int n = 0;
        for (int copy = 0; copy < 5; ++copy) {
            responses.push_back(commented(n++, kComments[0]));  // five Finnish: one whole cell
        }
        for (int copy = 0; copy < 4; ++copy) {
            responses.push_back(commented(n++, kComments[4]));  // four English: too few
        }
        REQUIRE(past.post_batch(sample_batch_body(responses), kiosk).first == 200);
    }
    Hub hub(dir.path());
    const auto viewer = hub.create_token("admin", "vera", "viewer");
    const auto analyst = hub.create_token("admin", "anna", "analyst");
    const json seen_by_viewer = json::parse(hub.get("/api/v1/themes?by=stage", viewer).second);
    const json* waiting = group_named(seen_by_viewer, "WAITING");
    REQUIRE(waiting != nullptr);
    CHECK(waiting->at("comments") == 5);
    CHECK(theme_in(*waiting, "waiting").at("comments") == 5);
    CHECK(theme_in(*waiting, "parking").at("comments") == 0);
    CHECK(seen_by_viewer.at("disclosure").at("comments_left_out") == 4);
    const json seen_by_analyst = json::parse(hub.get("/api/v1/themes?by=stage", analyst).second);
    CHECK(group_named(seen_by_analyst, "WAITING")->at("comments") == 9);
}

TEST_CASE("/stats counts what went wrong over the patients who saw the question") {
    TempDir dir("fbk-insight");
    Hub hub(dir.path());
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto analyst = hub.create_token("admin", "anna", "analyst");
    std::vector<protocol::Response> responses;
    int n = 0;
    const auto add = [&](std::int64_t satisfaction, std::vector<std::string> reasons) {
        auto r = sample_response(n++);
        r.answers = {{"satisfaction", satisfaction}, {"recommend", 7}};
        if (!reasons.empty()) {
            r.answers.push_back(protocol::Answer::of_choices("what_went_wrong", reasons));
        }
        responses.push_back(r);
    };
    for (int i = 0; i < 6; ++i) {
        add(1, {"waiting_time"});
    }
    add(2, {"waiting_time", "information"});
    add(2, {"waiting_time", "information"});
    add(2, {});  // saw it and chose nothing
    add(1, {});
    for (int i = 0; i < 5; ++i) {
        add(5, {});  // satisfied: never asked
    }
    // Left on the question's own screen: saw it.
    auto left = sample_response(n++);
    left.status = protocol::ResponseStatus::Abandoned;
    left.abandoned_at = "question.what_went_wrong";
    left.answers = {{"satisfaction", 1}};
    responses.push_back(left);
    REQUIRE(hub.post_batch(sample_batch_body(responses), kiosk).first == 200);

    const auto [status, body] = hub.get("/api/v1/stats?by=stage", analyst);
    REQUIRE(status == 200);
    const json stats = json::parse(body);
    const json* waiting = group_named(stats, "WAITING");
    REQUIRE(waiting != nullptr);
    const json* reasons = nullptr;
    for (const json& q : waiting->at("questions")) {
        if (q.at("question") == "what_went_wrong") {
            reasons = &q;
        }
    }
    REQUIRE(reasons != nullptr);
    CHECK(reasons->at("type") == "multi_choice");
    CHECK(reasons->at("n") == 11);
    CHECK(reasons->at("answered") == 8);
    const json& waiting_time = reasons->at("options")[0];
    CHECK(waiting_time.at("option") == "waiting_time");
    CHECK(waiting_time.at("count") == 8);
    // Wilson 95% for 8 of 11, by hand: 43.44% to 90.25%.
    CHECK(waiting_time.at("ci95")[0].get<double>() == doctest::Approx(43.435).epsilon(1e-3));
    CHECK(waiting_time.at("ci95")[1].get<double>() == doctest::Approx(90.254).epsilon(1e-3));
}

TEST_CASE("a hospital's own words: checked at start, then stored comments analysed again") {
    TempDir dir("fbk-insight");
    const auto words = dir.path() / "our-words";
    std::filesystem::create_directories(words);
    const auto write_words = [&](const std::string& text) {
        std::ofstream(words / "en.json") << text;
    };
    // A bad entry stops the hub before it serves anything, naming the file, entry and problem.
    write_words(R"({"language": "en", "themes": {"facilities": ["Gift shop"]}})");
    const auto [refused, ignored] =
        run_command({hub_exe(), "serve", "--data-dir", (dir.path() / "bad").string(), "--listen",
                     "127.0.0.1:0", "--lexicons", words.string()},
                    dir.path() / "refused.log");
    CHECK(refused == 1);
    std::ifstream log(dir.path() / "refused.log");
    const std::string refusal((std::istreambuf_iterator<char>(log)), {});
    CHECK(refusal.find("en.json: themes.facilities[0]: 'Gift shop' must be lowercase "
                       "('gift shop')") != std::string::npos);

    write_words(R"({"language": "en", "themes": {"facilities": ["gift shop"]}})");
    const Expected shop{"en", "The gift shop closes far too early.", "", "negative"};
    {
        Hub hub(dir.path());
        const auto kiosk = hub.create_token("kiosk", "k1");
        REQUIRE(hub.post_batch(sample_batch_body({commented(0, shop), commented(1, kComments[4])}),
                               kiosk)
                    .first == 200);
    }
    // The stored comments were analysed with the shipped words only; with the hospital's, again.
    std::vector<std::string> cli = {hub_exe(), "analyse-comments", "--lexicons", words.string()};
    for (const auto& arg : hub_store_args(dir.path())) {
        cli.push_back(arg);
    }
    const auto [status, out] = run_command(cli, dir.path() / "analyse.log");
    REQUIRE(status == 0);
    CHECK(out.find("analysed 2 comments") != std::string::npos);
    Hub hub(dir.path(), 0, {"--lexicons", words.string()});
    const auto analyst = hub.create_token("admin", "anna", "analyst");
    const json comments =
        json::parse(hub.get("/api/v1/comments?theme=facilities", analyst).second).at("comments");
    REQUIRE(comments.size() == 1);
    CHECK(comments[0].at("text") == shop.text);
    // Nothing is stale now: a second run has nothing to do.
    hub.stop();
    const auto [again, again_out] = run_command(cli, dir.path() / "again.log");
    CHECK(again == 0);
    CHECK(again_out.find("analysed 0 comments") != std::string::npos);
}

namespace {

std::pair<int, json> post_state(const Hub& hub, const std::string& token, const json& body) {
    httplib::Client client("127.0.0.1", hub.port());
    const auto res = client.Post("/api/v1/comments/state", {{"Authorization", "Bearer " + token}},
                                 body.dump(), "application/json");
    REQUIRE(res);
    return {res->status, json::parse(res->body)};
}

json comments_in(const Hub& hub, const std::string& token, const std::string& state) {
    const auto [status, body] = hub.get("/api/v1/comments?state=" + state, token);
    REQUIRE(status == 200);
    return json::parse(body).at("comments");
}

double unhandled(const Hub& hub, const std::string& token, const std::string& stage) {
    const std::string text = hub.get("/metrics", token).second;
    const std::string series = "\nfbk_hub_comments_unhandled{stage=\"" + stage + "\"} ";
    const auto at = text.find(series);
    return at == std::string::npos ? 0 : std::stod(text.substr(at + series.size()));
}

}  // namespace

TEST_CASE("comment handling: analysts set states, owner units and notes, audited; viewers cannot") {
    TempDir dir("fbk-comment-states");
    Hub hub(dir.path());
    const auto kiosk = hub.create_token("kiosk", "k1");
    const auto analyst = hub.create_token("admin", "anna", "analyst");
    const auto viewer = hub.create_token("admin", "vera", "viewer");
    const auto admin = hub.create_token("admin", "quality", "admin");
    REQUIRE(
        hub.post_batch(sample_batch_body({commented(0, kComments[0]), commented(1, kComments[1]),
                                          commented(2, kComments[2], "DISCHARGE")}),
                       kiosk)
            .first == 200);
    const json fresh = comments_in(hub, analyst, "new");
    REQUIRE(fresh.size() == 3);
    CHECK(fresh[0].at("handling").at("state") == "new");
    CHECK(fresh[0].at("handling").at("changed_by").is_null());
    CHECK(unhandled(hub, viewer, "WAITING") == 2);
    CHECK(unhandled(hub, viewer, "DISCHARGE") == 1);

    // An analyst takes a waiting-room comment on for ward 5, with a note.
    const json waiting = *std::find_if(fresh.begin(), fresh.end(),
                                       [](const json& c) { return c.at("stage") == "WAITING"; });
    const std::string note = "Soitettu potilaalle takaisin";
    const json change = {{"response_id", waiting.at("response_id")},
                         {"question", "comment"},
                         {"state", "in_progress"},
                         {"owner_unit", "Ward 5"},
                         {"note", note}};
    const auto [status, reply] = post_state(hub, analyst, change);
    REQUIRE(status == 200);
    CHECK(reply.at("state") == "in_progress");
    CHECK(reply.at("changed_by") == "anna");
    const json in_progress = comments_in(hub, analyst, "in_progress");
    REQUIRE(in_progress.size() == 1);
    CHECK(in_progress[0].at("handling").at("owner_unit") == "Ward 5");
    CHECK(in_progress[0].at("handling").at("note") == note);
    CHECK(comments_in(hub, analyst, "new").size() == 2);
    CHECK(unhandled(hub, viewer, "WAITING") == 2);  // in progress is not done yet

    json done = change;
    done["state"] = "done";
    REQUIRE(post_state(hub, admin, done).first == 200);
    CHECK(unhandled(hub, viewer, "WAITING") == 1);

    // Viewers cannot; bad changes are refused naming the field; an unknown comment is a 404.
    CHECK(post_state(hub, viewer, change).first == 403);
    json bad = change;
    bad["state"] = "archived";
    const auto refused = post_state(hub, analyst, bad);
    CHECK(refused.first == 400);
    CHECK(refused.second.dump().find("state") != std::string::npos);
    bad = change;
    bad["note"] = std::string("line\a bell");
    CHECK(post_state(hub, analyst, bad).second.dump().find("note") != std::string::npos);
    bad = change;
    bad["response_id"] = protocol::make_uuid_v7(1'763'000'000'000, {});
    CHECK(post_state(hub, analyst, bad).first == 404);
    CHECK(hub.get("/api/v1/comments?state=archived", analyst).first == 400);

    // Audited by who did it; the note itself never reaches the log.
    const std::string audit = hub.get("/api/v1/audit?action=comment.state", admin).second;
    CHECK(audit.find("\"anna\"") != std::string::npos);
    CHECK(audit.find(waiting.at("response_id").get<std::string>() +
                     "/comment: in_progress, owner unit Ward 5, with a note") != std::string::npos);
    CHECK(audit.find(note) == std::string::npos);
}
