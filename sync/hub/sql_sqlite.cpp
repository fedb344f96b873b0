// sql::Connection over the project's SQLite wrapper; sqlite::Error becomes sql::Error.
#include "sync/hub/sql.h"
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
