// Real components for end-to-end tests: the feedback-hub and feedback-kiosk binaries built by
// this tree, started as processes on 127.0.0.1 with temporary data directories.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sync/protocol/kiosk_link.h"
#include "tests/support/paths.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace fbk::test {

std::string hub_exe();
std::string kiosk_exe();

// `feedback-kiosk run --config CONFIG --headless --replay REPLAY [extra...]` to completion, its
// log in REPLAY's directory as kiosk.log; {exit status, stdout}.
std::pair<int, std::string> run_kiosk_replay(const std::filesystem::path& config,
                                             const std::filesystem::path& replay,
                                             std::vector<std::string> extra = {},
                                             std::chrono::milliseconds timeout = 60s);

// Which database the Hub fixture gives its hubs. The e2e suite runs once with each: the test
// binary's --fbk-hub-db=postgresql switches every Hub to a private PostgreSQL server.
enum class HubDatabase { Sqlite, Postgres };
HubDatabase hub_database();
void set_hub_database(HubDatabase kind);
// The CLI's store arguments for a hub working in `work_dir`: {"--data-dir", work_dir/hub-data},
// or {"--db", URL} of that directory's PostgreSQL database (created on first use). Lets a test
// make tokens before its hub runs.
std::vector<std::string> hub_store_args(const std::filesystem::path& work_dir);

// A Hub prefix that runs the hub with its clock moved by `offset` (libfaketime's FAKETIME, e.g.
// "-14d"): the library is loaded into the hub itself (env replaces itself with the hub), so
// stopping the hub stops it; the faketime wrapper would leave its child running.
std::vector<std::string> clock_behind(const std::string& offset);

class Hub {
  public:
    // Starts `feedback-hub serve` (port 0: any free port) and waits for its "listening" line.
    // `postgres_url`: store in that PostgreSQL database, whatever hub_database() says (for
    // several hubs on one database). `prefix` runs the hub under another command, such as
    // {"faketime", "-f", "-14d"} for a hub whose clock is two weeks behind.
    explicit Hub(const std::filesystem::path& work_dir, int port = 0,
                 const std::vector<std::string>& extra_args = {},
                 const std::string& postgres_url = {}, const std::vector<std::string>& prefix = {});
    ~Hub();

    const std::string& url() const { return url_; }
    int port() const { return port_; }
    // `role` (viewer, analyst, admin) for admin tokens; empty: the CLI's default.
    std::string create_token(const std::string& kind, const std::string& subject,
                             const std::string& role = {});
    // GET with a bearer token; returns {status, body}.
    std::pair<int, std::string> get(const std::string& path, const std::string& token) const;
    // POST JSON (gzip-compressed when `gzip`); returns {status, body}.
    std::pair<int, std::string> post_batch(const std::string& body, const std::string& token,
                                           bool gzip = true) const;
    // POST /api/v1/heartbeat; returns the status.
    int send_heartbeat(const sync::protocol::Heartbeat& beat, const std::string& token) const;
    void stop();
    // SIGKILL: no shutdown code runs, as in a power cut or an OOM kill.
    void kill();
    // SQLite only: the hub's database file, for tests that inspect it directly.
    std::filesystem::path database() const { return dir_ / "hub-data/hub.sqlite3"; }
    // How the CLI reaches this hub's data: {"--data-dir", DIR} or {"--db", URL}.
    std::vector<std::string> store_args() const;
    // feedback-hub's argv for `args` on this hub's data: {hub_exe, args..., store_args...}.
    std::vector<std::string> cli(std::vector<std::string> args) const;
    // Every response id in the hub's database, duplicates included, from SQLite or PostgreSQL.
    std::vector<std::string> stored_ids() const;
    // Subjects of the live (not revoked) tokens of `kind` ("kiosk" or "admin"), one per token,
    // sorted, from SQLite or PostgreSQL; works without a running hub once its database exists.
    std::vector<std::string> token_subjects(const std::string& kind) const;
    int pid() const { return process_ ? process_->pid() : -1; }
    std::string log() const { return process_ ? process_->stderr_text() : std::string(); }

    // The first column of every row of a query without parameters, as text, from SQLite or
    // PostgreSQL.
    std::vector<std::string> query_column(const std::string& sql) const;
    // Statements without parameters or rows on the hub's database (for tests that take it
    // back to an older schema); throws on failure.
    void exec_sql(const std::string& sql) const;
    bool on_postgres() const { return !db_url_.empty(); }

  private:
    std::filesystem::path dir_;
    std::string db_url_;  // PostgreSQL, else empty
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
