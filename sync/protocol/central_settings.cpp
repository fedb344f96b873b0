#include "sync/protocol/central_settings.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "sync/protocol/duration.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/json_reader.h"
#include "sync/protocol/opening_hours.h"
#include "sync/protocol/stage_schedule.h"
#include "sync/protocol/stages.h"

namespace fbk::sync::protocol {

using nlohmann::json;

namespace {

constexpr std::size_t kMaxValueBytes = 2048;
constexpr std::size_t kMaxLanguages = 16;

using Problem = std::optional<std::string>;

Problem check_stage(std::string_view v) {
    if (!is_known_stage(v) && v != "ask") {
        return "'" + std::string(v) + "' is not a journey stage code such as WAITING, or 'ask'";
    }
    return std::nullopt;
}

Problem check_schedule(std::string_view v) {
    return parse_stage_schedule(v).error;
}

Problem check_languages(std::string_view v) {
    const auto languages = split_setting_list(v);
    if (languages.empty()) {
        return "must list at least one language, e.g. fi, sv, en";
    }
    if (languages.size() > kMaxLanguages) {
        return "lists more than " + std::to_string(kMaxLanguages) + " languages";
    }
    for (const auto& l : languages) {
        if (!is_language_code(l)) {
            return "'" + l + "' is not a language code such as fi";
        }
    }
    return std::nullopt;
}

Problem check_language(std::string_view v) {
    if (!is_language_code(v)) {
        return "'" + std::string(v) + "' is not a language code such as fi";
    }
    return std::nullopt;
}

bool is_base64url(std::string_view text, std::size_t min, std::size_t max) {
    return text.size() >= min && text.size() <= max &&
           text.find_first_not_of(
               "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
               "0123456789-_") == std::string_view::npos;
}

Problem check_pin_hash(std::string_view v) {
    // pbkdf2-sha256$ITERATIONS$SALT$HASH: 16-64 characters of salt, a 32-byte hash (43).
    const std::string_view prefix = "pbkdf2-sha256$";
    const auto bad = [] {
        return std::string(
            "is not a staff PIN hash (pbkdf2-sha256$ITERATIONS$SALT$HASH); set "
            "the PIN itself on the hub, which stores only its hash");
    };
    if (!v.starts_with(prefix)) {
        return bad();
    }
    v.remove_prefix(prefix.size());
    const auto first = v.find('$');
    const auto second = first == std::string_view::npos ? first : v.find('$', first + 1);
    if (second == std::string_view::npos) {
        return bad();
    }
    int iterations = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + first, iterations);
    if (ec != std::errc() || end != v.data() + first || iterations < 1000 ||
        iterations > 10'000'000 || !is_base64url(v.substr(first + 1, second - first - 1), 16, 64) ||
        !is_base64url(v.substr(second + 1), 43, 43)) {
        return bad();
    }
    return std::nullopt;
}

Problem check_opening_hours(std::string_view v) {
    return parse_opening_hours(v).error;
}

Problem check_duration(std::string_view v) {
    if (!parse_duration_ms(v)) {
        return "'" + std::string(v) + "' is not a duration such as 30s, 500ms, 5m, 2h or 14d";
    }
    return std::nullopt;
}

Problem check_still_there(std::string_view v) {
    if (auto problem = check_duration(v)) {
        return problem;
    }
    // EN 301 549 / WCAG 2.2.1: at least 20 seconds to say "I'm still here".
    if (*parse_duration_ms(v) < 20'000) {
        return "'" + std::string(v) + "' is too short: the idle warning must give at least 20s";
    }
    return std::nullopt;
}

constexpr ManagedSetting kManaged[] = {
    {"kiosk.stage", "the journey stage asked about outside the schedule (or 'ask')", check_stage},
    {"kiosk.schedule", "which stage is asked about when", check_schedule},
    {"kiosk.languages", "the languages offered", check_languages},
    {"kiosk.default_language", "the language staff screens use", check_language},
    {kStaffPinHashKey, "the staff PIN (as its hash)", check_pin_hash},
    {"display.opening_hours", "when the screen is lit", check_opening_hours},
    {"timing.idle_timeout", "how long a patient may pause before the kiosk asks", check_duration},
    {"timing.still_there", "how long the 'still there?' question waits", check_still_there},
    {"timing.thanks", "how long the thank-you screen shows", check_duration},
};

bool is_scope(std::string_view from) {
    if (from == "all") {
        return true;
    }
    for (const std::string_view kind : {"site:", "kiosk:"}) {
        if (from.starts_with(kind) && is_plain_id(from.substr(kind.size()))) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::span<const ManagedSetting> managed_settings() {
    return kManaged;
}

const ManagedSetting* find_managed_setting(std::string_view key) {
    for (const ManagedSetting& s : kManaged) {
        if (s.key == key) {
            return &s;
        }
    }
    return nullptr;
}

std::vector<std::string> split_setting_list(std::string_view value) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= value.size()) {
        const auto end = std::min(value.find(',', start), value.size());
        const std::string_view item = value.substr(start, end - start);
        const auto first = item.find_first_not_of(" \t");
        const auto last = item.find_last_not_of(" \t");
        if (first != std::string_view::npos) {
            out.emplace_back(item.substr(first, last - first + 1));
        }
        start = end + 1;
    }
    return out;
}

std::string serialize(const CentralSettings& settings) {
    json values = json::object();
    for (const auto& [key, setting] : settings.values) {
        values[key] = {{"value", setting.value}, {"from", setting.from}};
    }
    return json{{"settings", std::move(values)}}.dump();
}

std::optional<CentralSettings> parse_central_settings(std::string_view body, Issues& issues) {
    const auto doc = parse_json_object(body, issues);
    if (!doc) {
        return std::nullopt;
    }
    JsonReader r(issues);
    r.reject_unknown_keys(*doc, {"settings"}, "$");
    const json* values = r.object(*doc, "settings", "$");
    if (values == nullptr) {
        return std::nullopt;
    }
    CentralSettings out;
    bool good = true;
    for (const auto& [key, node] : values->items()) {
        const std::string path = "$.settings." + key;
        const ManagedSetting* managed = find_managed_setting(key);
        if (managed == nullptr) {
            r.error(path, "is not a setting this kiosk takes from the hub");
            good = false;
            continue;
        }
        if (!r.expect_object(node, path)) {
            good = false;
            continue;
        }
        r.reject_unknown_keys(node, {"value", "from"}, path);
        const auto value = r.string(node, "value", path);
        const auto from = r.string(node, "from", path);
        if (!value || !from) {
            good = false;
            continue;
        }
        if (value->size() > kMaxValueBytes) {
            r.error(path + ".value", "is longer than " + std::to_string(kMaxValueBytes) + " bytes");
            good = false;
        } else if (auto problem = managed->check(*value)) {
            r.error(path + ".value", *problem);
            good = false;
        }
        if (!is_scope(*from)) {
            r.error(path + ".from", "'" + *from + "' is not all, site:ID or kiosk:ID");
            good = false;
        }
        out.values[key] = {*value, *from};
    }
    for (const Issue& issue : issues) {
        good = good && issue.severity != Severity::Error;
    }
    if (!good) {
        return std::nullopt;
    }
    return out;
}

}  // namespace fbk::sync::protocol
