// `feedback-kiosk provision` as a kiosk's first boot runs it: the hub's provisioning file on a
// real FAT boot partition (an image file, mkfs.vfat, mounted), the image's configuration template
// filled in, a wpa_supplicant file written, and afterwards neither the token nor the Wi-Fi
// passphrase anywhere in the partition's raw bytes. A refused file changes nothing and stays.
// Long because the FAT partition, its template and the checks of modes, owners and raw bytes
// (FatBootPartition and the helpers below) are this file's alone and shared by its four cases.
#include <doctest/doctest.h>

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/fixtures.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace fbk::test;
namespace fs = std::filesystem;

namespace {

// `name` on $PATH or in the sbin directories (mkfs.vfat is in /usr/sbin), or empty.
fs::path find_tool(const std::string& name) {
    std::string dirs = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
    dirs += ":/usr/sbin:/sbin:/usr/bin:/bin";
    std::stringstream in(dirs);
    std::string dir;
    while (std::getline(in, dir, ':')) {
        const auto candidate = fs::path(dir) / name;
        if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) {
            return candidate;
        }
    }
    return {};
}

fs::path require_tool(const std::string& name) {
    const auto path = find_tool(name);
    if (path.empty()) {
        throw std::runtime_error(name + " is not installed");
    }
    return path;
}

std::string random_hex(std::size_t bytes) {
    std::random_device random;
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (std::size_t i = 0; i < bytes; ++i) {
        const auto b = random() & 0xFF;
        out += kHex[b >> 4];
        out += kHex[b & 0x0F];
    }
    return out;
}

bool is_mounted(const fs::path& dir) {
    std::ifstream in("/proc/self/mountinfo");
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream fields(line);
        std::string field;
        for (int i = 0; i < 5 && fields >> field; ++i) {
        }
        if (field == dir.string()) {
            return true;
        }
    }
    return false;
}

// An 8 MiB FAT image made by mkfs.vfat and mounted read-write on DIR/boot, like a kiosk's
// /boot/firmware: by the kernel (mount -o loop, root needed), or by fusefat where the kernel has
// no FAT driver. Unmounted when it goes out of scope, also when the test failed.
class FatBootPartition {
  public:
    explicit FatBootPartition(const fs::path& dir)
        : dir_(dir), image_(dir / "boot.img"), mount_point_(dir / "boot") {
        fs::create_directories(mount_point_);
        std::ofstream(image_, std::ios::binary).close();
        fs::resize_file(image_, 8 * 1024 * 1024);
        const auto [mkfs, mkfs_out] = run_command(
            {require_tool("mkfs.vfat").string(), "-n", "BOOT", image_.string()}, dir_ / "mkfs.log");
        if (mkfs != 0) {
            throw std::runtime_error("mkfs.vfat failed: " + read_file(dir_ / "mkfs.log"));
        }
        const auto [status, out] = run_command(
            {require_tool("mount").string(), "-o", "loop", image_.string(), mount_point_.string()},
            dir_ / "mount.log");
        if (status == 0) {
            mounted_ = true;
            return;
        }
        const auto fusefat = find_tool("fusefat");
        if (fusefat.empty()) {
            throw std::runtime_error(
                "cannot mount a FAT image (root and the kernel's vfat "
                "driver, or fusefat, are needed): " +
                read_file(dir_ / "mount.log"));
        }
        // This kernel has no vfat (some CI kernels): the same FAT format, in user space.
        fuse_ = std::make_unique<Process>(
            std::vector<std::string>{fusefat.string(), "-f", "-o", "rw+", image_.string(),
                                     mount_point_.string()},
            dir_ / "fusefat.log");
        const auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!is_mounted(mount_point_)) {
            if (std::chrono::steady_clock::now() > deadline) {
                throw std::runtime_error("fusefat did not mount " + image_.string() + ": " +
                                         read_file(dir_ / "mount.log") + fuse_->stderr_text());
            }
            std::this_thread::sleep_for(10ms);
        }
        mounted_ = true;
    }

    ~FatBootPartition() {
        try {
            unmount();
        } catch (const std::exception&) {
            try {  // busy: detach it, so that the temporary directory can go
                run_command({require_tool("umount").string(), "-l", mount_point_.string()},
                            dir_ / "umount.log");
            } catch (const std::exception&) {
            }
        }
    }
    FatBootPartition(const FatBootPartition&) = delete;
    FatBootPartition& operator=(const FatBootPartition&) = delete;

    const fs::path& dir() const { return mount_point_; }

    // After this the image file holds everything that was written to the partition.
    void unmount() {
        if (!mounted_) {
            return;
        }
        const auto [status, out] = run_command(
            {require_tool("umount").string(), mount_point_.string()}, dir_ / "umount.log");
        if (status != 0) {
            throw std::runtime_error("umount failed: " + read_file(dir_ / "umount.log"));
        }
        mounted_ = false;
        if (fuse_) {
            fuse_->wait(10s);  // fusefat has written its last block to the image
        }
    }

    // The partition as a card reader would see it, block for block.
    std::string raw_bytes() const {
        REQUIRE_FALSE(mounted_);
        return read_file(image_);
    }

  private:
    fs::path dir_;
    fs::path image_;
    fs::path mount_point_;
    std::unique_ptr<Process> fuse_;
    bool mounted_ = false;
};

struct Secrets {
    std::string token = "fbk_kiosk_" + random_hex(24);
    std::string psk = "Psk-" + random_hex(20) + " ok";  // 47 characters, a space among them
};

// A provisioning file as the hub writes it (sync/hub/kiosk_provision.cpp); the stage is on
// line 4 and [hub] on line 7.
std::string provision_text(const Secrets& s, const std::string& stage = "WAITING",
                           bool with_token = true) {
    std::string text = "# Feedback Kiosk provisioning file for kiosk er-lobby-1.\n";
    text += "[kiosk]\nid = er-lobby-1\nstage = " + stage + "\nsite = north\n";
    text += "\n[hub]\n";
    if (with_token) {
        text += "token = " + s.token + "\n";
    }
    text += "url = https://feedback.example.org\n";
    text += "\n[wifi]\nssid = Hospital-IoT\npsk = " + s.psk + "\ncountry = FI\n";
    return text;
}

// The shipped example configuration, made valid on this machine: the pack from this checkout,
// the outbox in the test's directory. Everything else is as the image would have it.
fs::path write_template(const fs::path& dir) {
    std::string text = read_file(source_dir() / "deploy/config/kiosk.conf.example");
    const auto set_line = [&](const std::string& key, const std::string& value) {
        const auto at = text.find("\n" + key + " = ");
        REQUIRE_MESSAGE(at != std::string::npos, "kiosk.conf.example has no '" << key << "'");
        const auto end = text.find('\n', at + 1);
        text.replace(at + 1, end - at - 1, key + " = " + value);
    };
    set_line("pack", (source_dir() / "assets/packs/default-healthcare.json").string());
    set_line("data_dir", (dir / "kiosk-data").string());
    const auto file = dir / "etc/kiosk.conf";
    write_file(file, text);
    return file;
}

// The value of the first "key = value" line of `key` (in any section), without a trailing
// comment; "(none)" if there is no such line.
std::string value_of(const std::string& text, const std::string& key) {
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.starts_with(key + " = ")) {
            std::string value = line.substr(key.size() + 3);
            value = value.substr(0, value.find(" #"));
            return value.substr(0, value.find_last_not_of(' ') + 1);
        }
    }
    return "(none)";
}

// `text` without its lines that set one of `keys` (in any section).
std::string without_keys(const std::string& text, const std::vector<std::string>& keys) {
    std::istringstream in(text);
    std::string out;
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        std::string key = eq == std::string::npos ? "" : line.substr(0, eq);
        key.erase(std::remove_if(key.begin(), key.end(), ::isspace), key.end());
        const bool comment = line.find_first_not_of(" \t") != std::string::npos &&
                             (line[line.find_first_not_of(" \t")] == '#' ||
                              line[line.find_first_not_of(" \t")] == ';');
        if (comment || std::find(keys.begin(), keys.end(), key) == keys.end()) {
            out += line + "\n";
        }
    }
    return out;
}

int mode_of(const fs::path& path) {
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777) : -1;
}

struct stat stat_of(const fs::path& path) {
    struct stat st {};
    REQUIRE(::lstat(path.c_str(), &st) == 0);
    return st;
}

// The key wpa_passphrase would write for this passphrase and SSID, from the openssl command
// (not from the code under test).
std::string expected_psk(const std::string& passphrase, const std::string& ssid,
                         const fs::path& dir) {
    const auto [status, out] =
        run_command({require_tool("openssl").string(), "kdf", "-keylen", "32", "-kdfopt",
                     "digest:SHA1", "-kdfopt", "pass:" + passphrase, "-kdfopt", "salt:" + ssid,
                     "-kdfopt", "iter:4096", "PBKDF2"},
                    dir / "openssl.log");
    REQUIRE(status == 0);
    std::string hex;
    for (const char c : out) {
        if (std::isxdigit(static_cast<unsigned char>(c))) {
            hex += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    REQUIRE(hex.size() == 64);
    return hex;
}

std::string hex_of(const std::string& bytes) {
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        out += kHex[u >> 4];
        out += kHex[u & 0x0F];
    }
    return out;
}

gid_t gid_of(const std::string& group_name) {
    const group* g = ::getgrnam(group_name.c_str());
    REQUIRE_MESSAGE(g != nullptr, "no group " << group_name);
    return g->gr_gid;
}

std::vector<std::string> names_in(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(dir)) {
        names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
}

// A group every Debian system has, other than root's: shows that --group is applied.
const std::string kGroup = "nogroup";

}  // namespace

TEST_CASE("first boot provisions the kiosk from a FAT boot partition and leaves no secret on it") {
    TempDir dir("fbk-provision-boot");
    FatBootPartition boot(dir.path());
    const Secrets secrets;
    const auto from = boot.dir() / "feedback-kiosk.provision";
    // Saved by a Windows editor: a byte order mark first.
    write_file(from, "\xEF\xBB\xBF" + provision_text(secrets));
    // Copies other computers leave beside it (a Mac's AppleDouble file, an editor's backup):
    // they hold the token too.
    write_file(boot.dir() / "._feedback-kiosk.provision", provision_text(secrets));
    write_file(boot.dir() / "feedback-kiosk.provision~", provision_text(secrets));
    // Something that stays on the partition: shows that the raw search below finds file data.
    const std::string marker = "fbk-marker-" + random_hex(16);
    write_file(boot.dir() / "config.txt", "# Raspberry Pi settings " + marker + "\n");
    const auto config = write_template(dir.path());
    const std::string template_text = read_file(config);
    const auto wifi_out = dir / "wpa_supplicant/wpa_supplicant-wlan0.conf";
    fs::create_directories(wifi_out.parent_path());

    const auto [status, out] =
        run_command({kiosk_exe(), "provision", "--from", from.string(), "--config", config.string(),
                     "--wifi-out", wifi_out.string(), "--group", kGroup},
                    dir / "provision.log");
    const std::string err = read_file(dir / "provision.log");
    REQUIRE_MESSAGE(status == 0, err);
    CHECK(out == "provisioned kiosk er-lobby-1 (stage WAITING, site north) from " + from.string() +
                     "; Wi-Fi \"Hospital-IoT\" configured; provisioning file erased\n");
    for (const auto& secret : {secrets.token, secrets.psk}) {
        CHECK(out.find(secret) == std::string::npos);
        CHECK(err.find(secret) == std::string::npos);
    }

    // The configuration: the file's settings in, everything else of the template kept.
    const std::string conf = read_file(config);
    CHECK(value_of(conf, "id") == "er-lobby-1");
    CHECK(value_of(conf, "stage") == "WAITING");
    CHECK(value_of(conf, "site") == "north");
    CHECK(value_of(conf, "token") == secrets.token);
    CHECK(value_of(conf, "url") == "https://feedback.example.org");
    CHECK(conf.find("fbk_kiosk_REPLACE") == std::string::npos);
    const std::vector<std::string> provisioned = {"id", "stage", "site", "token", "url"};
    CHECK(without_keys(conf, provisioned) == without_keys(template_text, provisioned));
    CHECK(conf.find("# ca_file = /etc/feedback-kiosk/hub-ca.pem\n") != std::string::npos);
    CHECK(conf.starts_with("# Feedback Kiosk configuration"));
    CHECK(mode_of(config) == 0640);
    CHECK(names_in(config.parent_path()) == std::vector<std::string>{"kiosk.conf"});
    if (::geteuid() == 0) {
        CHECK(stat_of(config).st_uid == 0);
        CHECK(stat_of(config).st_gid == gid_of(kGroup));
    }

    // Wi-Fi: the SSID in hex and the derived key; the passphrase is nowhere on the kiosk.
    const std::string wpa = read_file(wifi_out);
    CHECK(wpa.find("ctrl_interface=DIR=/run/wpa_supplicant GROUP=netdev\n") != std::string::npos);
    CHECK(wpa.find("\nupdate_config=0\n") != std::string::npos);
    CHECK(wpa.find("\ncountry=FI\n") != std::string::npos);
    CHECK(wpa.find("\tssid=" + hex_of("Hospital-IoT") + "\n") != std::string::npos);
    CHECK(wpa.find("\tpsk=" + expected_psk(secrets.psk, "Hospital-IoT", dir.path()) + "\n") !=
          std::string::npos);
    CHECK(wpa.find(secrets.psk) == std::string::npos);
    CHECK(wpa.find(secrets.psk.substr(4, 20)) == std::string::npos);
    CHECK(mode_of(wifi_out) == 0600);
    CHECK(names_in(wifi_out.parent_path()) ==
          std::vector<std::string>{"wpa_supplicant-wlan0.conf"});

    // The provisioning file and its copies are gone, and their bytes too: a card reader finds
    // no secret.
    CHECK_FALSE(fs::exists(from));
    // (fusefat also lists the volume label as an entry.)
    for (const auto& name : names_in(boot.dir())) {
        CHECK_MESSAGE(name.find("provision") == std::string::npos, name);
    }
    boot.unmount();
    const std::string raw = boot.raw_bytes();
    CHECK(raw.find(marker) != std::string::npos);
    CHECK(raw.find(secrets.token) == std::string::npos);
    CHECK(raw.find(secrets.token.substr(10)) == std::string::npos);  // the random part alone
    CHECK(raw.find(secrets.psk) == std::string::npos);
    CHECK(raw.find("er-lobby-1") == std::string::npos);  // nothing of the file at all
}

TEST_CASE("a refused provisioning file changes nothing and stays on the boot partition") {
    TempDir dir("fbk-provision-boot");
    FatBootPartition boot(dir.path());
    const Secrets secrets;
    std::string text;
    std::string expected;
    SUBCASE("a stage that does not exist") {
        text = provision_text(secrets, "LOBBY");
        expected = ":4: [kiosk] stage: 'LOBBY' is not a journey stage code";
    }
    SUBCASE("no token") {
        text = provision_text(secrets, "WAITING", false);
        expected = ":7: [hub] token: is missing";
    }
    const auto from = boot.dir() / "feedback-kiosk.provision";
    write_file(from, text);
    const auto config = write_template(dir.path());
    const std::string template_text = read_file(config);
    const auto wifi_out = dir / "wpa_supplicant-wlan0.conf";

    const auto [status, out] =
        run_command({kiosk_exe(), "provision", "--from", from.string(), "--config", config.string(),
                     "--wifi-out", wifi_out.string(), "--group", kGroup},
                    dir / "provision.log");
    const std::string err = read_file(dir / "provision.log");
    CHECK(status == 2);
    CHECK(out.empty());
    CHECK_MESSAGE(err.find(from.string() + expected) != std::string::npos, err);
    CHECK(err.find("nothing was changed") != std::string::npos);
    CHECK(err.find(secrets.token) == std::string::npos);
    CHECK(err.find(secrets.psk) == std::string::npos);
    CHECK(read_file(config) == template_text);
    CHECK(names_in(config.parent_path()) == std::vector<std::string>{"kiosk.conf"});
    CHECK_FALSE(fs::exists(wifi_out));
    CHECK(read_file(from) == text);
}

TEST_CASE("after a power cut before the erase, provisioning again gives the same files") {
    TempDir dir("fbk-provision-again");
    const Secrets secrets;
    const auto from = dir / "boot/feedback-kiosk.provision";
    const auto config = write_template(dir.path());
    const auto wifi_out = dir / "wpa_supplicant-wlan0.conf";
    const std::vector<std::string> argv = {
        kiosk_exe(),     "provision",  "--from",          from.string(), "--config",
        config.string(), "--wifi-out", wifi_out.string(), "--group",     kGroup};
    write_file(from, provision_text(secrets));
    REQUIRE(run_command(argv, dir / "first.log").first == 0);
    const std::string first_config = read_file(config);
    const std::string first_wifi = read_file(wifi_out);
    // The cut came before the erase reached the disk: the file is back on the next boot.
    write_file(from, provision_text(secrets));
    const auto [status, out] = run_command(argv, dir / "second.log");
    CHECK_MESSAGE(status == 0, read_file(dir / "second.log"));
    CHECK(read_file(config) == first_config);
    CHECK(read_file(wifi_out) == first_wifi);
    CHECK(mode_of(config) == 0640);
    CHECK_FALSE(fs::exists(from));
}

TEST_CASE("provision refuses, before writing anything, what it cannot finish") {
    TempDir dir("fbk-provision-refuse");
    const Secrets secrets;
    const auto from = dir / "boot/feedback-kiosk.provision";
    write_file(from, provision_text(secrets));
    const auto config = write_template(dir.path());
    std::vector<std::string> argv = {kiosk_exe(),   "provision", "--from",
                                     from.string(), "--config",  config.string()};
    int expected_status = 2;
    std::string expected;
    SUBCASE("a [wifi] section without --wifi-out") {
        expected = "has a [wifi] section: give --wifi-out FILE";
    }
    SUBCASE("a template that the settings cannot make valid") {
        const std::string good = read_file(config);
        write_file(config, without_keys(good, {"languages"}));
        REQUIRE(read_file(config) != good);
        argv.insert(argv.end(), {"--wifi-out", (dir / "wpa.conf").string()});
        expected = config.string() + ": [kiosk] languages: is missing";
    }
    if (::geteuid() == 0) {
        SUBCASE("as root, a group that does not exist") {
            argv.insert(argv.end(), {"--wifi-out", (dir / "wpa.conf").string(), "--group",
                                     "fbk-no-such-group"});
            expected_status = 1;
            expected = "group 'fbk-no-such-group' does not exist";
        }
    }
    const std::string config_before = read_file(config);
    const auto [status, out] = run_command(argv, dir / "provision.log");
    const std::string err = read_file(dir / "provision.log");
    CHECK(status == expected_status);
    CHECK_MESSAGE(err.find(expected) != std::string::npos, err);
    CHECK(err.find(secrets.token) == std::string::npos);
    CHECK(read_file(config) == config_before);
    CHECK(read_file(from) == provision_text(secrets));
    CHECK_FALSE(fs::exists(dir / "wpa.conf"));
}
