#include "kiosk/core/provision_file.h"

#include <algorithm>
#include <array>
#include <map>

#include "kiosk/core/ini.h"
#include "kiosk/core/stage_choice.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/stages.h"

namespace fbk::kiosk::core {

namespace {

struct SectionKeys {
    std::string_view section;
    std::vector<std::string_view> keys;
    std::string_view listed;  // for messages
};

const std::array<SectionKeys, 3>& known_sections() {
    static const std::array<SectionKeys, 3> sections = {{
        {"kiosk", {"id", "stage", "site"}, "id, stage and site"},
        {"hub", {"token", "url"}, "token and url"},
        {"wifi", {"ssid", "psk", "country"}, "ssid, psk and country"},
    }};
    return sections;
}

const SectionKeys* find_section(std::string_view name) {
    for (const auto& s : known_sections()) {
        if (s.section == name) {
            return &s;
        }
    }
    return nullptr;
}

std::string stage_list() {
    std::string out;
    for (const auto s : protocol::known_stages()) {
        out += std::string(s) + ", ";
    }
    return out + "or '" + std::string(kAskPatient) + "'";
}

bool printable_ascii(std::string_view s, bool space_allowed) {
    return std::all_of(s.begin(), s.end(), [&](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u > 0x20 && u < 0x7F) || (space_allowed && u == 0x20);
    });
}

// The problem with `value` for `name` ("kiosk.id"), or empty. Never shows a token or a psk.
std::string value_problem(const std::string& name, const std::string& value) {
    // Only for values that are not secret.
    const auto quoted = [&value] { return "'" + printable(value) + "'"; };
    if (name == "kiosk.id") {
        return protocol::is_plain_id(value)
                   ? ""
                   : quoted() + " is not a kiosk id (1-64 of a-z, 0-9, '-', '_')";
    }
    if (name == "kiosk.stage") {
        return protocol::is_known_stage(value) || value == kAskPatient
                   ? ""
                   : quoted() + " is not a journey stage code (" + stage_list() + ")";
    }
    if (name == "kiosk.site") {
        return protocol::is_plain_id(value)
                   ? ""
                   : quoted() + " is not a site id (1-64 of a-z, 0-9, '-', '_')";
    }
    if (name == "hub.token") {
        if (value.empty()) {
            return "is empty";
        }
        if (!printable_ascii(value, false)) {
            return "must be printable ASCII characters without spaces";
        }
        if (!value.starts_with(kKioskTokenPrefix)) {
            return "is not a kiosk token (those start with '" + std::string(kKioskTokenPrefix) +
                   "'; make one with 'feedback-hub kiosk provision')";
        }
        return "";
    }
    if (name == "hub.url") {
        if (!value.starts_with("https://") && !value.starts_with("http://")) {
            return quoted() + " must start with https:// (or http:// for a local hub)";
        }
        return printable_ascii(value, false)
                   ? ""
                   : quoted() + " must not have spaces or control characters";
    }
    if (name == "wifi.ssid") {
        if (value.empty()) {
            return "is empty";
        }
        return value.size() <= 32 ? ""
                                  : quoted() + " is longer than a Wi-Fi name can be (32 bytes)";
    }
    if (name == "wifi.psk") {
        if (value.size() < 8 || value.size() > 63) {
            return "must be 8 to 63 characters (this one has " + std::to_string(value.size()) + ")";
        }
        return printable_ascii(value, true) ? "" : "must be printable ASCII characters";
    }
    if (name == "wifi.country") {
        const bool ok = value.size() == 2 && std::all_of(value.begin(), value.end(), [](char c) {
                            return c >= 'A' && c <= 'Z';
                        });
        return ok ? "" : quoted() + " is not a two-letter country code in capitals, e.g. FI";
    }
    return "";
}

// `text` with every occurrence of each secret replaced: a last guard for messages.
std::string hide(std::string text, const std::vector<std::string>& secrets) {
    for (const auto& secret : secrets) {
        if (secret.size() < 4) {
            continue;  // too short to be worth hiding, and would mangle the message
        }
        constexpr std::string_view kHidden = "(hidden)";
        for (auto at = text.find(secret); at != std::string::npos;
             at = text.find(secret, at + kHidden.size())) {
            text.replace(at, secret.size(), kHidden);
        }
    }
    return text;
}

int last_line(std::string_view text) {
    const auto breaks = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    return std::max(1, breaks + (text.empty() || text.ends_with('\n') ? 0 : 1));
}

// Reads a parsed file into its settings, collecting every problem with its line.
struct ProvisionReader {
    std::string_view source;
    std::vector<std::pair<int, std::string>> errors;  // line, message
    std::map<std::string, int> header_line;           // known section -> first header
    std::vector<std::string> secrets;
    std::map<std::string, std::pair<std::string, int>> values;  // "section.key" -> value, line

    void error(int line, const std::string& what) {
        errors.emplace_back(line, std::string(source) + ":" + std::to_string(line) + ": " + what);
    }

    void read_sections(const IniDocument& doc) {
        for (const auto& s : doc.sections) {
            if (find_section(s.name) == nullptr) {
                error(s.line, "[" + printable(s.name) +
                                  "]: unknown section; a provisioning file has [kiosk], [hub] and "
                                  "[wifi]");
            } else {
                header_line.emplace(s.name, s.line);
            }
        }
    }

    void read_entries(const IniDocument& doc) {
        for (const auto& entry : doc.entries) {
            const auto* section = find_section(entry.section);
            if (section == nullptr) {
                continue;  // its header is reported
            }
            const std::string name = entry.section + "." + entry.key;
            const std::string label = "[" + entry.section + "] " + printable(entry.key);
            if (name == "hub.token" || name == "wifi.psk") {
                secrets.push_back(entry.value);
            }
            if (std::find(section->keys.begin(), section->keys.end(), entry.key) ==
                section->keys.end()) {
                error(entry.line, label + ": unknown setting; [" + entry.section + "] takes " +
                                      std::string(section->listed));
                continue;
            }
            const auto [it, added] = values.emplace(name, std::pair{entry.value, entry.line});
            if (!added) {
                error(entry.line,
                      label + ": already set on line " + std::to_string(it->second.second));
                continue;
            }
            if (const auto why = value_problem(name, entry.value); !why.empty()) {
                error(entry.line, label + ": " + why);
            }
        }
    }

    void check_required(std::string_view text) {
        std::vector<std::string> required = {"kiosk.id", "kiosk.stage", "hub.token"};
        if (header_line.contains("wifi")) {
            required.insert(required.end(), {"wifi.ssid", "wifi.country"});
        }
        for (const auto& name : required) {
            if (values.contains(name)) {
                continue;
            }
            const auto dot = name.find('.');
            const auto section = name.substr(0, dot);
            const std::string label = "[" + section + "] " + name.substr(dot + 1) + ": ";
            if (const auto header = header_line.find(section); header != header_line.end()) {
                error(header->second,
                      label + "is missing" +
                          (section == "wifi" ? " (a [wifi] section needs it)" : ""));
            } else {
                error(last_line(text),
                      label + "is missing, and so is the [" + section + "] section");
            }
        }
    }

    std::string value(const std::string& name) const {
        const auto it = values.find(name);
        return it == values.end() ? std::string() : it->second.first;
    }
};

}  // namespace

ProvisionLoad parse_provision_file(std::string_view text, std::string_view source) {
    ProvisionLoad result;
    const IniDocument doc = parse_ini(text);
    ProvisionReader r{source, {}, {}, {}, {}};
    for (const auto& e : doc.errors) {
        r.error(e.line, e.message);
    }
    r.read_sections(doc);
    r.read_entries(doc);
    r.check_required(text);
    std::stable_sort(r.errors.begin(), r.errors.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (const auto& [line, message] : r.errors) {
        result.errors.push_back(hide(message, r.secrets));
    }
    if (!result.errors.empty()) {
        return result;
    }
    ProvisionFile file{r.value("kiosk.id"),  r.value("kiosk.stage"), r.value("kiosk.site"),
                       r.value("hub.token"), r.value("hub.url"),     std::nullopt};
    if (r.header_line.contains("wifi")) {
        file.wifi = WifiNetwork{r.value("wifi.ssid"), r.value("wifi.psk"), r.value("wifi.country")};
    }
    result.file = std::move(file);
    return result;
}

std::vector<IniValue> kiosk_config_values(const ProvisionFile& file) {
    std::vector<IniValue> out = {{"kiosk", "id", file.kiosk_id}, {"kiosk", "stage", file.stage}};
    if (!file.site.empty()) {
        out.push_back({"kiosk", "site", file.site});
    }
    out.push_back({"hub", "token", file.token});
    if (!file.hub_url.empty()) {
        out.push_back({"hub", "url", file.hub_url});
    }
    return out;
}

std::string hex_encode(std::string_view bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        out += kHex[u >> 4];
        out += kHex[u & 0x0F];
    }
    return out;
}

std::string wpa_supplicant_conf(const WifiNetwork& wifi, std::string_view psk_hex) {
    std::string out =
        "# Written by 'feedback-kiosk provision' from the boot partition's provisioning file.\n"
        "ctrl_interface=DIR=/run/wpa_supplicant GROUP=netdev\n"
        "update_config=0\n"
        "country=" +
        wifi.country +
        "\n"
        "\n"
        "# \"" +
        printable(wifi.ssid) +
        "\"\n"
        "network={\n"
        "\tssid=" +
        hex_encode(wifi.ssid) + "\n";
    if (wifi.psk.empty()) {
        out += "\tkey_mgmt=NONE\n";
    } else {
        out += "\tpsk=" + std::string(psk_hex) + "\n";
    }
    return out + "}\n";
}

}  // namespace fbk::kiosk::core
