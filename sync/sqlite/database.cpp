#include "sync/sqlite/database.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include "sync/sqlite/faults.h"

namespace fbk::sync::sqlite {

namespace {

constexpr int kBusyTimeoutMs = 10'000;

[[noreturn]] void throw_error(sqlite3* db, int code, std::string_view action) {
    std::string message(action);
    message += ": ";
    message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    throw Error(code, message);
}

}  // namespace

bool Error::is_full() const {
    return (code_ & 0xFF) == SQLITE_FULL;
}

bool Error::is_storage_failure() const {
    const int primary = code_ & 0xFF;
    return primary == SQLITE_FULL || primary == SQLITE_IOERR || primary == SQLITE_CANTOPEN ||
           primary == SQLITE_READONLY || primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

Database Database::open_with(const std::filesystem::path& file, int flags) {
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(file.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = "cannot open " + file.string() + ": " +
                                    (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc));
        sqlite3_close(raw);
        throw Error(rc, message);
    }
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    return Database(raw);
}

void Database::Closer::operator()(sqlite3* db) const {
    sqlite3_close_v2(db);
}

// A database holds patient answers: owner-only, whatever the process's umask. SQLite gives its
// -wal and -shm files the database file's mode when it creates them; ones left by an older,
// looser run are tightened too.
void make_private(const std::filesystem::path& file) {
    const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        return;  // sqlite3_open_v2 reports why it cannot open the file
    }
    ::fchmod(fd, 0600);
    ::close(fd);
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        const std::string companion = file.string() + suffix;
        ::chmod(companion.c_str(), 0600);  // absent is fine
    }
}

Database Database::open(const std::filesystem::path& file) {
    make_private(file);
    Database db = open_with(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    db.exec("PRAGMA foreign_keys = ON");
    return db;
}

Database Database::open_read_only(const std::filesystem::path& file) {
    return open_with(file, SQLITE_OPEN_READONLY);
}

void Database::exec(std::string_view sql) {
    fault_point("exec", sql);
    const std::string text(sql);
    char* err = nullptr;
    const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string message = "executing '" + text.substr(0, 80) + "': " + (err ? err : "error");
        sqlite3_free(err);
        throw Error(sqlite3_extended_errcode(db_.get()), message);
    }
}

Statement Database::prepare(std::string_view sql) {
    fault_point("prepare", sql);
    sqlite3_stmt* stmt = nullptr;
    const int rc =
        sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &stmt, nullptr);
    if (rc != SQLITE_OK) {
        throw_error(db_.get(), rc, "preparing '" + std::string(sql.substr(0, 80)) + "'");
    }
    return Statement(db_.get(), stmt);
}

std::int64_t Database::last_insert_rowid() const {
    return sqlite3_last_insert_rowid(db_.get());
}

int Database::changes() const {
    return sqlite3_changes(db_.get());
}

int Database::user_version() {
    Statement s = prepare("PRAGMA user_version");
    s.step();
    return static_cast<int>(s.int64(0));
}

void Database::set_user_version(int version) {
    exec("PRAGMA user_version = " + std::to_string(version));
}

void Statement::Finalizer::operator()(sqlite3_stmt* stmt) const {
    sqlite3_finalize(stmt);
}

void Statement::fail(int code, std::string_view action) const {
    std::string what(action);
    if (const char* sql = sqlite3_sql(stmt_.get())) {
        what += " in '";
        what += std::string_view(sql).substr(0, 80);
        what += "'";
    }
    throw_error(db_, code, what);
}

Statement& Statement::bind(int index, std::int64_t value) {
    if (const int rc = sqlite3_bind_int64(stmt_.get(), index, value); rc != SQLITE_OK) {
        fail(rc, "binding parameter " + std::to_string(index));
    }
    return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
    const int rc = sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(),
                                       SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK) {
        fail(rc, "binding parameter " + std::to_string(index));
    }
    return *this;
}

Statement& Statement::bind_null(int index) {
    if (const int rc = sqlite3_bind_null(stmt_.get(), index); rc != SQLITE_OK) {
        fail(rc, "binding parameter " + std::to_string(index));
    }
    return *this;
}

bool Statement::step() {
    if (const char* sql = sqlite3_sql(stmt_.get())) {
        fault_point("step", sql);
    }
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        return false;
    }
    fail(rc, "stepping");
}

void Statement::run() {
    while (step()) {
    }
}

void Statement::reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
}

std::int64_t Statement::int64(int column) const {
    return sqlite3_column_int64(stmt_.get(), column);
}

std::string Statement::text(int column) const {
    return std::string(text_view(column));
}

std::string_view Statement::text_view(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_.get(), column));
    if (p == nullptr) {
        return {};
    }
    return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), column))};
}

bool Statement::is_null(int column) const {
    return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

Transaction::Transaction(Database& db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
}

Transaction::~Transaction() {
    if (!done_) {
        // Straight to SQLite, past the fault point (sync/sqlite/faults.h). An error is ignored:
        // SQLite may already have rolled back after an I/O error, and ROLLBACK ends the
        // transaction in any case.
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

}  // namespace fbk::sync::sqlite
