// sql::Connection over the project's SQLite wrapper; sqlite::Error becomes sql::Error.
#include "sync/hub/sql/connection.h"
#include "sync/sqlite/database.h"

namespace fbk::sync::hub::sql {

namespace {

template <class F>
auto translated(F&& f) -> decltype(f()) {
    try {
        return f();
    } catch (const sqlite::Error& e) {
        throw Error(e.what(), e.is_full());
    }
}

class SqliteStatement final : public StatementImpl {
  public:
    explicit SqliteStatement(sqlite::Statement stmt) : stmt_(std::move(stmt)) {}
    void bind(int index, std::int64_t value) override {
        translated([&] { stmt_.bind(index, value); });
    }
    void bind(int index, std::string_view text) override {
        translated([&] { stmt_.bind(index, text); });
    }
    void bind_null(int index, Type) override {
        translated([&] { stmt_.bind_null(index); });
    }
    bool step() override {
        return translated([&] { return stmt_.step(); });
    }
    void reset() override {
        translated([&] { stmt_.reset(); });
    }
    std::int64_t int64(int column) const override { return stmt_.int64(column); }
    std::string_view text_view(int column) const override { return stmt_.text_view(column); }
    bool is_null(int column) const override { return stmt_.is_null(column); }

  private:
    sqlite::Statement stmt_;
};

class SqliteConnection final : public Connection {
  public:
    explicit SqliteConnection(sqlite::Database db) : db_(std::move(db)) {}
    Dialect dialect() const override { return Dialect::Sqlite; }
    void exec(std::string_view sql) override {
        translated([&] { db_.exec(sql); });
    }
    Statement prepare(std::string_view sql) override {
        return translated(
            [&] { return Statement(std::make_unique<SqliteStatement>(db_.prepare(sql))); });
    }
    void begin_write() override { exec("BEGIN IMMEDIATE"); }

    std::string utc_period(Period period, std::string_view unix_ms_sql) const override {
        const std::string seconds = "(" + std::string(unix_ms_sql) + " / 1000)";
        switch (period) {
            case Period::Day:
                return "date(" + seconds + ", 'unixepoch')";
            case Period::Week:
                return "date(" + seconds + ", 'unixepoch', 'weekday 0', '-6 days')";
            case Period::Month:
                return "strftime('%Y-%m', " + seconds + ", 'unixepoch')";
        }
        return "date(" + seconds + ", 'unixepoch')";
    }
    // No round trip to save, and re-preparing a long multi-row statement cost more than it
    // saved (56k -> 11.6k responses/s): one prepared single-row statement, reused.
    std::size_t rows_per_insert(std::size_t) const override { return 1; }
    // BEGIN IMMEDIATE took SQLite's one write lock already.

  private:
    sqlite::Database db_;
};

}  // namespace

std::unique_ptr<Connection> connect_sqlite(const std::filesystem::path& file) {
    return translated([&] {
        auto db = sqlite::Database::open(file);
        db.exec("PRAGMA journal_mode = WAL");
        db.exec("PRAGMA synchronous = FULL");
        return std::unique_ptr<Connection>(std::make_unique<SqliteConnection>(std::move(db)));
    });
}

}  // namespace fbk::sync::hub::sql
