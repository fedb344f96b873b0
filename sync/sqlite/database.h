// RAII over the SQLite C API for the outbox and the hub. Failures throw sqlite::Error, which
// carries SQLite's result code and message and the statement that failed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace fbk::sync::sqlite {

class Error : public std::runtime_error {
  public:
    Error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const { return code_; }
    // SQLITE_FULL, SQLITE_IOERR, ...: the disk, not the data, is the problem.
    bool is_storage_failure() const;
    // SQLITE_FULL: the disk (or the database's size limit) has no room left.
    bool is_full() const;

  private:
    int code_;
};

class Statement;

class Database {
  public:
    // Opens (creating if needed) with foreign keys on and a busy timeout, so concurrent writers
    // from other connections wait instead of failing.
    static Database open(const std::filesystem::path& file);
    static Database open_read_only(const std::filesystem::path& file);

    void exec(std::string_view sql);
    Statement prepare(std::string_view sql);
    std::int64_t last_insert_rowid() const;
    int changes() const;
    // PRAGMA user_version: the schema version this file was migrated to.
    int user_version();
    void set_user_version(int version);

    sqlite3* handle() const { return db_.get(); }

  private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };
    explicit Database(sqlite3* db) : db_(db) {}
    static Database open_with(const std::filesystem::path& file, int flags);
    std::unique_ptr<sqlite3, Closer> db_;
};

class Statement {
  public:
    Statement& bind(int index, std::int64_t value);
    Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement& bind(int index, std::string_view text);
    Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
    Statement& bind(int index, const std::string& text) {
        return bind(index, std::string_view(text));
    }
    Statement& bind_null(int index);
    template <class T>
    Statement& bind(int index, const std::optional<T>& value) {
        return value ? bind(index, *value) : bind_null(index);
    }

    // True while a row is available; false when done.
    bool step();
    // Steps a statement that returns no rows.
    void run();
    void reset();

    std::int64_t int64(int column) const;
    std::string text(int column) const;
    std::string_view text_view(int column) const;  // valid until the next step/reset
    bool is_null(int column) const;

  private:
    friend class Database;
    struct Finalizer {
        void operator()(sqlite3_stmt* stmt) const;
    };
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
    [[noreturn]] void fail(int code, std::string_view action) const;

    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// BEGIN IMMEDIATE takes the write lock up front, so a transaction never fails half-way with
// SQLITE_BUSY on its first write. Rolls back unless commit() was called.
class Transaction {
  public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

  private:
    Database& db_;
    bool done_ = false;
};

}  // namespace fbk::sync::sqlite
