#include "tests/support/postgres_server.h"

#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <memory>
#include <stdexcept>
#include <vector>

#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

namespace fbk::test {

namespace {

constexpr const char* kUser = "fbk";

std::filesystem::path postgres_bin() {
    std::filesystem::path best;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
        if (std::filesystem::exists(entry.path() / "bin/initdb") &&
            (best.empty() || entry.path().filename() > best.parent_path().filename())) {
            best = entry.path() / "bin";
        }
    }
    if (best.empty()) {
        throw std::runtime_error(
            "no PostgreSQL server in /usr/lib/postgresql: deploy/dev.sh installs postgresql");
    }
    return best;
}

}  // namespace

PostgresServer::PostgresServer() : bin_(postgres_bin()), port_(free_loopback_port()) {
    char pattern[] = "/tmp/fbk-postgres-XXXXXX";
    if (mkdtemp(pattern) == nullptr) {
        throw std::runtime_error("cannot create a directory for PostgreSQL");
    }
    dir_ = pattern;
    if (geteuid() == 0) {
        const passwd* pw = getpwnam("postgres");
        if (pw == nullptr || chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
            throw std::runtime_error("cannot hand " + dir_.string() +
                                     " to the postgres user (from the postgresql package)");
        }
        as_postgres_ = true;
    }
    if (run({(bin_ / "initdb").string(), "-D", (dir_ / "data").string(), "-A", "trust", "-U", kUser,
             "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"}) != 0) {
        throw std::runtime_error("initdb failed; see " + (dir_ / "pg.log").string());
    }
    // pg_ctl -w returns once the server accepts connections. The port was free when it was
    // chosen, but another test process may bind it before the server does: then the server
    // says so in its log, and it starts again on another port.
    for (int attempt = 1;; ++attempt) {
        const auto log = dir_ / ("server-" + std::to_string(attempt) + ".log");
        if (run({(bin_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-w", "-l",
                 log.string(), "-o",
                 "-p " + std::to_string(port_) + " -k " + dir_.string() +
                     " -c listen_addresses=127.0.0.1 -c max_connections=300",
                 "start"}) == 0) {
            return;
        }
        std::ifstream in(log);
        const std::string text{std::istreambuf_iterator<char>(in),
                               std::istreambuf_iterator<char>()};
        if (attempt == 5 || text.find("Address already in use") == std::string::npos) {
            throw std::runtime_error("the PostgreSQL server did not start; see " + log.string());
        }
        port_ = free_loopback_port();
    }
}

PostgresServer::~PostgresServer() {
    run({(bin_ / "pg_ctl").string(), "-D", (dir_ / "data").string(), "-m", "immediate", "stop"});
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
}

int PostgresServer::run(std::vector<std::string> argv) const {
    if (as_postgres_) {
        argv.insert(argv.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
    }
    return run_command(argv, dir_ / "pg.log", std::chrono::seconds(60)).first;
}

std::string PostgresServer::database(const std::string& name) {
    const std::string base =
        "postgresql://" + std::string(kUser) + "@127.0.0.1:" + std::to_string(port_) + "/";
    std::unique_ptr<PGconn, void (*)(PGconn*)> conn(PQconnectdb((base + "postgres").c_str()),
                                                    PQfinish);
    if (PQstatus(conn.get()) != CONNECTION_OK) {
        throw std::runtime_error(std::string("cannot reach the test PostgreSQL: ") +
                                 PQerrorMessage(conn.get()));
    }
    std::unique_ptr<PGresult, void (*)(PGresult*)> exists(
        PQexec(conn.get(), ("SELECT 1 FROM pg_database WHERE datname = '" + name + "'").c_str()),
        PQclear);
    if (PQntuples(exists.get()) == 0) {
        std::unique_ptr<PGresult, void (*)(PGresult*)> created(
            PQexec(conn.get(), ("CREATE DATABASE \"" + name + "\"").c_str()), PQclear);
        if (PQresultStatus(created.get()) != PGRES_COMMAND_OK) {
            throw std::runtime_error("CREATE DATABASE " + name + ": " +
                                     PQresultErrorMessage(created.get()));
        }
    }
    return base + name;
}

std::int64_t PostgresServer::query_number(const std::string& sql) {
    const std::string url =
        "postgresql://" + std::string(kUser) + "@127.0.0.1:" + std::to_string(port_) + "/postgres";
    std::unique_ptr<PGconn, void (*)(PGconn*)> conn(PQconnectdb(url.c_str()), PQfinish);
    std::unique_ptr<PGresult, void (*)(PGresult*)> result(PQexec(conn.get(), sql.c_str()), PQclear);
    if (PQresultStatus(result.get()) != PGRES_TUPLES_OK || PQntuples(result.get()) != 1) {
        throw std::runtime_error("query failed: " + sql + ": " + PQerrorMessage(conn.get()));
    }
    return std::stoll(PQgetvalue(result.get(), 0, 0));
}

PostgresServer& PostgresServer::shared() {
    static PostgresServer server;
    return server;
}

}  // namespace fbk::test
