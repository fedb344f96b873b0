#include "tests/support/fixtures.h"

#include <signal.h>

#include <cstdlib>

#include <sstream>
#include <stdexcept>

#include <httplib.h>
#include <libpq-fe.h>

#include "sync/sqlite/database.h"
#include "sync/uploader/gzip.h"
#include "tests/support/postgres_server.h"

namespace fbk::test {

std::string hub_exe() {
    // Benchmarks only: the same measurement of another hub binary (tests/bench/README.md).
    if (const char* other = std::getenv("FBK_BENCH_HUB")) {
        return other;
    }
    return FBK_HUB_EXE;
}
std::string kiosk_exe() {
    return FBK_KIOSK_EXE;
}

std::pair<int, std::string> run_kiosk_replay(const std::filesystem::path& config,
                                             const std::filesystem::path& replay,
                                             std::vector<std::string> extra,
                                             std::chrono::milliseconds timeout) {
    std::vector<std::string> argv{kiosk_exe(),  "run",      "--config",     config.string(),
                                  "--headless", "--replay", replay.string()};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return run_command(std::move(argv), replay.parent_path() / "kiosk.log", timeout);
}
namespace {
HubDatabase g_hub_database = HubDatabase::Sqlite;
}  // namespace

HubDatabase hub_database() {
    return g_hub_database;
}

void set_hub_database(HubDatabase kind) {
    g_hub_database = kind;
}

Hub::Hub(const std::filesystem::path& work_dir, int port,
         const std::vector<std::string>& extra_args, const std::string& postgres_url,
         const std::vector<std::string>& prefix)
    : dir_(work_dir), db_url_(postgres_url) {
    std::filesystem::create_directories(dir_);
    const auto store = store_args();
    if (store.front() == "--db") {
        db_url_ = store.back();
    }
    std::vector<std::string> argv = prefix;
    argv.insert(argv.end(), {hub_exe(), "serve"});
    argv.insert(argv.end(), store.begin(), store.end());
    argv.insert(argv.end(), {"--listen", "127.0.0.1:" + std::to_string(port)});
    argv.insert(argv.end(), extra_args.begin(), extra_args.end());
    process_ = std::make_unique<Process>(argv, dir_ / "hub.log");
    const std::string line = process_->wait_for_line("listening on", 20s);
    url_ = line.substr(line.find("http"));
    // The PostgreSQL run of the suite must really be on PostgreSQL.
    const std::string expected = db_url_.empty() ? "storing in SQLite" : "storing in PostgreSQL";
    if (process_->stderr_text().find(expected) == std::string::npos) {
        throw std::runtime_error("the hub does not say \"" + expected +
                                 "\": " + process_->stderr_text());
    }
    port_ = std::stoi(url_.substr(url_.rfind(':') + 1));
}

Hub::~Hub() {
    stop();
}

void Hub::stop() {
    if (process_) {
        process_->signal(SIGTERM);
        process_->wait(20s);
    }
}

void Hub::kill() {
    if (process_) {
        process_->signal(SIGKILL);
        process_->wait(20s);
    }
}

std::string Hub::create_token(const std::string& kind, const std::string& subject,
                              const std::string& role) {
    std::vector<std::string> argv{hub_exe(), "token", "create", "--" + kind, subject};
    if (!role.empty()) {
        argv.insert(argv.end(), {"--role", role});
    }
    const auto store = store_args();
    argv.insert(argv.end(), store.begin(), store.end());
    const auto [status, out] = run_command(argv, dir_ / "token.log");
    if (status != 0) {
        throw std::runtime_error("token create failed: " + read_file(dir_ / "token.log"));
    }
    return out.substr(0, out.find('\n'));
}

std::vector<std::string> clock_behind(const std::string& offset) {
    for (const char* lib : {"/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1",
                            "/usr/lib/aarch64-linux-gnu/faketime/libfaketimeMT.so.1"}) {
        if (std::filesystem::exists(lib)) {
            return {"/usr/bin/env", std::string("LD_PRELOAD=") + lib, "FAKETIME=" + offset};
        }
    }
    throw std::runtime_error("libfaketime is missing: deploy/dev.sh deps installs faketime");
}

std::vector<std::string> hub_store_args(const std::filesystem::path& work_dir) {
    if (hub_database() == HubDatabase::Postgres) {
        // One database per hub directory, so a hub restarted on the same directory finds its
        // data again, as with SQLite.
        std::ostringstream name;
        name << "hub_" << std::hex << std::hash<std::string>{}(work_dir.string());
        return {"--db", PostgresServer::shared().database(name.str())};
    }
    return {"--data-dir", (work_dir / "hub-data").string()};
}

std::vector<std::string> Hub::store_args() const {
    if (!db_url_.empty()) {
        return {"--db", db_url_};
    }
    return hub_store_args(dir_);
}

std::vector<std::string> Hub::cli(std::vector<std::string> args) const {
    args.insert(args.begin(), hub_exe());
    const auto store = store_args();
    args.insert(args.end(), store.begin(), store.end());
    return args;
}

std::vector<std::string> Hub::stored_ids() const {
    return query_column("SELECT id FROM responses");
}

std::vector<std::string> Hub::token_subjects(const std::string& kind) const {
    if (kind != "kiosk" && kind != "admin") {
        throw std::invalid_argument("token kind is kiosk or admin, not " + kind);
    }
    return query_column("SELECT subject FROM tokens WHERE kind = '" + kind +
                        "' AND revoked_ms IS NULL ORDER BY subject");
}

void Hub::exec_sql(const std::string& sql) const {
    if (db_url_.empty()) {
        sync::sqlite::Database::open(database()).exec(sql);
        return;
    }
    std::unique_ptr<PGconn, void (*)(PGconn*)> conn(PQconnectdb(db_url_.c_str()), PQfinish);
    std::unique_ptr<PGresult, void (*)(PGresult*)> done(PQexec(conn.get(), sql.c_str()), PQclear);
    if (PQresultStatus(done.get()) != PGRES_COMMAND_OK) {
        throw std::runtime_error("changing the hub's database (" + sql +
                                 "): " + PQerrorMessage(conn.get()));
    }
}

std::vector<std::string> Hub::query_column(const std::string& sql) const {
    std::vector<std::string> values;
    if (db_url_.empty()) {
        auto db = sync::sqlite::Database::open(database());
        auto rows = db.prepare(sql);
        while (rows.step()) {
            values.push_back(rows.text(0));
        }
        return values;
    }
    std::unique_ptr<PGconn, void (*)(PGconn*)> conn(PQconnectdb(db_url_.c_str()), PQfinish);
    std::unique_ptr<PGresult, void (*)(PGresult*)> rows(PQexec(conn.get(), sql.c_str()), PQclear);
    if (PQresultStatus(rows.get()) != PGRES_TUPLES_OK) {
        throw std::runtime_error("reading the hub's database (" + sql +
                                 "): " + PQerrorMessage(conn.get()));
    }
    for (int i = 0; i < PQntuples(rows.get()); ++i) {
        values.emplace_back(PQgetvalue(rows.get(), i, 0));
    }
    return values;
}

std::pair<int, std::string> Hub::get(const std::string& path, const std::string& token) const {
    httplib::Client client("127.0.0.1", port_);
    httplib::Headers headers;
    if (!token.empty()) {
        headers.emplace("Authorization", "Bearer " + token);
    }
    const auto res = client.Get(path.c_str(), headers);
    if (!res) {
        throw std::runtime_error("GET " + path + " failed: " + httplib::to_string(res.error()));
    }
    return {res->status, res->body};
}

std::pair<int, std::string> Hub::post_batch(const std::string& body, const std::string& token,
                                            bool compress) const {
    httplib::Client client("127.0.0.1", port_);
    httplib::Headers headers;
    if (!token.empty()) {
        headers.emplace("Authorization", "Bearer " + token);
    }
    if (compress) {
        headers.emplace("Content-Encoding", "gzip");
    }
    const auto res =
        client.Post("/api/v1/batches", headers, compress ? gzip(body) : body, "application/json");
    if (!res) {
        throw std::runtime_error("POST failed: " + httplib::to_string(res.error()));
    }
    return {res->status, res->body};
}

int Hub::send_heartbeat(const sync::protocol::Heartbeat& beat, const std::string& token) const {
    httplib::Client client("127.0.0.1", port_);
    const auto res = client.Post("/api/v1/heartbeat", {{"Authorization", "Bearer " + token}},
                                 sync::protocol::serialize(beat), "application/json");
    if (!res) {
        throw std::runtime_error("POST heartbeat failed: " + httplib::to_string(res.error()));
    }
    return res->status;
}

KioskSetup kiosk_setup(std::string hub_url, std::string token) {
    KioskSetup s;
    s.hub_url = std::move(hub_url);
    s.token = std::move(token);
    return s;
}

std::filesystem::path write_kiosk_config(const std::filesystem::path& dir, const KioskSetup& s) {
    const auto file = dir / "kiosk.conf";
    std::ostringstream c;
    c << "[kiosk]\n"
      << "id = " << s.kiosk_id << "\n"
      << "stage = " << s.stage << "\n"
      << "pack = " << (source_dir() / "assets/packs/default-healthcare.json").string() << "\n"
      << "languages = " << s.languages << "\n"
      << "data_dir = " << (s.data_dir.empty() ? (dir / "kiosk-data") : s.data_dir).string() << "\n"
      << (s.staff_pin.empty() ? "" : "staff_pin = " + s.staff_pin + "\n") << "[hub]\n"
      << "url = " << s.hub_url << "\n"
      << "token = " << s.token << "\n"
      << "[sync]\n"
      << "retry_initial = " << s.retry_initial << "\n"
      << "retry_max = " << s.retry_max << "\n"
      << s.extra_config;
    write_file(file, c.str());
    return file;
}

std::vector<std::map<std::string, std::string>> parse_simple_csv(const std::string& csv) {
    std::vector<std::map<std::string, std::string>> rows;
    std::istringstream in(csv);
    std::string line;
    std::vector<std::string> header;
    const auto split = [](std::string l) {
        if (!l.empty() && l.back() == '\r') {
            l.pop_back();
        }
        std::vector<std::string> cells;
        std::stringstream ls(l);
        std::string cell;
        while (std::getline(ls, cell, ',')) {
            cells.push_back(cell);
        }
        if (!l.empty() && l.back() == ',') {
            cells.emplace_back();
        }
        return cells;
    };
    while (std::getline(in, line)) {
        const auto cells = split(line);
        if (header.empty()) {
            header = cells;
            continue;
        }
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size(); ++i) {
            row[header[i]] = i < cells.size() ? cells[i] : "";
        }
        rows.push_back(std::move(row));
    }
    return rows;
}

std::string gzip(const std::string& data) {
    return sync::uploader::gzip_compress(data);
}

}  // namespace fbk::test
