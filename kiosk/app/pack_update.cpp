#include "kiosk/app/pack_update.h"

#include <fstream>
#include <iostream>
#include <stdexcept>

#include "kiosk/app/durable_file.h"
#include "platform/text_shaper.h"

namespace fbk::kiosk::app {

namespace protocol = sync::protocol;

namespace {

std::string first_error(const AssetsLoad& load) {
    return load.errors.empty() ? "not usable" : load.errors.front();
}

}  // namespace

std::filesystem::path installed_pack_file(const core::KioskConfig& config) {
    return config.data_dir / "pack.json";
}

namespace {

std::filesystem::path pack_etag_file(const core::KioskConfig& config) {
    return config.data_dir / "pack.etag";
}

// "ID VERSION" of the installed pack when an administrator assigned it; absent otherwise.
std::filesystem::path assigned_marker_file(const core::KioskConfig& config) {
    return config.data_dir / "pack.assigned";
}

bool installed_was_assigned(const core::KioskConfig& config,
                            const protocol::SurveyPack& installed) {
    std::ifstream in(assigned_marker_file(config));
    std::string id;
    int version = 0;
    return in >> id >> version && id == installed.id && version == installed.version;
}

}  // namespace

std::string read_pack_etag(const core::KioskConfig& config, const protocol::SurveyPack& in_use) {
    std::ifstream in(pack_etag_file(config));
    std::string etag;
    std::string id;
    int version = 0;
    if (!(in && std::getline(in, etag) && in >> id >> version)) {
        return "";
    }
    return id == in_use.id && version == in_use.version ? etag : "";
}

void write_pack_etag(const core::KioskConfig& config, const std::string& etag,
                     const std::string& pack_id, int version) {
    if (etag.empty() || etag.find('\n') != std::string::npos) {
        return;
    }
    replace_file_durably(pack_etag_file(config),
                         etag + "\n" + pack_id + " " + std::to_string(version) + "\n");
}

PackOffer install_offered_pack(const std::string& pack_json, const core::KioskConfig& config,
                               const protocol::SurveyPack& in_use, bool assigned) {
    const auto refused = [](std::string why) {
        return PackOffer{PackOffer::Outcome::Refused, std::move(why), 0};
    };
    const auto parsed = protocol::parse_survey_pack(pack_json);
    if (!parsed.pack) {
        for (const auto& issue : parsed.issues) {
            if (issue.severity == protocol::Severity::Error) {
                return refused(protocol::describe(issue, "the hub's pack"));
            }
        }
        return refused("the hub's pack is not a survey pack");
    }
    if (parsed.pack->id != in_use.id) {
        return refused("the hub offered pack '" + parsed.pack->id + "', this kiosk runs '" +
                       in_use.id + "'");
    }
    if (parsed.pack->version == in_use.version ||
        (parsed.pack->version < in_use.version && !assigned)) {
        return {PackOffer::Outcome::Unchanged, {}, in_use.version};
    }
    const auto candidate = config.data_dir / "pack.candidate.json";
    std::unique_ptr<KioskAssets> next;  // what the next start will show
    try {
        replace_file_durably(candidate, pack_json);
        core::KioskConfig trial = config;
        trial.pack_file = candidate;
        auto load = load_assets(trial);
        if (!load.assets) {
            std::filesystem::remove(candidate);
            return refused("pack '" + parsed.pack->id + "' v" +
                           std::to_string(parsed.pack->version) +
                           " does not fit this kiosk: " + first_error(load));
        }
        // The marker first: a power cut between the two leaves at worst a marker that names
        // another version than pack.json, which the next start ignores.
        if (assigned) {
            replace_file_durably(
                assigned_marker_file(config),
                parsed.pack->id + " " + std::to_string(parsed.pack->version) + "\n");
        } else {
            std::filesystem::remove(assigned_marker_file(config));
        }
        replace_file_durably(installed_pack_file(config), pack_json);
        std::filesystem::remove(candidate);
        next = std::move(load.assets);
    } catch (const std::exception& e) {
        return refused("pack '" + parsed.pack->id + "' v" + std::to_string(parsed.pack->version) +
                       " could not be saved: " + e.what());
    }
    std::cerr << "feedback-kiosk: installed survey pack " << parsed.pack->id << " v"
              << parsed.pack->version << " from the hub (was v" << in_use.version
              << (assigned ? "; assigned by an administrator" : "") << ")\n";
    // Its Arabic and Persian are shaped now, on this thread, and kept: the next start reads
    // their glyphs instead of shaping at start. Should it fail, that start shapes them itself.
    try {
        platform::TextShaper::plan_glyphs(next->all_texts(), glyph_plan_file(config));
    } catch (const std::exception& e) {
        std::cerr << "feedback-kiosk: warning: the new pack's glyphs were not prepared: "
                  << e.what() << "\n";
    }
    return {PackOffer::Outcome::Installed, {}, parsed.pack->version};
}

AssetsLoad load_assets_preferring_installed(const core::KioskConfig& config, bool quiet) {
    auto configured = load_assets(config);
    const auto installed_file = installed_pack_file(config);
    if (!configured.assets || !std::filesystem::exists(installed_file)) {
        return configured;
    }
    core::KioskConfig trial = config;
    trial.pack_file = installed_file;
    auto installed = load_assets(trial);
    if (!installed.assets) {
        std::cerr << "feedback-kiosk: ignoring " << installed_file.string() << ": "
                  << first_error(installed) << "\n";
        return configured;
    }
    const auto& mine = configured.assets->pack;
    const auto& theirs = installed.assets->pack;
    const bool assigned = installed_was_assigned(config, theirs);
    if (theirs.id != mine.id || (theirs.version <= mine.version && !assigned)) {
        return configured;  // the image was updated past it, or the config names another pack
    }
    if (quiet) {
        return installed;
    }
    std::cerr << "feedback-kiosk: using survey pack " << theirs.id << " v" << theirs.version
              << " from the hub (" << installed_file.string()
              << (assigned ? ", assigned by an administrator" : "") << ")\n";
    return installed;
}

}  // namespace fbk::kiosk::app
