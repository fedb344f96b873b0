// Survey packs managed through the API: uploaded (checked as check-pack checks a file),
// versioned, assigned to kiosks, sites and stages, and kept across restarts.
#include <doctest/doctest.h>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "sync/protocol/kiosk_link.h"
#include "tests/support/fixtures.h"
#include "tests/support/sample_responses.h"
#include "tests/support/temp_dir.h"

using namespace fbk::test;
using nlohmann::json;
namespace protocol = fbk::sync::protocol;

namespace {

// The default pack as version `version`, with a title that tells versions apart.
std::string default_pack_as(int version, const std::string& title_suffix = "") {
    auto pack = json::parse(read_file(source_dir() / "assets/packs/default-healthcare.json"));
    pack["version"] = version;
    if (!title_suffix.empty()) {
        for (auto& [language, text] : pack["title"].items()) {
            text = text.get<std::string>() + title_suffix;
        }
    }
    return pack.dump();
}

std::pair<int, std::string> post(const Hub& hub, const std::string& path, const std::string& body,
                                 const std::string& token) {
    httplib::Client client("127.0.0.1", hub.port());
    const auto res =
        client.Post(path.c_str(), {{"Authorization", "Bearer " + token}}, body, "application/json");
    REQUIRE(res);
    return {res->status, res->body};
}

int pulled_version(const Hub& hub, const std::string& kiosk_token) {
    const auto [status, body] = hub.get("/api/v1/kiosk/pack?id=default-healthcare", kiosk_token);
    REQUIRE(status == 200);
    return json::parse(body).at("version").get<int>();
}

void heartbeat(const Hub& hub, const std::string& token, const std::string& kiosk,
               const std::string& site, const std::string& stage) {
    auto beat = heartbeat_of(kiosk);
    beat.site = site;
    beat.stage = stage;
    REQUIRE(hub.send_heartbeat(beat, token) == 200);
}

std::string assignment(const std::string& target, std::optional<int> version) {
    return json{{"pack_id", "default-healthcare"},
                {"version", version ? json(*version) : json(nullptr)},
                {"target", target}}
        .dump();
}

// The entries of /api/v1/packs for one pack id, in the order listed.
std::vector<json> versions_of(const json& listed, const std::string& pack_id) {
    std::vector<json> out;
    for (const auto& p : listed.at("packs")) {
        if (p.at("pack_id") == pack_id) {
            out.push_back(p);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("packs: upload checked like check-pack, versions never change, assignments pick one") {
    TempDir dir("fbk-packs");
    std::optional<Hub> hub(std::in_place, dir.path());
    const auto admin = hub->create_token("admin", "it");
    const auto k1 = hub->create_token("kiosk", "k1");
    const auto k2 = hub->create_token("kiosk", "k2");

    // Refused packs say where and why; nothing is stored.
    auto broken = json::parse(default_pack_as(3));
    broken["surveys"][0]["questions"][0]["type"] = "thermometer";
    const auto [broken_status, broken_body] = post(*hub, "/api/v1/packs", broken.dump(), admin);
    CHECK(broken_status == 400);
    const auto error = json::parse(broken_body).at("error");
    CHECK(error.at("code") == "invalid_pack");
    CHECK(error.at("message").get<std::string>().starts_with("$.surveys[0].questions[0].type"));
    CHECK(post(*hub, "/api/v1/packs", "{not json", admin).first == 400);
    CHECK(post(*hub, "/api/v1/packs", std::string(2 * 1024 * 1024, ' '), admin).first == 413);

    // A new version; the same again is fine; other content under that version is not.
    CHECK(post(*hub, "/api/v1/packs", default_pack_as(3, " (3)"), admin).first == 201);
    CHECK(post(*hub, "/api/v1/packs", default_pack_as(3, " (3)"), admin).first == 200);
    const auto [conflict, conflict_body] =
        post(*hub, "/api/v1/packs", default_pack_as(3, " (changed)"), admin);
    CHECK(conflict == 409);
    CHECK(conflict_body.find("as version 4 or higher") != std::string::npos);
    CHECK(post(*hub, "/api/v1/packs", default_pack_as(2, " (changed)"), admin).first == 409);

    // The default pack's two versions, beside the other shipped packs (national instruments).
    const auto listed = json::parse(hub->get("/api/v1/packs", admin).second);
    const std::vector<json> defaults = versions_of(listed, "default-healthcare");
    REQUIRE(defaults.size() == 2);
    CHECK(defaults[0].at("origin") == "file");
    CHECK(defaults[1].at("version") == 3);
    CHECK(defaults[1].at("origin") == "upload");
    CHECK(defaults[1].at("uploaded_by") == "it");

    // Newest by default; then kiosk, site, stage and all, most specific first.
    heartbeat(*hub, k1, "k1", "", "WAITING");
    heartbeat(*hub, k2, "k2", "north", "DISCHARGE");
    CHECK(pulled_version(*hub, k1) == 3);
    CHECK(pulled_version(*hub, k2) == 3);
    CHECK(post(*hub, "/api/v1/packs/assignments", assignment("kiosk:k1", 2), admin).first == 200);
    CHECK(pulled_version(*hub, k1) == 2);
    CHECK(pulled_version(*hub, k2) == 3);
    CHECK(post(*hub, "/api/v1/packs/assignments", assignment("site:north", 2), admin).first == 200);
    CHECK(pulled_version(*hub, k2) == 2);
    CHECK(post(*hub, "/api/v1/packs/assignments", assignment("all", 2), admin).first == 200);
    CHECK(post(*hub, "/api/v1/packs/assignments", assignment("stage:DISCHARGE", 3), admin).first ==
          200);
    CHECK(pulled_version(*hub, k2) == 2);  // its site outranks its stage
    CHECK(post(*hub, "/api/v1/packs/assignments", assignment("site:north", std::nullopt), admin)
              .first == 200);
    CHECK(pulled_version(*hub, k2) == 3);  // now its stage decides
    CHECK(post(*hub, "/api/v1/packs/assignments", assignment("kiosk:k1", std::nullopt), admin)
              .first == 200);
    CHECK(pulled_version(*hub, k1) == 2);  // "all"
    CHECK(post(*hub, "/api/v1/packs/assignments", assignment("room:1", 2), admin).first == 400);
    CHECK(post(*hub, "/api/v1/packs/assignments", assignment("stage:LUNCH", 2), admin).first ==
          400);
    CHECK(post(*hub, "/api/v1/packs/assignments", assignment("all", 9), admin).first == 404);
    CHECK(post(*hub, "/api/v1/packs/assignments", "[]", admin).first == 400);
    CHECK(post(*hub, "/api/v1/packs/assignments", assignment("all", 0), admin).first == 400);
    CHECK(post(*hub, "/api/v1/packs/assignments",
               R"({"pack_id": "default-healthcare", "version": 4294967298, "target": "all"})",
               admin)
              .first == 400);

    // Answers to the uploaded version are accepted and checked against it.
    auto answer = sample_response(0);
    answer.pack_version = 3;
    CHECK(hub->post_batch(sample_batch_body({answer}), k1).first == 200);

    // Everything survives a restart.
    hub.reset();
    hub.emplace(dir.path());
    CHECK(json::parse(hub->get("/api/v1/packs", admin).second).at("packs") == listed.at("packs"));
    CHECK(pulled_version(*hub, k2) == 3);
    CHECK(pulled_version(*hub, k1) == 2);
    const auto audit = hub->get("/api/v1/audit", admin).second;
    CHECK(audit.find("\"pack.upload\"") != std::string::npos);
    CHECK(audit.find("default-healthcare v2 to kiosk:k1") != std::string::npos);
}
