// The hub's storage speaks SQL to one of two databases: SQLite (one file, the default) or
// PostgreSQL (several hubs on one server). This is the small common surface the store uses:
// statements with numbered parameters (?1, ?2, ...), typed binds, rows read by column,
// transactions, and the few things the two databases say differently (calendar periods,
// rows per INSERT). Everything else is SQL both run. Failures throw
// sql::Error on both: the layer above maps it to a reply once (http/api_common.cpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace fbk::sync::hub::sql {

class Error : public std::runtime_error {
  public:
    Error(const std::string& what, bool full, bool transient = false)
        : std::runtime_error(what), full_(full), transient_(transient) {}
    // The disk (or the database's size limit) has no room: nothing was stored, retry later.
    bool is_full() const { return full_; }
    // The database rolled the transaction back to let another go on (PostgreSQL's deadlock
    // or serialization failure): the same transaction may simply be run again.
    bool is_transient() const { return transient_; }

  private:
    bool full_;
    bool transient_;
};

enum class Type { Integer, Text };

class StatementImpl {
  public:
    virtual ~StatementImpl() = default;
    virtual void bind(int index, std::int64_t value) = 0;
    virtual void bind(int index, std::string_view text) = 0;
    // PostgreSQL needs a NULL's type; SQLite ignores it.
    virtual void bind_null(int index, Type type) = 0;
    virtual bool step() = 0;
    virtual void reset() = 0;
    virtual std::int64_t int64(int column) const = 0;
    virtual std::string_view text_view(int column) const = 0;
    virtual bool is_null(int column) const = 0;
};

// A prepared statement. step() runs it on first call and then walks its rows.
class Statement {
  public:
    explicit Statement(std::unique_ptr<StatementImpl> impl) : impl_(std::move(impl)) {}

    Statement& bind(int index, std::int64_t value) {
        impl_->bind(index, value);
        return *this;
    }
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, std::string_view text) {
        impl_->bind(index, text);
        return *this;
    }
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind(int index, const std::optional<std::int64_t>& value) {
        value ? impl_->bind(index, *value) : impl_->bind_null(index, Type::Integer);
        return *this;
    }
    Statement& bind(int index, const std::optional<std::string>& value) {
        value ? impl_->bind(index, std::string_view(*value)) : impl_->bind_null(index, Type::Text);
        return *this;
    }
    bool step() { return impl_->step(); }
    // Runs a statement whose rows, if any, do not matter.
    void run() {
        while (step()) {
        }
        reset();
    }
    // Ready to bind and run again.
    void reset() { impl_->reset(); }
    std::int64_t int64(int column) const { return impl_->int64(column); }
    std::string text(int column) const { return std::string(impl_->text_view(column)); }
    std::string_view text_view(int column) const { return impl_->text_view(column); }
    bool is_null(int column) const { return impl_->is_null(column); }

  private:
    std::unique_ptr<StatementImpl> impl_;
};

enum class Dialect { Sqlite, Postgres };

// Calendar periods statistics are grouped by, in UTC.
enum class Period { Day, Week, Month };

class Connection {
  public:
    virtual ~Connection() = default;
    virtual Dialect dialect() const = 0;
    // One or more statements without parameters.
    virtual void exec(std::string_view sql) = 0;
    virtual Statement prepare(std::string_view sql) = 0;
    // Starts a transaction that will write: SQLite takes its write lock now (BEGIN IMMEDIATE),
    // so it cannot fail half-way on a busy database.
    virtual void begin_write() = 0;
    // False when the connection is broken and must not go back to the pool.
    virtual bool healthy() const { return true; }

    // SQL for the period a Unix-ms time falls in: "YYYY-MM-DD" for a day, the Monday's date
    // for a week, "YYYY-MM" for a month. `unix_ms_sql` is an expression from the store's own
    // fixed text, never from a request.
    virtual std::string utc_period(Period period, std::string_view unix_ms_sql) const = 0;
    // How many of `remaining` rows the next multi-row INSERT carries (see each dialect).
    virtual std::size_t rows_per_insert(std::size_t remaining) const = 0;
};

// Rolls back unless commit() was called.
class Transaction {
  public:
    explicit Transaction(Connection& db) : db_(db) { db_.begin_write(); }
    // For a transaction the caller has begun itself (with begin_write and more).
    enum AlreadyBegun { kAlreadyBegun };
    Transaction(Connection& db, AlreadyBegun) : db_(db) {}
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Connection& db_;
    bool done_ = false;
};

// WAL, synchronous=FULL: an acknowledgement promises the answer is on disk.
std::unique_ptr<Connection> connect_sqlite(const std::filesystem::path& file);
// A libpq connection string or URL (postgresql://user@host:port/db); synchronous_commit on.
std::unique_ptr<Connection> connect_postgres(const std::string& url);
// The URL with any password replaced by ***, for logs and messages.
std::string redacted_url(std::string url);

}  // namespace fbk::sync::hub::sql
