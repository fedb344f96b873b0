// The kiosk and the hub as systemd services: the unit files pass `systemd-analyze verify` and
// keep their hardening, and both programs speak systemd's notify protocol. The tests play
// systemd's part: a datagram socket in NOTIFY_SOCKET, and WATCHDOG_USEC in the environment.
#include <doctest/doctest.h>

#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <regex>

#include "tests/support/fixtures.h"
#include "tests/support/paths.h"

using namespace fbk::test;
using Clock = std::chrono::steady_clock;

namespace {

// What systemd would receive on NOTIFY_SOCKET, with when it arrived.
class NotifySocket {
  public:
    explicit NotifySocket(const std::filesystem::path& path) : path_(path) {
        fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        REQUIRE(fd_ >= 0);
        sockaddr_un addr{};
        addr.sun_family = AF_UNIX;
        REQUIRE(path.string().size() < sizeof addr.sun_path);
        std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
        REQUIRE(bind(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
    }
    ~NotifySocket() { close(fd_); }
    NotifySocket(const NotifySocket&) = delete;
    NotifySocket& operator=(const NotifySocket&) = delete;

    struct Message {
        std::string text;
        Clock::time_point at;
    };
    // The next message, or nullopt when none comes before `until`.
    std::optional<Message> next(Clock::time_point until) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
        pollfd p{fd_, POLLIN, 0};
        if (left <= 0 || poll(&p, 1, static_cast<int>(left)) != 1) {
            return std::nullopt;
        }
        char buffer[4096];
        const auto n = recv(fd_, buffer, sizeof buffer, 0);
        REQUIRE(n >= 0);
        return Message{std::string(buffer, static_cast<std::size_t>(n)), Clock::now()};
    }
    // Waits for a message containing `needle`; false if it does not come before `until`.
    bool wait_for(std::string_view needle, Clock::time_point until) {
        while (auto m = next(until)) {
            if (m->text.find(needle) != std::string::npos) {
                return true;
            }
        }
        return false;
    }
    std::string env() const { return "NOTIFY_SOCKET=" + path_.string(); }

  private:
    std::filesystem::path path_;
    int fd_ = -1;
};

std::string unit_with_exec(const std::string& unit, const std::string& from,
                           const std::string& to) {
    std::string out = unit;
    for (auto at = out.find(from); at != std::string::npos; at = out.find(from, at + to.size())) {
        out.replace(at, from.size(), to);
    }
    return out;
}

}  // namespace

TEST_CASE("the systemd units pass systemd-analyze verify and keep their hardening") {
    TempDir dir;
    const auto units = source_dir() / "deploy/systemd";
    write_file(dir / "hub.conf",
               "FBK_HUB_OPTIONS=--data-dir /var/lib/feedback-hub "
               "--listen 127.0.0.1:8080\n");
    const std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>>
        cases = {{"feedback-kiosk.service", {{"/usr/bin/feedback-kiosk", kiosk_exe()}}},
                 {"feedback-hub.service",
                  {{"/usr/bin/feedback-hub", hub_exe()},
                   {"/etc/feedback-hub/hub.conf", (dir / "hub.conf").string()}}}};
    for (const auto& [name, replacements] : cases) {
        CAPTURE(name);
        const std::string original = read_file(units / name);
        // verify checks that ExecStart= exists: point it at the binaries just built.
        std::string unit = original;
        for (const auto& [from, to] : replacements) {
            unit = unit_with_exec(unit, from, to);
        }
        write_file(dir / name, unit);
        const auto [status, out] =
            run_command({"/usr/bin/systemd-analyze", "verify", "--man=no", (dir / name).string()},
                        dir / (name + ".verify"));
        const std::string complaints = read_file(dir / (name + ".verify"));
        CHECK(status == 0);
        CHECK_MESSAGE(complaints.empty(), complaints);  // unknown keys are only warnings there

        const auto [sec_status, report] =
            run_command({"/usr/bin/systemd-analyze", "security", "--offline=yes", "--no-pager",
                         (dir / name).string()},
                        dir / (name + ".security"));
        CHECK(sec_status == 0);
        std::smatch m;
        REQUIRE(std::regex_search(report, m, std::regex(R"(exposure level for \S+: ([0-9.]+))")));
        const double exposure = std::stod(m[1].str());
        MESSAGE(name << ": systemd-analyze security exposure " << exposure);
        CHECK(exposure <= 2.5);

        for (const char* line : {"Type=notify\n", "Restart=always\n", "NoNewPrivileges=yes\n",
                                 "ProtectSystem=strict\n", "CapabilityBoundingSet=\n"}) {
            CHECK_MESSAGE(original.find(line) != std::string::npos, line);
        }
        CHECK(std::regex_search(original, std::regex(R"(\nWatchdogSec=[0-9]+\n)")));
    }
    // EnvironmentFile= is read after Environment=, so a site file could change the display
    // driver without anyone noticing: the kiosk's unit has none.
    const std::string kiosk = read_file(units / "feedback-kiosk.service");
    CHECK(kiosk.find("\nEnvironmentFile=") == std::string::npos);
    CHECK(kiosk.find("\nEnvironment=SDL_VIDEODRIVER=kmsdrm\n") != std::string::npos);
}

// The first-boot unit runs as root (it hands the config to the kiosk's group), so it is held to
// the same exposure and may write only where provisioning writes.
TEST_CASE("the first-boot provisioning unit passes systemd-analyze verify and is confined") {
    TempDir dir;
    const std::string original =
        read_file(source_dir() / "deploy/systemd/feedback-kiosk-provision.service");
    const auto unit = dir / "feedback-kiosk-provision.service";
    write_file(unit, unit_with_exec(original, "/usr/bin/feedback-kiosk", kiosk_exe()));
    const auto [status, out] = run_command(
        {"/usr/bin/systemd-analyze", "verify", "--man=no", unit.string()}, dir / "verify.txt");
    CHECK(status == 0);
    const std::string complaints = read_file(dir / "verify.txt");
    CHECK_MESSAGE(complaints.empty(), complaints);
    const auto [sec_status, report] = run_command(
        {"/usr/bin/systemd-analyze", "security", "--offline=yes", "--no-pager", unit.string()},
        dir / "security.txt");
    CHECK(sec_status == 0);
    std::smatch m;
    REQUIRE(std::regex_search(report, m, std::regex(R"(exposure level for \S+: ([0-9.]+))")));
    MESSAGE("feedback-kiosk-provision.service: systemd-analyze security exposure " << m[1].str());
    CHECK(std::stod(m[1].str()) <= 2.5);
    for (const char* line :
         {"Type=oneshot\n", "ConditionPathExists=/boot/firmware/feedback-kiosk.provision\n",
          "Before=feedback-kiosk.service wpa_supplicant@wlan0.service\n",
          "CapabilityBoundingSet=CAP_CHOWN\n", "ProtectSystem=strict\n",
          "RestrictAddressFamilies=AF_UNIX\n"}) {
        CHECK_MESSAGE(original.find(line) != std::string::npos, line);
    }
}

// The updater needs root, apt and a writable root file system, like Debian's own
// apt-daily-upgrade.service: it is not sandboxed, so it is checked for what it must keep.
TEST_CASE("the update unit and its timer pass systemd-analyze verify") {
    TempDir dir;
    const auto units = source_dir() / "deploy/systemd";
    const std::string service = read_file(units / "feedback-kiosk-update.service");
    write_file(dir / "feedback-kiosk-update.service",
               unit_with_exec(service, "/usr/sbin/feedback-kiosk-update",
                              (source_dir() / "deploy/update/feedback-kiosk-update").string()));
    const std::string timer = read_file(units / "feedback-kiosk-update.timer");
    write_file(dir / "feedback-kiosk-update.timer", timer);
    const auto [status, out] = run_command({"/usr/bin/systemd-analyze", "verify", "--man=no",
                                            (dir / "feedback-kiosk-update.service").string(),
                                            (dir / "feedback-kiosk-update.timer").string()},
                                           dir / "verify.txt");
    CHECK(status == 0);
    const std::string complaints = read_file(dir / "verify.txt");
    CHECK_MESSAGE(complaints.empty(), complaints);
    // Only kiosks that follow a repository update; at night, spread over an hour.
    const std::string condition =
        "ConditionPathExists=/etc/apt/sources.list.d/feedback-kiosk.list\n";
    CHECK(service.find(condition) != std::string::npos);
    CHECK(timer.find(condition) != std::string::npos);
    CHECK(timer.find("RandomizedDelaySec=1h\n") != std::string::npos);
    CHECK(service.find("Type=oneshot\n") != std::string::npos);
}

TEST_CASE("the kiosk tells systemd it is ready and pings the watchdog until its loop hangs") {
    TempDir dir;
    NotifySocket systemd(dir / "notify.sock");
    auto setup = kiosk_setup("http://127.0.0.1:1", "unused-token");
    const auto config = write_kiosk_config(dir.path(), setup);
    const auto start = Clock::now();
    Process kiosk({"/usr/bin/env", systemd.env(), "WATCHDOG_USEC=400000", kiosk_exe(), "run",
                   "--config", config.string(), "--headless", "--debug-hang-after", "3s"},
                  dir / "kiosk.log");
    INFO(read_file(dir / "kiosk.log"));
    REQUIRE(systemd.wait_for("READY=1", start + 10s));
    // Pings every 200 ms while the loop turns, then none once it hangs (3 s after start).
    int pings_before_hang = 0;
    Clock::time_point last_ping = start;
    while (auto m = systemd.next(start + 5s)) {
        if (m->text.find("WATCHDOG=1") != std::string::npos) {
            ++pings_before_hang;
            last_ping = m->at;
        }
    }
    MESSAGE("watchdog pings before the hang: "
            << pings_before_hang << ", the last "
            << std::chrono::duration_cast<std::chrono::milliseconds>(last_ping - start).count()
            << " ms after start");
    CHECK(pings_before_hang >= 5);
    CHECK(last_ping - start < 3s + 400ms);  // nothing after the hang: systemd would restart it
    CHECK(read_file(dir / "kiosk.log").find("the main loop hangs now") != std::string::npos);
    CHECK_THROWS(kiosk.wait(10ms));  // hung, not exited
    kiosk.signal(SIGKILL);
}

TEST_CASE("the hub is READY once it listens, pings while /healthz answers, and says STOPPING") {
    TempDir dir;
    NotifySocket systemd(dir / "notify.sock");
    const auto start = Clock::now();
    Process hub({"/usr/bin/env", systemd.env(), "WATCHDOG_USEC=400000", hub_exe(), "serve",
                 "--data-dir", (dir / "hub").string(), "--listen", "127.0.0.1:0"},
                dir / "hub.log");
    INFO(read_file(dir / "hub.log"));
    REQUIRE(systemd.wait_for("READY=1", start + 10s));
    int pings = 0;
    while (auto m = systemd.next(Clock::now() + 1s)) {
        pings += m->text.find("WATCHDOG=1") != std::string::npos ? 1 : 0;
        if (pings >= 3) {
            break;
        }
    }
    CHECK(pings >= 3);
    hub.signal(SIGTERM);
    CHECK(systemd.wait_for("STOPPING=1", Clock::now() + 10s));
    CHECK(hub.wait(10s) == 0);
}
