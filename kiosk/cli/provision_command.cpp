#include "kiosk/cli/provision_command.h"

#include <fcntl.h>
#include <grp.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <functional>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <vector>

#include "kiosk/core/ini_edit.h"
#include "kiosk/core/kiosk_config.h"
#include "kiosk/core/provision_file.h"
#include "sync/uploader/url_host.h"

namespace fbk::kiosk::cli {

namespace {

namespace fs = std::filesystem;

// A provisioning file is a few hundred bytes; anything this big is something else.
constexpr off_t kMaxInputBytes = 64 * 1024;

struct SystemError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

[[noreturn]] void throw_errno(std::string_view what, const fs::path& path) {
    throw SystemError(std::string(what) + " " + path.string() + ": " + std::strerror(errno));
}

fs::path dir_of(const fs::path& file) {
    return file.has_parent_path() ? file.parent_path() : fs::path(".");
}

class Fd {
  public:
    explicit Fd(int fd) : fd_(fd) {}
    ~Fd() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return fd_; }
    // close(2)'s own result: a delayed write error shows up here on some filesystems.
    bool close() {
        const int rc = ::close(fd_);
        fd_ = -1;
        return rc == 0;
    }

  private:
    int fd_;
};

std::string read_small_file(const fs::path& file) {
    Fd fd(::open(file.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    if (fd.get() < 0) {
        throw_errno("cannot open", file);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        throw_errno("cannot inspect", file);
    }
    if (!S_ISREG(st.st_mode)) {
        throw SystemError(file.string() + " is not a regular file");
    }
    if (st.st_size > kMaxInputBytes) {
        throw SystemError(file.string() + " is larger than " + std::to_string(kMaxInputBytes) +
                          " bytes");
    }
    std::string text;
    std::array<char, 4096> chunk{};
    while (true) {
        const auto n = ::read(fd.get(), chunk.data(), chunk.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n < 0) {
            throw_errno("cannot read", file);
        }
        if (n == 0) {
            return text;
        }
        text.append(chunk.data(), static_cast<std::size_t>(n));
        if (static_cast<off_t>(text.size()) > kMaxInputBytes) {
            throw SystemError(file.string() + " grew past " + std::to_string(kMaxInputBytes) +
                              " bytes while being read");
        }
    }
}

void write_all(int fd, const char* data, std::size_t size, const fs::path& file) {
    for (std::size_t done = 0; done < size;) {
        const auto n = ::write(fd, data + done, size - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            throw_errno("cannot write", file);
        }
        done += static_cast<std::size_t>(n);
    }
}

void sync_dir(const fs::path& dir) {
    Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) {
        throw_errno("cannot open directory", dir);
    }
    if (::fsync(fd.get()) != 0) {
        throw_errno("cannot sync directory", dir);
    }
}

struct Owner {
    uid_t uid;
    gid_t gid;
};

// `text` as `file` with `mode` (and `owner`, if given), or `file` as it was: written to a
// temporary file in the same directory (created 0600, so a secret is never readable on the way),
// synced, renamed over `file`, and the directory synced.
void replace_file(const fs::path& file, std::string_view text, mode_t mode,
                  std::optional<Owner> owner) {
    const fs::path dir = dir_of(file);
    std::string temp = (dir / ("." + file.filename().string() + ".XXXXXX")).string();
    Fd fd(::mkostemp(temp.data(), O_CLOEXEC));
    if (fd.get() < 0) {
        throw_errno("cannot create a temporary file in", dir);
    }
    try {
        write_all(fd.get(), text.data(), text.size(), temp);
        if (owner && ::fchown(fd.get(), owner->uid, owner->gid) != 0) {
            throw_errno("cannot set the owner of", temp);
        }
        if (::fchmod(fd.get(), mode) != 0) {
            throw_errno("cannot set the mode of", temp);
        }
        if (::fsync(fd.get()) != 0) {
            throw_errno("cannot sync", temp);
        }
        if (!fd.close()) {
            throw_errno("cannot write", temp);
        }
        if (::rename(temp.c_str(), file.c_str()) != 0) {
            throw_errno("cannot rename " + temp + " to", file);
        }
    } catch (...) {
        ::unlink(temp.c_str());
        throw;
    }
    sync_dir(dir);
}

// Zeros over every byte of `file` where they are (no O_TRUNC: the filesystem keeps the same
// blocks, which on FAT are rewritten in place), synced; then the file is removed and its
// directory synced.
void erase_file(const fs::path& file) {
    Fd fd(::open(file.c_str(), O_WRONLY | O_NOFOLLOW | O_CLOEXEC));
    if (fd.get() < 0) {
        throw_errno("cannot open", file);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        throw_errno("cannot inspect", file);
    }
    const std::vector<char> zeros(64 * 1024, '\0');
    for (off_t left = st.st_size; left > 0;) {
        const auto n = static_cast<std::size_t>(std::min(left, static_cast<off_t>(zeros.size())));
        write_all(fd.get(), zeros.data(), n, file);
        left -= static_cast<off_t>(n);
    }
    if (::fsync(fd.get()) != 0) {
        throw_errno("cannot sync", file);
    }
    if (!fd.close()) {
        throw_errno("cannot write", file);
    }
    if (::unlink(file.c_str()) != 0) {
        throw_errno("cannot remove", file);
    }
    sync_dir(dir_of(file));
}

// Copies of the provisioning file that other computers leave on a FAT card: a Mac's
// AppleDouble file and editors' backups. They may hold the token too; erased the same way.
void erase_copies_of(const fs::path& file, std::ostream& err) {
    const std::string name = file.filename().string();
    for (const std::string& copy :
         {"._" + name, name + "~", name + ".bak", name + ".orig", "." + name + ".swp"}) {
        const fs::path path = dir_of(file) / copy;
        struct stat st {};
        if (::lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
            continue;
        }
        try {
            erase_file(path);
        } catch (const SystemError& e) {
            err << "feedback-kiosk: " << e.what() << " (a copy of the provisioning file)\n";
        }
    }
}

std::optional<gid_t> group_id(const std::string& name) {
    std::vector<char> buffer(16 * 1024);
    group entry{};
    group* found = nullptr;
    while (true) {
        const int rc = ::getgrnam_r(name.c_str(), &entry, buffer.data(), buffer.size(), &found);
        if (rc == ERANGE && buffer.size() < 1024 * 1024) {
            buffer.resize(buffer.size() * 2);
            continue;
        }
        if (rc != 0 || found == nullptr) {
            return std::nullopt;
        }
        return found->gr_gid;
    }
}

// `text` with every occurrence of `secret` hidden.
std::string hide(std::string text, std::string_view secret) {
    if (secret.empty()) {
        return text;
    }
    constexpr std::string_view kHidden = "(hidden)";
    for (auto at = text.find(secret); at != std::string::npos;
         at = text.find(secret, at + kHidden.size())) {
        text.replace(at, secret.size(), kHidden);
    }
    return text;
}

}  // namespace

std::string wpa_psk_hex(std::string_view passphrase, std::string_view ssid) {
    std::array<unsigned char, 32> key{};
    if (PKCS5_PBKDF2_HMAC_SHA1(passphrase.data(), static_cast<int>(passphrase.size()),
                               reinterpret_cast<const unsigned char*>(ssid.data()),
                               static_cast<int>(ssid.size()), 4096, static_cast<int>(key.size()),
                               key.data()) != 1) {
        throw std::runtime_error("PBKDF2 failed (OpenSSL)");
    }
    std::string hex =
        core::hex_encode(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()));
    OPENSSL_cleanse(key.data(), key.size());
    return hex;
}

namespace {

// What provisioning will write, worked out before anything is written.
struct ProvisionPlan {
    std::string config_text;
    std::string wifi_text;
    std::string wifi_note = "no [wifi] section, Wi-Fi left as it was";
    std::optional<Owner> config_owner;
    std::optional<Owner> wifi_owner;
};

using Refusal = std::function<int(std::string_view why)>;

// The kiosk configuration: the template's text with the file's settings, checked as the kiosk
// will read it. 0, or the exit code.
int plan_config(const ProvisionOptions& options, const core::ProvisionFile& file, std::ostream& err,
                const Refusal& refused, ProvisionPlan& plan) {
    const std::string config_text = read_small_file(options.config);
    try {
        plan.config_text = core::set_ini_values(config_text, core::kiosk_config_values(file));
    } catch (const std::invalid_argument& e) {
        return refused(hide(e.what(), file.token));
    }
    const auto check =
        core::parse_kiosk_config(plan.config_text, options.config, sync::uploader::hub_url_host);
    if (!check.config) {
        for (const auto& e : check.errors) {
            err << "feedback-kiosk: " << hide(e, file.token) << "\n";
        }
        return refused(options.config.string() +
                       " would not be a valid configuration with these settings");
    }
    return 0;
}

// Who owns the results (root, and the kiosk's group for the configuration), that their
// directories exist, and the Wi-Fi file. 0, or the exit code.
int plan_files(const ProvisionOptions& options, const core::ProvisionFile& file, std::ostream& err,
               ProvisionPlan& plan) {
    if (::geteuid() == 0) {
        const auto gid = group_id(options.group);
        if (!gid) {
            err << "feedback-kiosk: group '" << options.group
                << "' does not exist (the feedback-kiosk package creates it; or give "
                   "--group); nothing was changed\n";
            return 1;
        }
        plan.config_owner = Owner{0, *gid};
        plan.wifi_owner = Owner{0, 0};
    }
    // The directories exist, so that writing does not stop half-way for want of one.
    for (const auto& target : {options.config, file.wifi ? options.wifi_out : fs::path()}) {
        if (!target.empty() && !fs::is_directory(dir_of(target))) {
            err << "feedback-kiosk: " << dir_of(target).string()
                << " is not a directory; nothing was changed\n";
            return 1;
        }
    }
    if (file.wifi) {
        const auto& wifi = *file.wifi;
        plan.wifi_text = core::wpa_supplicant_conf(
            wifi, wifi.psk.empty() ? "" : wpa_psk_hex(wifi.psk, wifi.ssid));
        plan.wifi_note = "Wi-Fi \"" + core::printable(wifi.ssid) + "\"" +
                         (wifi.psk.empty() ? " (an open network)" : "") + " configured";
    }
    return 0;
}

// Both files in place, then the provisioning file erased: a power cut anywhere before the
// erase leaves it there, and the next boot does the same again. 0, or the exit code.
int install(const ProvisionOptions& options, const core::ProvisionFile& file,
            const ProvisionPlan& plan, std::ostream& err) {
    replace_file(options.config, plan.config_text, 0640, plan.config_owner);
    if (file.wifi) {
        replace_file(options.wifi_out, plan.wifi_text, 0600, plan.wifi_owner);
    }
    try {
        erase_file(options.from);
        erase_copies_of(options.from, err);
    } catch (const SystemError& e) {
        err << "feedback-kiosk: the kiosk is configured, but " << e.what() << "; "
            << options.from.string()
            << " still holds the hub token (the next boot provisions again from it, or "
               "remove it by hand)\n";
        return 1;
    }
    return 0;
}

}  // namespace

int provision(const ProvisionOptions& options, std::ostream& out, std::ostream& err) {
    const std::string from = options.from.string();
    const Refusal refused = [&](std::string_view why) {
        err << "feedback-kiosk: " << why << "\n"
            << "feedback-kiosk: nothing was changed; " << from
            << " stays where it is, to be fixed and read again\n";
        return 2;
    };
    try {
        const auto load = core::parse_provision_file(read_small_file(options.from), from);
        if (!load.file) {
            for (const auto& e : load.errors) {
                err << "feedback-kiosk: " << e << "\n";
            }
            return refused(std::to_string(load.errors.size()) +
                           (load.errors.size() == 1 ? " problem" : " problems") +
                           " in the provisioning file");
        }
        const core::ProvisionFile& file = *load.file;
        if (file.wifi && options.wifi_out.empty()) {
            return refused(from +
                           " has a [wifi] section: give --wifi-out FILE (e.g. "
                           "/etc/wpa_supplicant/wpa_supplicant-wlan0.conf) to configure it");
        }
        ProvisionPlan plan;
        if (const int rc = plan_config(options, file, err, refused, plan); rc != 0) {
            return rc;
        }
        if (const int rc = plan_files(options, file, err, plan); rc != 0) {
            return rc;
        }
        if (const int rc = install(options, file, plan, err); rc != 0) {
            return rc;
        }
        out << "provisioned kiosk " << file.kiosk_id << " (stage " << file.stage
            << (file.site.empty() ? "" : ", site " + file.site) << ") from " << from << "; "
            << plan.wifi_note << "; provisioning file erased\n";
        return 0;
    } catch (const std::exception& e) {
        err << "feedback-kiosk: provision: " << e.what() << "; " << from
            << " was not erased, so the next boot tries again\n";
        return 1;
    }
}

}  // namespace fbk::kiosk::cli
