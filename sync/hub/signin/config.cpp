#include "sync/hub/signin/config.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace fbk::sync::hub::signin {

namespace {

constexpr std::string_view kKnownFields[] = {
    "issuer",           "client_id",    "client_secret_file",
    "redirect_uri",     "groups_claim", "group_roles",
    "scopes",           "ca_file",      "session_idle_minutes",
    "session_max_hours"};

std::string host_of(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) {
        return {};
    }
    std::string_view rest = url.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (rest.starts_with('[')) {
        return std::string(rest.substr(0, rest.find(']') + 1));
    }
    return std::string(rest.substr(0, rest.find(':')));
}

bool is_https(std::string_view url) {
    return url.starts_with("https://") && !host_of(url).empty();
}

bool is_http(std::string_view url) {
    return url.starts_with("http://") && !host_of(url).empty();
}

bool string_field(const nlohmann::json& doc, const char* name, bool required, std::string& out,
                  std::string& error) {
    const auto it = doc.find(name);
    if (it == doc.end()) {
        if (required) {
            error = std::string("\"") + name + "\" is required";
        }
        return !required;
    }
    if (!it->is_string() || it->get_ref<const std::string&>().empty()) {
        error = std::string("\"") + name + "\" must be a non-empty string";
        return false;
    }
    out = it->get<std::string>();
    return true;
}

bool minutes_field(const nlohmann::json& doc, const char* name, std::int64_t unit_ms,
                   std::int64_t max_units, std::int64_t& out_ms, std::string& error) {
    const auto it = doc.find(name);
    if (it == doc.end()) {
        return true;
    }
    if (!it->is_number_integer() || *it < 1 || *it > max_units) {
        error = std::string("\"") + name + "\" must be a whole number from 1 to " +
                std::to_string(max_units);
        return false;
    }
    out_ms = it->get<std::int64_t>() * unit_ms;
    return true;
}

bool read_group_roles(const nlohmann::json& doc, OidcConfig& config, std::string& error) {
    const auto it = doc.find("group_roles");
    if (it == doc.end() || !it->is_object() || it->empty()) {
        error =
            "\"group_roles\" must be an object mapping at least one group to viewer, analyst "
            "or admin";
        return false;
    }
    for (const auto& [group, role] : it->items()) {
        const auto parsed =
            role.is_string() ? role_from_string(role.get<std::string>()) : std::nullopt;
        if (!parsed || group.empty()) {
            error =
                "\"group_roles\".\"" + group + "\" must be \"viewer\", \"analyst\" or \"admin\"";
            return false;
        }
        config.group_roles.emplace(group, *parsed);
    }
    return true;
}

bool read_secret(const std::string& path, OidcConfig& config, std::string& error) {
    std::ifstream file(path);
    if (!file || !std::getline(file, config.client_secret) || config.client_secret.empty()) {
        error = "\"client_secret_file\": cannot read a secret from " + path;
        return false;
    }
    while (!config.client_secret.empty() &&
           (config.client_secret.back() == '\r' || config.client_secret.back() == ' ')) {
        config.client_secret.pop_back();
    }
    return true;
}

// https everywhere, except a provider and a redirect both on this machine's loopback.
bool urls_safe(OidcConfig& config, std::string& error) {
    const bool local = is_loopback_url(config.redirect_uri);
    for (const auto& [name, url] :
         {std::pair{"issuer", &config.issuer}, std::pair{"redirect_uri", &config.redirect_uri}}) {
        if (!is_https(*url) && !(is_http(*url) && is_loopback_url(*url) && local)) {
            error = std::string("\"") + name +
                    "\" must be an https:// URL (plain http only for a provider and a redirect "
                    "on the loopback interface)";
            return false;
        }
    }
    if (!config.redirect_uri.ends_with("/auth/callback")) {
        error = "\"redirect_uri\" must end with /auth/callback (the hub's callback path)";
        return false;
    }
    config.secure_cookie = is_https(config.redirect_uri);
    return true;
}

}  // namespace

std::optional<Role> OidcConfig::role_for(const std::vector<std::string>& groups) const {
    std::optional<Role> best;
    for (const std::string& g : groups) {
        const auto it = group_roles.find(g);
        if (it != group_roles.end() && (!best || it->second > *best)) {
            best = it->second;
        }
    }
    return best;
}

bool is_loopback_url(std::string_view url) {
    const std::string host = host_of(url);
    return host == "localhost" || host == "[::1]" || host.starts_with("127.");
}

std::optional<OidcConfig> parse_oidc_config(std::string_view text, std::string& error) {
    const auto doc = nlohmann::json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        error = "not a JSON object";
        return std::nullopt;
    }
    for (const auto& [name, value] : doc.items()) {
        if (std::find(std::begin(kKnownFields), std::end(kKnownFields), name) ==
            std::end(kKnownFields)) {
            error = "unknown field \"" + name + "\"";
            return std::nullopt;
        }
    }
    OidcConfig config;
    std::string secret_file;
    std::string ca_file;
    if (!string_field(doc, "issuer", true, config.issuer, error) ||
        !string_field(doc, "client_id", true, config.client_id, error) ||
        !string_field(doc, "client_secret_file", true, secret_file, error) ||
        !string_field(doc, "redirect_uri", true, config.redirect_uri, error) ||
        !string_field(doc, "groups_claim", false, config.groups_claim, error) ||
        !string_field(doc, "scopes", false, config.scopes, error) ||
        !string_field(doc, "ca_file", false, ca_file, error) ||
        !minutes_field(doc, "session_idle_minutes", 60'000, 24 * 60, config.session_idle_ms,
                       error) ||
        !minutes_field(doc, "session_max_hours", 3'600'000, 7 * 24, config.session_max_ms, error) ||
        !read_group_roles(doc, config, error) || !urls_safe(config, error)) {
        return std::nullopt;
    }
    if (config.scopes.find("openid") == std::string::npos) {
        error = "\"scopes\" must include openid";
        return std::nullopt;
    }
    config.ca_file = ca_file;
    if (!read_secret(secret_file, config, error)) {
        return std::nullopt;
    }
    return config;
}

std::optional<OidcConfig> read_oidc_config(const std::filesystem::path& path, std::string& error) {
    std::ifstream file(path);
    if (!file) {
        error = "cannot read " + path.string();
        return std::nullopt;
    }
    std::stringstream text;
    text << file.rdbuf();
    return parse_oidc_config(text.str(), error);
}

}  // namespace fbk::sync::hub::signin
