#include "sync/hub/alerts/rules.h"

#include <algorithm>

#include "sync/hub/alerts/email.h"
#include "sync/hub/analytics/text/taxonomy.h"
#include "sync/hub/store/utc_time.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/json_reader.h"
#include "sync/protocol/kiosk_link.h"
#include "sync/protocol/stages.h"
#include "sync/protocol/utf8.h"

namespace fbk::sync::hub::alerts {

using nlohmann::json;

namespace {

struct NumberParam {
    std::string_view name;
    std::int64_t low;
    std::int64_t high;
    std::int64_t fallback;
};

// Every kind: its name and the whole-number parameters it takes, with their ranges.
struct AlertKind {
    std::string_view name;
    std::vector<NumberParam> numbers;
};

const std::vector<AlertKind> kAlertKinds = {
    {"negative_spike",
     {{"window_hours", 1, 168, 24}, {"baseline_days", 7, 90, 28}, {"min_answers", 5, 1000, 10}}},
    {"comment_match", {}},
    {"kiosk_alarm", {}},
    {"kiosk_silent", {}},
    {"target_missed", {{"days", 7, 92, 28}}},
};

constexpr std::size_t kMaxChannels = 5;
constexpr std::size_t kMaxWords = 50;

bool loopback_host(std::string_view url) {
    for (const std::string_view prefix :
         {"http://127.", "http://localhost:", "http://localhost/", "http://[::1]"}) {
        if (url.starts_with(prefix)) {
            return true;
        }
    }
    return false;
}

// A webhook: an https:// URL (http:// only to loopback) and a secret to sign with.
bool check_webhook(const json& c, const std::string& at, std::string& problem) {
    const std::string url = c.value("url", "");
    if (url.size() > 2000 || !(url.starts_with("https://") || loopback_host(url)) ||
        url.find_first_of(" \r\n\t") != std::string::npos) {
        problem = at + ".url: must be an https:// URL (http:// only to a loopback address)";
        return false;
    }
    const std::string secret = c.value("secret", "");
    if (secret.size() < 16 || secret.size() > 256 || protocol::first_invalid_utf8(secret)) {
        problem = at + ".secret: 16 to 256 bytes, to sign each delivery";
        return false;
    }
    if (c.size() != 3) {
        problem = at + ": a webhook has only type, url and secret";
        return false;
    }
    return true;
}

// An e-mail: one address (no display name, nothing that could add a header) and the language
// of the message.
bool check_email(const json& c, const std::string& at, std::string& problem) {
    const std::string to = c.value("to", "");
    const auto atsign = to.find('@');
    const bool address = to.size() <= 254 && atsign != std::string::npos && atsign > 0 &&
                         to.find('.', atsign) != std::string::npos &&
                         to.find_first_of(" \r\n\t<>,;:\"()[]\\") == std::string::npos &&
                         !protocol::first_invalid_utf8(to);
    if (!address) {
        problem = at + ".to: one e-mail address, name@example.org";
        return false;
    }
    const std::string language = c.value("language", "en");
    if (!is_email_language(language)) {
        problem = at + ".language: one of " + email_languages();
        return false;
    }
    for (const auto& [key, value] : c.items()) {
        if (key != "type" && key != "to" && key != "language") {
            problem = at + "." + key + ": an e-mail channel has only type, to and language";
            return false;
        }
    }
    return true;
}

std::optional<json> parse_channels(const json& doc, std::string& problem) {
    const json& list = doc.contains("channels") ? doc["channels"] : json();
    if (!list.is_array() || list.empty() || list.size() > kMaxChannels) {
        problem =
            "channels: 1 to 5 channels, each {\"type\": \"webhook\", \"url\", \"secret\"} "
            "or {\"type\": \"email\", \"to\", \"language\"}";
        return std::nullopt;
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& c = list[i];
        const std::string at = "channels[" + std::to_string(i) + "]";
        const std::string type = c.is_object() ? c.value("type", "") : "";
        if (type != "webhook" && type != "email") {
            problem = at + ".type: must be \"webhook\" or \"email\"";
            return std::nullopt;
        }
        if (!(type == "webhook" ? check_webhook(c, at, problem) : check_email(c, at, problem))) {
            return std::nullopt;
        }
    }
    return list;
}

std::optional<json> string_list(const json& doc, const char* name, std::size_t max,
                                std::string& problem) {
    if (!doc.contains(name)) {
        return json::array();
    }
    const json& v = doc[name];
    const bool ok =
        v.is_array() && v.size() <= max && std::all_of(v.begin(), v.end(), [](const json& s) {
            return s.is_string() && !s.get<std::string>().empty() &&
                   s.get<std::string>().size() <= 100 &&
                   !protocol::first_invalid_utf8(s.get<std::string>());
        });
    if (!ok) {
        problem = std::string(name) + ": a list of at most " + std::to_string(max) + " words";
        return std::nullopt;
    }
    return v;
}

// The kind's own parameters, checked and with their defaults filled in.
std::optional<json> parse_params(const AlertKind& kind, const json& doc, std::string& problem) {
    json params = json::object();
    for (const NumberParam& p : kind.numbers) {
        const std::string name(p.name);
        const json& v = doc.contains(name) ? doc[name] : json(p.fallback);
        if (!v.is_number_integer() || v.get<std::int64_t>() < p.low ||
            v.get<std::int64_t>() > p.high) {
            problem = name + ": a whole number from " + std::to_string(p.low) + " to " +
                      std::to_string(p.high);
            return std::nullopt;
        }
        params[name] = v;
    }
    if (kind.name == "comment_match") {
        const auto themes = string_list(doc, "themes", 9, problem);
        const auto words = themes ? string_list(doc, "words", kMaxWords, problem) : std::nullopt;
        if (!words) {
            return std::nullopt;
        }
        for (const json& t : *themes) {
            if (!text::theme_from_string(t.get<std::string>())) {
                problem = "themes: '" + t.get<std::string>() + "' is not a theme";
                return std::nullopt;
            }
        }
        if (themes->empty() && words->empty()) {
            problem = "themes, words: a comment_match rule needs at least one";
            return std::nullopt;
        }
        const json& include = doc.contains("include_text") ? doc["include_text"] : json(false);
        if (!include.is_boolean()) {
            problem = "include_text: true or false";
            return std::nullopt;
        }
        params["themes"] = *themes;
        params["words"] = *words;
        params["include_text"] = include;
    }
    if (kind.name == "kiosk_alarm") {
        const auto alarms = string_list(doc, "alarms", 10, problem);
        if (!alarms) {
            return std::nullopt;
        }
        for (const json& a : *alarms) {
            const std::string code = a.get<std::string>();
            if (code != protocol::kAlarmLowSpace && code != protocol::kAlarmSaveFailed &&
                code != protocol::kAlarmUnauthorized && code != protocol::kAlarmPackRefused) {
                problem = "alarms: '" + code +
                          "' is not storage_low, save_failed, unauthorized or pack_refused";
                return std::nullopt;
            }
        }
        params["alarms"] = *alarms;
    }
    return params;
}

const AlertKind* kind_named(const json& doc) {
    const std::string name = doc.value("kind", "");
    for (const AlertKind& k : kAlertKinds) {
        if (k.name == name) {
            return &k;
        }
    }
    return nullptr;
}

bool known_field(const AlertKind& kind, const std::string& key) {
    static const std::vector<std::string_view> common = {"kind", "stage", "kiosk", "channels"};
    if (std::find(common.begin(), common.end(), key) != common.end()) {
        return true;
    }
    for (const NumberParam& p : kind.numbers) {
        if (p.name == key) {
            return true;
        }
    }
    return (kind.name == "comment_match" &&
            (key == "themes" || key == "words" || key == "include_text")) ||
           (kind.name == "kiosk_alarm" && key == "alarms");
}

}  // namespace

std::optional<AlertRule> parse_rule(const std::string& body, std::string& problem) {
    // The strict reader every document of the hub goes through: a repeated key, invalid UTF-8
    // or deep nesting is an error at its JSON path.
    protocol::Issues issues;
    const auto parsed = protocol::parse_json_object(body, issues);
    if (!parsed) {
        problem = issues.empty() ? "the body must be a JSON object"
                                 : issues[0].path + ": " + issues[0].message;
        return std::nullopt;
    }
    const json& doc = *parsed;
    const AlertKind* kind = kind_named(doc);
    if (kind == nullptr) {
        problem =
            "kind: must be negative_spike, comment_match, kiosk_alarm, kiosk_silent or "
            "target_missed";
        return std::nullopt;
    }
    for (const auto& [key, value] : doc.items()) {
        if (!known_field(*kind, key)) {
            problem = key + ": not a field of a " + std::string(kind->name) + " rule";
            return std::nullopt;
        }
    }
    AlertRule rule;
    rule.kind = std::string(kind->name);
    const json& stage = doc.contains("stage") ? doc["stage"] : json();
    const json& kiosk = doc.contains("kiosk") ? doc["kiosk"] : json();
    if (!stage.is_null() &&
        !(stage.is_string() && protocol::is_known_stage(stage.get<std::string>()))) {
        problem = "stage: null (all) or a journey stage code";
        return std::nullopt;
    }
    if (!kiosk.is_null() &&
        !(kiosk.is_string() && protocol::is_plain_id(kiosk.get<std::string>()))) {
        problem = "kiosk: null (all) or a kiosk id";
        return std::nullopt;
    }
    rule.stage = stage.is_null() ? "" : stage.get<std::string>();
    rule.kiosk = kiosk.is_null() ? "" : kiosk.get<std::string>();
    const auto params = parse_params(*kind, doc, problem);
    const auto channels = params ? parse_channels(doc, problem) : std::nullopt;
    if (!channels) {
        return std::nullopt;
    }
    rule.params = params->dump();
    rule.channels = channels->dump();
    return rule;
}

std::vector<Channel> channels_of(std::string_view channels_json) {
    std::vector<Channel> out;
    const json list = json::parse(channels_json, nullptr, false);
    if (!list.is_array()) {
        return out;
    }
    for (const json& c : list) {
        out.push_back({c.value("type", ""), c.value("url", ""), c.value("secret", ""),
                       c.value("to", ""), c.value("language", "en")});
    }
    return out;
}

std::vector<Channel> channels_of(const AlertRule& rule) {
    return channels_of(rule.channels);
}

json rule_json(const AlertRule& r) {
    json channels = json::array();
    for (const Channel& c : channels_of(r)) {
        if (c.type == "email") {
            channels.push_back({{"type", c.type}, {"to", c.to}, {"language", c.language}});
        } else {
            channels.push_back(
                {{"type", c.type}, {"url", c.url}, {"secret_set", !c.secret.empty()}});
        }
    }
    json out = {{"id", r.id},
                {"kind", r.kind},
                {"stage", r.stage.empty() ? json(nullptr) : json(r.stage)},
                {"kiosk", r.kiosk.empty() ? json(nullptr) : json(r.kiosk)},
                {"channels", std::move(channels)},
                {"created_at", format_utc_iso8601(r.created_ms)},
                {"created_by", r.created_by}};
    const json params = json::parse(r.params, nullptr, false);
    if (params.is_object()) {
        for (const auto& [key, value] : params.items()) {
            out[key] = value;
        }
    }
    return out;
}

}  // namespace fbk::sync::hub::alerts
