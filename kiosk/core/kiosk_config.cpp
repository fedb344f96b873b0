#include "kiosk/core/kiosk_config.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "kiosk/core/ini.h"
#include "kiosk/core/kiosk_config_keys.h"

namespace fbk::kiosk::core {

namespace protocol = fbk::sync::protocol;

namespace {

bool offers(const KioskConfig& config, const std::string& language) {
    return std::find(config.languages.begin(), config.languages.end(), language) !=
           config.languages.end();
}

std::string ini_label(const std::string& key) {
    const auto dot = key.find('.');
    return "[" + key.substr(0, dot) + "] " + key.substr(dot + 1);
}

}  // namespace

bool is_loopback_host(std::string_view host) {
    if (host == "localhost" || host == "[::1]" || host == "::1") {
        return true;
    }
    // Dotted IPv4 only, four numbers of at most 255, the first 127: curl writes every IPv4
    // form ("127.1", "0x7f000001") this way, and "127.evil.example" is a name, not an address.
    int parts = 0;
    int first = -1;
    for (std::size_t i = 0; i <= host.size(); ++parts) {
        const std::size_t end = std::min(host.find('.', i), host.size());
        int value = 0;
        const auto [ptr, ec] = std::from_chars(host.data() + i, host.data() + end, value);
        if (ec != std::errc() || ptr != host.data() + end || end == i || value > 255) {
            return false;
        }
        first = parts == 0 ? value : first;
        i = end + 1;
    }
    return parts == 4 && first == 127;
}

ConfigLoad parse_kiosk_config(std::string_view text, const std::filesystem::path& source,
                              const UrlHostReader& host_of) {
    ConfigLoad result;
    const std::string file = source.string();
    const auto error = [&](int line, const std::string& what) {
        const std::string where = line > 0 ? file + ":" + std::to_string(line) : file;
        result.errors.push_back(where + ": " + what);
    };
    const IniDocument doc = parse_ini(text);
    for (const IniError& e : doc.errors) {
        error(e.line, e.message);
    }
    bool allow_plain_http = false;
    const auto keys = make_keys(source.parent_path(), allow_plain_http);
    KioskConfig config;
    std::map<std::string, int> seen;  // key -> line
    for (const IniEntry& entry : doc.entries) {
        const std::string name = entry.section + "." + entry.key;
        const std::string label = "[" + entry.section + "] " + entry.key;
        const auto key = keys.find(name);
        if (key == keys.end()) {
            error(entry.line, label + ": unknown setting");
            continue;
        }
        if (const auto [it, inserted] = seen.emplace(name, entry.line); !inserted) {
            error(entry.line, label + ": already set on line " + std::to_string(it->second));
            continue;
        }
        if (const auto problem = key->second.set(config, entry.value)) {
            error(entry.line, label + ": " + *problem);
        }
    }
    for (const auto& [name, key] : keys) {
        if (key.required && !seen.contains(name)) {
            const auto dot = name.find('.');
            error(0, "[" + name.substr(0, dot) + "] " + name.substr(dot + 1) + ": is missing");
        }
    }
    if (!config.languages.empty()) {
        if (config.default_language.empty()) {
            config.default_language = config.languages.front();
        } else if (!offers(config, config.default_language)) {
            error(seen["kiosk.default_language"], "[kiosk] default_language: '" +
                                                      config.default_language +
                                                      "' is not one of [kiosk] languages");
        }
    }
    if (!config.staff_pin.empty() && !config.staff_pin_hash.empty()) {
        error(seen["kiosk.staff_pin_hash"],
              "[kiosk] staff_pin_hash: set either staff_pin or staff_pin_hash, not both");
    }
    if (!config.hub_url.empty()) {
        const auto host = host_of(config.hub_url);
        if (!host) {
            error(seen["hub.url"], "[hub] url: '" + config.hub_url + "' is not a usable URL");
        } else if (config.hub_url.starts_with("http://") && !allow_plain_http &&
                   !is_loopback_host(*host)) {
            error(seen["hub.url"],
                  "[hub] url: plain http to " + *host +
                      " would send the token and answers unencrypted; use https:// or set [hub] "
                      "allow_plain_http = true");
        }
    }
    if (config.retry_initial_ms <= 0 || config.retry_max_ms < config.retry_initial_ms) {
        error(seen["sync.retry_max"], "[sync] retry_max: must be at least retry_initial (> 0)");
    }
    if (result.errors.empty()) {
        result.config = std::move(config);
    }
    return result;
}

ConfigLoad apply_central_settings(const KioskConfig& local,
                                  const protocol::CentralSettings& central) {
    ConfigLoad result;
    bool allow_plain_http = false;  // not a managed setting; the hub URL stays the file's
    const auto keys = make_keys({}, allow_plain_http);
    KioskConfig config = local;
    config.central = central;
    for (const auto& [key, setting] : central.values) {
        const auto it = protocol::find_managed_setting(key) ? keys.find(key) : keys.end();
        const std::string label = "hub setting " + ini_label(key) + " (" + setting.from + ")";
        if (it == keys.end()) {
            result.errors.push_back(label + ": is not a setting the hub may change");
        } else if (const auto problem = it->second.set(config, setting.value)) {
            result.errors.push_back(label + ": " + *problem);
        }
    }
    const bool sets_default = central.values.contains("kiosk.default_language");
    if (!offers(config, config.default_language)) {
        if (sets_default) {
            result.errors.push_back("hub setting [kiosk] default_language: '" +
                                    config.default_language +
                                    "' is not one of the kiosk's languages");
        } else {
            config.default_language = config.languages.front();
        }
    }
    if (central.values.contains(std::string(protocol::kStaffPinHashKey))) {
        config.staff_pin.clear();  // the hub's PIN replaces the file's
    }
    if (result.errors.empty()) {
        result.config = std::move(config);
    }
    return result;
}

ConfigLoad load_kiosk_config(const std::filesystem::path& file, const UrlHostReader& host_of) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
        return {std::nullopt, {file.string() + ": cannot open the configuration file"}};
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return parse_kiosk_config(buffer.str(), file, host_of);
}

}  // namespace fbk::kiosk::core
