// The patient's kiosk end to end: the real binary, headless, driven by real SDL touch events from
// a replay script; the test then reads what the kiosk committed to its outbox.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "sync/outbox/outbox.h"
#include "tests/support/fixtures.h"

using namespace fbk::test;
using nlohmann::json;

namespace {

std::string taps(std::initializer_list<const char*> keys) {
    std::string out;
    for (const char* k : keys) {
        out += std::string("tap key.") + k + "\n";
    }
    return out;
}

std::vector<json> committed(const std::filesystem::path& outbox_file) {
    fbk::sync::outbox::Outbox box(outbox_file);
    std::vector<json> out;
    for (const auto& row : box.next_batch(100, 1 << 24)) {
        out.push_back(json::parse(row.body));
    }
    return out;
}

json answer(const json& response, const std::string& question) {
    for (const auto& a : response.at("answers")) {
        if (a.at("question") == question) {
            return a;
        }
    }
    return nullptr;
}

}  // namespace

TEST_CASE("every question type, the keyboard, idle reset, staff mode and a stage switch") {
    TempDir dir;
    auto setup = kiosk_setup("http://127.0.0.1:1", "unused-token");
    setup.stage = "DISCHARGE";
    setup.languages = "fi, sv, da, nl, en, uk";
    setup.staff_pin = "2468";
    const auto config = write_kiosk_config(dir.path(), setup);
    std::string script =
        // 1: Danish, every question type, a follow-up, "can't say" and æ ø å typed.
        "wait-screen language\ntap lang.da\ntap q.smiley.1\n"
        "wait-screen question.what_went_wrong\ntap q.what_went_wrong.staff_manner\n"
        "tap q.what_went_wrong.information\ntap nav.continue\n"
        "tap q.effort.6\ntap q.informed.cant_say\ntap q.booking.online\ntap q.nps.8\n"
        "wait-screen question.comment\n" +
        taps({"shift", "T", "a", "k", "space", "æ", "ø", "å", "x", "backspace"}) +
        "tap nav.continue\nwait-screen thanks\nadvance 7s\n"
        // 2: Ukrainian, Cyrillic typed.
        "wait-screen language\ntap lang.uk\ntap q.smiley.4\ntap q.effort.7\ntap q.informed.yes\n"
        "tap q.booking.phone\ntap q.nps.10\nwait-screen question.comment\n" +
        taps({"д", "я", "к", "у", "ю"}) +
        "tap nav.continue\nwait-screen thanks\nadvance 7s\n"
        // 3: walks away after one answer: "Still there?", then a reset.
        "wait-screen language\ntap lang.fi\ntap q.smiley.5\nwait-screen question.effort\n"
        "advance 31s\nwait-screen still-there\nadvance 21s\nwait-screen language\n"
        // Staff: long press, a wrong PIN, the right one, switch the stage to WAITING.
        "hold staff.corner 3s\nwait-screen staff-pin\n"
        "tap pin.1\ntap pin.1\ntap pin.1\ntap pin.1\ntap pin.ok\n"
        "tap pin.2\ntap pin.4\ntap pin.6\ntap pin.8\ntap pin.ok\nwait-screen staff\n"
        "tap staff.stage.WAITING\ntap staff.close\nwait-screen language\n"
        // 4: Swedish, now on the waiting-room survey chosen by staff.
        "tap lang.sv\nwait-screen question.satisfaction\ntap q.smiley.3\ntap q.nps.7\n"
        "wait-screen question.comment\ntap nav.continue\nwait-screen thanks\nprint done\n";
    write_file(dir / "patients.replay", script);
    const auto [status, out] = run_kiosk_replay(config, dir / "patients.replay");
    INFO(read_file(dir / "kiosk.log"));
    REQUIRE(status == 0);
    CHECK(out.find("done") != std::string::npos);

    const auto responses = committed(dir / "kiosk-data/outbox.sqlite3");
    REQUIRE(responses.size() == 4);
    const json& da = responses[0];
    CHECK(da.at("language") == "da");
    CHECK(da.at("stage") == "DISCHARGE");
    CHECK(da.at("survey_id") == "after-care");
    CHECK(da.at("status") == "completed");
    CHECK(answer(da, "satisfaction").at("value") == 1);
    CHECK(answer(da, "what_went_wrong").at("choices") ==
          json::array({"information", "staff_manner"}));
    CHECK(answer(da, "effort").at("value") == 6);
    CHECK(answer(da, "informed").at("cant_say") == true);
    CHECK(answer(da, "booking").at("choices") == json::array({"online"}));
    CHECK(answer(da, "recommend").at("value") == 8);
    CHECK(answer(da, "comment").at("text") == "Tak æøå");

    const json& uk = responses[1];
    CHECK(uk.at("language") == "uk");
    CHECK(answer(uk, "what_went_wrong").is_null());  // satisfaction 4: no follow-up
    CHECK(answer(uk, "informed").at("choices") == json::array({"yes"}));
    CHECK(answer(uk, "comment").at("text") == "дякую");

    const json& walked_away = responses[2];
    CHECK(walked_away.at("status") == "abandoned");
    CHECK(walked_away.at("abandoned_at") == "question.effort");
    CHECK(walked_away.at("answers").size() == 1);

    const json& sv = responses[3];
    CHECK(sv.at("language") == "sv");
    CHECK(sv.at("stage") == "WAITING");
    CHECK(sv.at("stage_source") == "staff");
    CHECK(sv.at("survey_id") == "waiting-room");
    CHECK(answer(sv, "comment").is_null());  // skipped

    CHECK(read_file(dir / "kiosk-data/staff-stage") == "WAITING\n");
    const auto log = read_file(dir / "kiosk.log");
    CHECK(log.find("staff set the stage to WAITING (was automatic)") != std::string::npos);
}
