#include "kiosk/app/pack_update.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <stdexcept>

namespace fbk::kiosk::app {

namespace protocol = sync::protocol;

namespace {

// Written, flushed to the disk, then renamed over the old file and the directory synced: a
// power cut leaves either the old pack or the new one, never half of one.
void write_file_durably(const std::filesystem::path& file, const std::string& text) {
    const auto temp = file.string() + ".new";
    const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw std::runtime_error("cannot write " + temp);
    }
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n <= 0) {
            ::close(fd);
            throw std::runtime_error("cannot write " + temp + " (disk full?)");
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        throw std::runtime_error("cannot flush " + temp);
    }
    std::filesystem::rename(temp, file);
    const int dir = ::open(file.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
}

std::string first_error(const AssetsLoad& load) {
    return load.errors.empty() ? "not usable" : load.errors.front();
}

}  // namespace

std::filesystem::path installed_pack_file(const core::KioskConfig& config) {
    return config.data_dir / "pack.json";
}

std::optional<std::string> install_offered_pack(const std::string& pack_json,
                                                const core::KioskConfig& config,
                                                const protocol::SurveyPack& in_use) {
    const auto parsed = protocol::parse_survey_pack(pack_json);
    if (!parsed.pack) {
        for (const auto& issue : parsed.issues) {
            if (issue.severity == protocol::Severity::Error) {
                return protocol::describe(issue, "the hub's pack");
            }
        }
        return "the hub's pack is not a survey pack";
    }
    if (parsed.pack->id != in_use.id) {
        return "the hub offered pack '" + parsed.pack->id + "', this kiosk runs '" + in_use.id +
               "'";
    }
    if (parsed.pack->version <= in_use.version) {
        return std::nullopt;
    }
    const auto candidate = config.data_dir / "pack.candidate.json";
    try {
        write_file_durably(candidate, pack_json);
        core::KioskConfig trial = config;
        trial.pack_file = candidate;
        const auto load = load_assets(trial);
        if (!load.assets) {
            std::filesystem::remove(candidate);
            return "pack '" + parsed.pack->id + "' v" + std::to_string(parsed.pack->version) +
                   " does not fit this kiosk: " + first_error(load);
        }
        write_file_durably(installed_pack_file(config), pack_json);
        std::filesystem::remove(candidate);
    } catch (const std::exception& e) {
        return "pack '" + parsed.pack->id + "' v" + std::to_string(parsed.pack->version) +
               " could not be saved: " + e.what();
    }
    std::cerr << "feedback-kiosk: installed survey pack " << parsed.pack->id << " v"
              << parsed.pack->version << " from the hub (was v" << in_use.version << ")\n";
    return std::nullopt;
}

AssetsLoad load_assets_preferring_installed(const core::KioskConfig& config) {
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
    if (theirs.id != mine.id || theirs.version <= mine.version) {
        return configured;  // the image was updated past it, or the config names another pack
    }
    std::cerr << "feedback-kiosk: using survey pack " << theirs.id << " v" << theirs.version
              << " from the hub (" << installed_file.string() << ")\n";
    return installed;
}

}  // namespace fbk::kiosk::app
