// Settings administrators manage for kiosks: per kiosk, per site or for all (the dashboard's
// "Kiosk settings"), and what each kiosk pulls. Every value is checked with the rule the kiosk
// itself applies (protocol/central_settings.h); a staff PIN is hashed here and never stored,
// logged, audited or sent as itself.
#include "sync/hub/http/api.h"
#include "sync/hub/store/tokens.h"
#include "sync/hub/store/utc_time.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/json_reader.h"
#include "sync/service/pin_hash.h"

namespace fbk::sync::hub {

using nlohmann::json;

namespace {

constexpr std::string_view kPinKey = "kiosk.staff_pin";  // the PIN itself, only in requests
constexpr std::size_t kMaxValueBytes = 2048;

const std::string kShape =
    "the body must be {\"target\": \"kiosk:ID\" | \"site:ID\" | \"all\", \"settings\": "
    "{SETTING: \"value\" or null to remove, ...}}";

std::string shown_value(const std::string& setting, const std::string& value) {
    return setting == protocol::kStaffPinHashKey ? std::string("(set)") : value;
}

// "kiosk:ID", "site:ID" or "all" into the change's scope; false when it is none of them.
bool read_target(const std::string& target, CentralSettingsChange& change) {
    if (target == "all") {
        change.scope_kind = "all";
        return true;
    }
    const auto colon = target.find(':');
    if (colon == std::string::npos) {
        return false;
    }
    change.scope_kind = target.substr(0, colon);
    change.scope = target.substr(colon + 1);
    return (change.scope_kind == "kiosk" || change.scope_kind == "site") &&
           protocol::is_plain_id(change.scope);
}

// One setting of the request into the change; what is wrong with it, or nullopt.
std::optional<std::string> read_setting(const std::string& key, const json& value,
                                        CentralSettingsChange& change) {
    const std::string path = "settings." + key;
    if (value.is_null()) {
        change.values[key == kPinKey ? std::string(protocol::kStaffPinHashKey) : key] =
            std::nullopt;
        return std::nullopt;
    }
    if (!value.is_string()) {
        return path + ": must be a string, or null to remove the setting";
    }
    const std::string text = value.get<std::string>();
    if (text.size() > kMaxValueBytes) {
        return path + ": is longer than " + std::to_string(kMaxValueBytes) + " bytes";
    }
    if (key == kPinKey) {
        if (text.size() < 4 || text.size() > 12 ||
            text.find_first_not_of("0123456789") != std::string::npos) {
            return path + ": must be 4 to 12 digits";
        }
        change.values[std::string(protocol::kStaffPinHashKey)] = service::hash_staff_pin(text);
        return std::nullopt;
    }
    const protocol::ManagedSetting* managed = protocol::find_managed_setting(key);
    if (managed == nullptr) {
        std::string known;
        for (const auto& m : protocol::managed_settings()) {
            known += (known.empty() ? "" : ", ") +
                     std::string(m.key == protocol::kStaffPinHashKey ? kPinKey : m.key);
        }
        return path + ": is not a setting the hub manages (" + known + ")";
    }
    if (auto problem = managed->check(text)) {
        return path + ": " + *problem;
    }
    change.values[key] = text;
    return std::nullopt;
}

std::optional<CentralSettingsChange> parse_change(const std::string& body, http::Reply& refusal) {
    protocol::Issues issues;
    const auto doc = protocol::parse_json_object(body, issues);
    const auto bad = [&](std::string message) {
        refusal = error_reply(400, "invalid_setting", std::move(message));
        return std::nullopt;
    };
    if (!doc) {
        return bad(issues.empty() ? kShape : issues[0].path + ": " + issues[0].message);
    }
    if (doc->size() != 2 || !doc->contains("target") || !(*doc)["target"].is_string() ||
        !doc->contains("settings") || !(*doc)["settings"].is_object() ||
        (*doc)["settings"].empty()) {
        return bad(kShape);
    }
    CentralSettingsChange change;
    const std::string target = (*doc)["target"].get<std::string>();
    if (!read_target(target, change)) {
        return bad("target: '" + target + "' is not kiosk:ID, site:ID or all");
    }
    for (const auto& [key, value] : (*doc)["settings"].items()) {
        if (auto problem = read_setting(key, value, change)) {
            return bad(*problem);
        }
    }
    return change;
}

// "site:ward-3: timing.idle_timeout=45s, kiosk.staff_pin_hash=(set), display.opening_hours
// removed": the audit line, never a PIN or its hash.
std::string describe(const CentralSettingsChange& change) {
    std::string out = change.scope_kind == "all" ? "all" : change.scope_kind + ":" + change.scope;
    std::string sep = ": ";
    for (const auto& [key, value] : change.values) {
        out += sep + key + (value ? "=" + shown_value(key, *value) : " removed");
        sep = ", ";
    }
    return out;
}

}  // namespace

CentralSettingsDocument central_settings_document(const protocol::CentralSettings& effective) {
    CentralSettingsDocument doc;
    doc.body = protocol::serialize(effective);
    doc.etag = "\"cs-" + hash_token(doc.body).substr(0, 16) + "\"";
    return doc;
}

http::Reply get_central_settings(ApiContext& api, const Call&) {
    json rows = json::array();
    for (const CentralSettingRow& row : api.store.central_settings()) {
        rows.push_back({{"target", row.scope_label()},
                        {"setting", row.setting},
                        {"value", shown_value(row.setting, row.value)},
                        {"set_at", format_utc_iso8601(row.set_ms)},
                        {"set_by", row.set_by}});
    }
    json managed = json::array();
    for (const auto& m : protocol::managed_settings()) {
        const bool pin = m.key == protocol::kStaffPinHashKey;
        managed.push_back(
            {{"setting", pin ? kPinKey : m.key}, {"what", m.what}, {"stored_as", m.key}});
    }
    return json_reply({{"settings", std::move(rows)}, {"managed", std::move(managed)}});
}

http::Reply post_central_settings(ApiContext& api, const Call& call) {
    http::Reply refusal;
    auto change = parse_change(call.body, refusal);
    if (!change) {
        return refusal;
    }
    change->at_ms = api.options.now_ms();
    change->by = call.token->subject;
    api.store.set_central_settings(*change);
    api.store.audit(change->by, "settings.set", describe(*change), change->at_ms);
    json changed = json::array();
    for (const auto& [key, value] : change->values) {
        changed.push_back(key);
    }
    return json_reply(
        {{"target", change->scope_kind == "all" ? std::string("all")
                                                : change->scope_kind + ":" + change->scope},
         {"changed", std::move(changed)}});
}

// A kiosk's own settings: its row, else its site's (the site it says it stands at, as in its
// heartbeats), else all's.
http::Reply get_kiosk_central_settings(ApiContext& api, const Call& call) {
    const std::string site(call.param("site").value_or(""));
    if (!site.empty() && !protocol::is_plain_id(site)) {
        return error_reply(400, "bad_parameter",
                           "site: '" + site + "' is not a site id (1-64 of a-z, 0-9, '-', '_')");
    }
    const auto doc = central_settings_document(
        effective_central_settings(api.store.central_settings(), call.token->subject, site));
    return cacheable(call, doc.body, doc.etag);
}

}  // namespace fbk::sync::hub
