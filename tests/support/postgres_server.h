// A private PostgreSQL server for tests: Debian's postgresql package, initdb into a fresh
// directory, started with pg_ctl on a free loopback port with trust authentication, stopped
// and removed at the end. As root it runs as the postgres user (PostgreSQL refuses root).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace fbk::test {

class PostgresServer {
  public:
    PostgresServer();
    ~PostgresServer();
    PostgresServer(const PostgresServer&) = delete;
    PostgresServer& operator=(const PostgresServer&) = delete;

    // Creates database `name` unless it exists; returns its postgresql:// URL.
    std::string database(const std::string& name);
    int port() const { return port_; }
    // The single number a query returns, run in the server's "postgres" database.
    std::int64_t query_number(const std::string& sql);

    // One server per test process, started on first use.
    static PostgresServer& shared();

  private:
    int run(std::vector<std::string> argv) const;

    std::filesystem::path dir_;
    std::filesystem::path bin_;
    int port_ = 0;
    bool as_postgres_ = false;
};

}  // namespace fbk::test
