#include "kiosk/app/central_settings_file.h"

#include <fstream>
#include <sstream>

#include "kiosk/app/durable_file.h"
#include "kiosk/app/pack_update.h"

namespace fbk::kiosk::app {

namespace protocol = sync::protocol;

namespace {

// The ETag on the first line, the hub's document after it.
std::filesystem::path kept_file(const core::KioskConfig& local) {
    return local.data_dir / "central-settings.json";
}

struct Kept {
    std::string etag;
    std::string body;
};

std::optional<Kept> read_kept(const core::KioskConfig& local) {
    std::ifstream in(kept_file(local), std::ios::binary);
    Kept kept;
    if (!in || !std::getline(in, kept.etag)) {
        return std::nullopt;
    }
    std::ostringstream rest;
    rest << in.rdbuf();
    kept.body = rest.str();
    return kept;
}

std::string first_problem(const std::vector<std::string>& problems) {
    return problems.empty() ? "not usable" : problems.front();
}

}  // namespace

SettingsOffer check_offered_settings(const std::string& body, const core::KioskConfig& local) {
    protocol::Issues issues;
    const auto central = protocol::parse_central_settings(body, issues);
    if (!central) {
        for (const auto& issue : issues) {
            if (issue.severity == protocol::Severity::Error) {
                return {nullptr, protocol::describe(issue, "the hub's settings")};
            }
        }
        return {nullptr, "the hub's settings are not a settings document"};
    }
    auto applied = core::apply_central_settings(local, *central);
    if (!applied.config) {
        return {nullptr, first_problem(applied.errors)};
    }
    // The pack in use (the image's or one the hub installed) must serve the stages, the
    // schedule and the languages, exactly as at start.
    const auto assets = load_assets_preferring_installed(*applied.config, true);
    if (!assets.assets) {
        return {nullptr,
                "the hub's settings do not fit this kiosk: " + first_problem(assets.errors)};
    }
    return {std::make_shared<const core::KioskConfig>(std::move(*applied.config)), ""};
}

void keep_central_settings(const core::KioskConfig& local, const std::string& body,
                           const std::string& etag) {
    const bool plain_etag = etag.find_first_of("\r\n") == std::string::npos;
    replace_file_durably(kept_file(local), (plain_etag ? etag : "") + "\n" + body);
}

std::string kept_settings_etag(const core::KioskConfig& local) {
    const auto kept = read_kept(local);
    return kept ? kept->etag : "";
}

core::KioskConfig config_at_start(const core::KioskConfig& local,
                                  std::vector<std::string>& warnings) {
    const auto kept = read_kept(local);
    if (!kept) {
        return local;
    }
    const auto offer = check_offered_settings(kept->body, local);
    if (!offer.config) {
        warnings.push_back("not using the hub's settings kept in " + kept_file(local).string() +
                           ": " + offer.refusal);
        return local;
    }
    return *offer.config;
}

std::string describe_central_settings(const protocol::CentralSettings& settings) {
    std::string out;
    for (const auto& [key, setting] : settings.values) {
        const bool secret = key == protocol::kStaffPinHashKey;
        out += (out.empty() ? "" : ", ") + key + "=" + (secret ? "(set)" : setting.value) + " (" +
               setting.from + ")";
    }
    return out.empty() ? "none" : out;
}

}  // namespace fbk::kiosk::app
