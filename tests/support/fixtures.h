// Real components for end-to-end tests: the feedback-hub and feedback-kiosk binaries built by
// this tree, started as processes on 127.0.0.1 with temporary data directories.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace fbk::test {

std::string hub_exe();
std::string kiosk_exe();

class Hub {
  public:
    // Starts `feedback-hub serve` (port 0: any free port) and waits for its "listening" line.
    explicit Hub(const std::filesystem::path& work_dir, int port = 0,
                 const std::vector<std::string>& extra_args = {});
    ~Hub();

    const std::string& url() const { return url_; }
    int port() const { return port_; }
    std::string create_token(const std::string& kind, const std::string& subject);
    // GET with a bearer token; returns {status, body}.
    std::pair<int, std::string> get(const std::string& path, const std::string& token) const;
    // POST JSON (gzip-compressed when `gzip`); returns {status, body}.
    std::pair<int, std::string> post_batch(const std::string& body, const std::string& token,
                                           bool gzip = true) const;
    void stop();
    // SIGKILL: no shutdown code runs, as in a power cut or an OOM kill.
    void kill();
    std::filesystem::path database() const { return dir_ / "hub-data/hub.sqlite3"; }
    int pid() const { return process_ ? process_->pid() : -1; }
    std::string log() const { return process_ ? process_->stderr_text() : std::string(); }

  private:
    std::filesystem::path dir_;
    std::unique_ptr<Process> process_;
    std::string url_;
    int port_ = 0;
};

struct KioskSetup {
    std::string kiosk_id = "lobby-1";
    std::string stage = "WAITING";
    std::string languages = "fi, sv, en";
    std::string staff_pin;  // empty: staff mode off
    std::string hub_url;
    std::string token;
    std::filesystem::path data_dir;
    std::string retry_initial = "100ms";
    std::string retry_max = "500ms";
    std::string extra_config;  // more sections, appended as they are
};

KioskSetup kiosk_setup(std::string hub_url, std::string token);

// Writes a kiosk.conf for the default pack and returns its path.
std::filesystem::path write_kiosk_config(const std::filesystem::path& dir, const KioskSetup& setup);

// Rows of a CSV export as header-name -> value maps (no quoted commas in our test data).
std::vector<std::map<std::string, std::string>> parse_simple_csv(const std::string& csv);

std::string gzip(const std::string& data);

}  // namespace fbk::test
