#include "sync/hub/cli/kiosk_provision.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>

#include "sync/hub/cli/csv_reader.h"
#include "sync/protocol/ids.h"
#include "sync/protocol/printable.h"
#include "sync/protocol/stages.h"

namespace fbk::sync::hub {

namespace {

// "errno text" for a failed system call on `path`.
[[noreturn]] void throw_errno(std::string_view what, const std::filesystem::path& path) {
    throw std::runtime_error(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

// Makes `dir` with mode 0700 (whatever the umask); false when it existed already.
bool make_private_dir(const std::filesystem::path& dir) {
    if (::mkdir(dir.c_str(), 0700) != 0) {
        if (errno == EEXIST && std::filesystem::is_directory(dir)) {
            return false;
        }
        throw_errno("cannot create directory", dir);
    }
    if (::chmod(dir.c_str(), 0700) != 0) {
        throw_errno("cannot set the mode of", dir);
    }
    return true;
}

void sync_dir(const std::filesystem::path& dir) {
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        throw_errno("cannot open directory", dir);
    }
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0) {
        throw_errno("cannot sync directory", dir);
    }
}

// `text` in `file` with mode 0600, on disk when this returns.
void write_private_file(const std::filesystem::path& file, std::string_view text) {
    const int fd =
        ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) {
        throw_errno("cannot create", file);
    }
    bool ok = ::fchmod(fd, 0600) == 0;
    for (std::size_t done = 0; ok && done < text.size();) {
        const auto n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        ok = n > 0;
        done += ok ? static_cast<std::size_t>(n) : 0;
    }
    ok = ok && ::fsync(fd) == 0;
    const int saved = errno;
    ::close(fd);
    if (!ok) {
        errno = saved;
        throw_errno("cannot write", file);
    }
}

// Everything provision_kiosks made so far, removed again unless it all worked.
class Undo {
  public:
    Undo() = default;
    Undo(const Undo&) = delete;
    Undo& operator=(const Undo&) = delete;
    ~Undo() {
        if (done_) {
            return;
        }
        for (auto it = made_.rbegin(); it != made_.rend(); ++it) {
            std::error_code ec;
            std::filesystem::remove(*it, ec);  // a directory only if it is empty
        }
    }
    void made(const std::filesystem::path& path) { made_.push_back(path); }
    void keep() { done_ = true; }

  private:
    std::vector<std::filesystem::path> made_;
    bool done_ = false;
};

}  // namespace

std::vector<std::string> output_problems(std::span<const KioskRow> kiosks,
                                         const std::filesystem::path& out, std::string_view file) {
    std::vector<std::string> problems;
    std::error_code ec;
    if (std::filesystem::exists(out, ec) && !std::filesystem::is_directory(out, ec)) {
        problems.push_back("--out " + out.string() + ": exists and is not a directory");
        return problems;
    }
    for (const auto& kiosk : kiosks) {
        const auto dir = out / kiosk.kiosk_id;
        const auto target = dir / kProvisionFileName;
        const std::string at = std::string(file) + ":" + std::to_string(kiosk.line) +
                               ": kiosk_id '" + kiosk.kiosk_id + "': ";
        if (std::filesystem::exists(dir, ec) && !std::filesystem::is_directory(dir, ec)) {
            problems.push_back(at + dir.string() + " exists and is not a directory");
            continue;
        }
        const auto status = std::filesystem::symlink_status(target, ec);
        if (status.type() == std::filesystem::file_type::not_found) {
            continue;
        }
        if (ec) {
            problems.push_back(at + "cannot check " + target.string() + ": " + ec.message());
        } else {
            problems.push_back(at + target.string() +
                               " exists already: this kiosk was provisioned before. To provision "
                               "it again, revoke its token (feedback-hub token revoke --kiosk " +
                               kiosk.kiosk_id + ") and remove that file");
        }
    }
    return problems;
}

std::string provision_file_text(const KioskRow& kiosk, std::string_view token,
                                std::string_view hub_url) {
    std::string out = "# Feedback Kiosk provisioning file for kiosk " + kiosk.kiosk_id +
                      ". Copy it to the boot partition of that\n"
                      "# kiosk as " +
                      std::string(kProvisionFileName) +
                      "; it is read on first boot and then erased.\n"
                      "[kiosk]\n"
                      "id = " +
                      kiosk.kiosk_id + "\nstage = " + kiosk.stage + "\n";
    if (!kiosk.site.empty()) {
        out += "site = " + kiosk.site + "\n";
    }
    out += "\n[hub]\ntoken = " + std::string(token) + "\n";
    if (!hub_url.empty()) {
        out += "url = " + std::string(hub_url) + "\n";
    }
    if (!kiosk.wifi_ssid.empty()) {
        out += "\n[wifi]\nssid = " + kiosk.wifi_ssid + "\n";
        if (!kiosk.wifi_psk.empty()) {
            out += "psk = " + kiosk.wifi_psk + "\n";
        }
        out += "country = " + kiosk.wifi_country + "\n";
    }
    return out;
}

std::vector<std::filesystem::path> provision_kiosks(HubStore& store,
                                                    std::span<const KioskRow> kiosks,
                                                    const std::filesystem::path& out,
                                                    std::string_view hub_url, std::int64_t now_ms) {
    std::vector<std::string> ids;
    std::vector<std::filesystem::path> files;
    for (const auto& kiosk : kiosks) {
        ids.push_back(kiosk.kiosk_id);
        files.push_back(out / kiosk.kiosk_id / kProvisionFileName);
    }
    Undo undo;
    // Inside the tokens' transaction: if anything here fails, no token is stored.
    const auto publish = [&](std::span<const std::string> tokens) {
        // Missing parents of `out` are made too (as mkdir -p would), and removed on failure.
        std::vector<std::filesystem::path> missing;
        for (auto dir = out.parent_path(); !dir.empty() && !std::filesystem::exists(dir);
             dir = dir.parent_path()) {
            missing.insert(missing.begin(), dir);
        }
        for (const auto& dir : missing) {
            if (std::filesystem::create_directory(dir)) {
                undo.made(dir);
            }
        }
        if (make_private_dir(out)) {
            undo.made(out);
        }
        std::vector<std::filesystem::path> parts;
        for (std::size_t i = 0; i < kiosks.size(); ++i) {
            if (make_private_dir(files[i].parent_path())) {
                undo.made(files[i].parent_path());
            }
            parts.push_back(files[i].string() + ".part");
            undo.made(parts.back());
            write_private_file(parts.back(), provision_file_text(kiosks[i], tokens[i], hub_url));
        }
        // A file with the final name is always complete; refuse to replace one that appeared
        // meanwhile.
        for (std::size_t i = 0; i < kiosks.size(); ++i) {
            if (std::filesystem::exists(files[i])) {
                throw std::runtime_error(files[i].string() + " appeared while provisioning");
            }
            if (::rename(parts[i].c_str(), files[i].c_str()) != 0) {
                throw_errno("cannot rename to", files[i]);
            }
            undo.made(files[i]);
            sync_dir(files[i].parent_path());
        }
        sync_dir(out);
    };
    store.create_kiosk_tokens(ids, now_ms, publish);
    undo.keep();
    return files;
}

}  // namespace fbk::sync::hub
