// Survey packs: the list, uploads, and which kiosks get which version.
#include <limits>

#include "sync/hub/http/api.h"
#include "sync/hub/store/utc_time.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/json_reader.h"
#include "sync/protocol/stages.h"
#include "sync/protocol/survey_pack.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

const std::string kAssignmentShape =
    "the body must be {\"pack_id\": ID, \"version\": N or null, \"target\": \"kiosk:ID\" | "
    "\"site:ID\" | \"stage:CODE\" | \"all\"}";

// {"pack_id", "version" (null removes), "target"} checked; nullopt after filling `refusal`.
std::optional<PackAssignment> parse_assignment(const std::string& body, http::Reply& refusal) {
    protocol::Issues issues;
    const auto doc = protocol::parse_json_object(body, issues);
    const auto bad = [&](const std::string& message) {
        refusal = error_reply(400, "invalid_assignment", message);
        return std::nullopt;
    };
    if (!doc) {
        return bad(issues.empty() ? kAssignmentShape : issues[0].path + ": " + issues[0].message);
    }
    const auto version_ok = [&] {
        const json& v = (*doc)["version"];
        return v.is_null() || (v.is_number_integer() && v.get<std::int64_t>() >= 1 &&
                               v.get<std::int64_t>() <= std::numeric_limits<int>::max());
    };
    if (doc->size() != 3 || !doc->contains("pack_id") || !(*doc)["pack_id"].is_string() ||
        !protocol::is_plain_id((*doc)["pack_id"].get<std::string>()) || !doc->contains("target") ||
        !(*doc)["target"].is_string() || !doc->contains("version") || !version_ok()) {
        return bad(kAssignmentShape);
    }
    PackAssignment a;
    a.pack_id = (*doc)["pack_id"].get<std::string>();
    a.version = (*doc)["version"].is_null() ? 0 : (*doc)["version"].get<int>();
    const std::string target = (*doc)["target"].get<std::string>();
    const auto colon = target.find(':');
    a.target_kind = target == "all" ? "all" : target.substr(0, colon);
    a.target = colon == std::string::npos ? "" : target.substr(colon + 1);
    const bool target_ok = target == "all" ||
                           (colon != std::string::npos && protocol::is_plain_id(a.target) &&
                            (a.target_kind == "kiosk" || a.target_kind == "site")) ||
                           (colon != std::string::npos && a.target_kind == "stage" &&
                            protocol::is_known_stage(a.target));
    if (!target_ok) {
        return bad("target: '" + target + "' is not kiosk:ID, site:ID, stage:CODE or all");
    }
    return a;
}

}  // namespace

http::Reply get_packs(ApiContext& api, const Call&) {
    api.packs.refresh();
    std::map<std::pair<std::string, int>, const UploadedPack*> uploaded;
    const auto uploads = api.store.uploaded_packs();
    for (const UploadedPack& u : uploads) {
        uploaded[{u.pack_id, u.version}] = &u;
    }
    json packs = json::array();
    api.packs.catalog()->for_each([&](const protocol::SurveyPack& p) {
        json entry = {{"pack_id", p.id}, {"version", p.version}};
        const auto it = uploaded.find({p.id, p.version});
        entry["origin"] = it == uploaded.end() ? "file" : "upload";
        if (it != uploaded.end()) {
            entry["uploaded_at"] = format_utc_iso8601(it->second->uploaded_ms);
            entry["uploaded_by"] = it->second->uploaded_by;
        }
        packs.push_back(std::move(entry));
    });
    json assignments = json::array();
    for (const PackAssignment& a : api.store.pack_assignments()) {
        assignments.push_back({{"target", a.target_kind == "all" ? std::string("all")
                                                                 : a.target_kind + ":" + a.target},
                               {"pack_id", a.pack_id},
                               {"version", a.version},
                               {"assigned_at", format_utc_iso8601(a.assigned_ms)},
                               {"assigned_by", a.assigned_by}});
    }
    return json_reply({{"packs", std::move(packs)}, {"assignments", std::move(assignments)}});
}

// A new pack version, checked exactly as `feedback-kiosk check-pack` checks a file.
http::Reply post_pack(ApiContext& api, const Call& call) {
    auto load = protocol::parse_survey_pack(call.body);
    if (!load.pack) {
        return invalid_document("invalid_pack", load.issues);
    }
    const std::string id = load.pack->id;
    const int version = load.pack->version;
    const std::string& who = call.token->subject;
    const json reply = {{"pack_id", id}, {"version", version}};
    switch (api.packs.upload(std::move(*load.pack), call.body, who, api.options.now_ms())) {
        case PackRegistry::Upload::Added:
            api.store.audit(who, "pack.upload", id + " v" + std::to_string(version),
                            api.options.now_ms());
            return json_reply(reply, 201);
        case PackRegistry::Upload::AlreadyThere:
            return json_reply(reply);
        case PackRegistry::Upload::Conflict:
            break;
    }
    return error_reply(409, "version_exists",
                       "survey pack '" + id + "' version " + std::to_string(version) +
                           " exists with other content; a version never changes, upload it as "
                           "version " +
                           std::to_string(version + 1) + " or higher");
}

http::Reply post_pack_assignment(ApiContext& api, const Call& call) {
    http::Reply refusal;
    auto a = parse_assignment(call.body, refusal);
    if (!a) {
        return refusal;
    }
    if (a->version != 0 && api.packs.catalog()->find(a->pack_id, a->version) == nullptr) {
        api.packs.refresh();
        if (api.packs.catalog()->find(a->pack_id, a->version) == nullptr) {
            return error_reply(404, "no_such_pack",
                               "survey pack '" + a->pack_id + "' version " +
                                   std::to_string(a->version) +
                                   " is not on this hub; upload it "
                                   "first");
        }
    }
    a->assigned_ms = api.options.now_ms();
    a->assigned_by = call.token->subject;
    api.store.assign_pack(*a);
    const std::string target = a->target_kind == "all" ? "all" : a->target_kind + ":" + a->target;
    api.store.audit(a->assigned_by, "pack.assign",
                    a->pack_id + " v" + std::to_string(a->version) + " to " + target,
                    api.options.now_ms());
    return json_reply({{"pack_id", a->pack_id},
                       {"version", a->version == 0 ? json(nullptr) : json(a->version)},
                       {"target", target}});
}

}  // namespace fbk::sync::hub
