// sql::Connection over libpq. Statements are prepared once per connection and SQL text, with
// the parameter types of their first use, and results come back in text format.
#include <libpq-fe.h>

#include <charconv>
#include <map>
#include <vector>

#include "sync/hub/sql/connection.h"

namespace fbk::sync::hub::sql {

namespace {

constexpr Oid kInt8Oid = 20;
constexpr Oid kTextOid = 25;
constexpr std::string_view kDiskFull = "53100";
constexpr std::string_view kDeadlock = "40P01";
constexpr std::string_view kSerializationFailure = "40001";

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

struct ConnDeleter {
    void operator()(PGconn* c) const { PQfinish(c); }
};

// What failed, with PostgreSQL's SQLSTATE; never the parameters (they may be answers).
[[noreturn]] void fail(const PGresult* result, PGconn* conn, std::string_view what) {
    const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    // The primary message only: DETAIL lines can quote row values, which may be answers.
    const char* primary =
        result != nullptr ? PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY) : nullptr;
    std::string message = primary != nullptr ? primary : PQerrorMessage(conn);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
        message.pop_back();
    }
    const std::string code = state != nullptr ? state : "";
    throw Error("PostgreSQL: " + message + (code.empty() ? "" : " [" + code + "]") + " in " +
                    std::string(what.substr(0, 120)),
                code == kDiskFull, code == kDeadlock || code == kSerializationFailure);
}

// ?N -> $N outside string literals; returns the highest N.
int to_dollar_params(std::string_view sql, std::string& out) {
    int highest = 0;
    bool in_literal = false;
    for (std::size_t i = 0; i < sql.size(); ++i) {
        const char c = sql[i];
        if (c == '\'') {
            in_literal = !in_literal;
        }
        if (!in_literal && c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' &&
            sql[i + 1] <= '9') {
            int n = 0;
            const auto [end, ec] = std::from_chars(sql.data() + i + 1, sql.data() + sql.size(), n);
            out += '$';
            out.append(sql.data() + i + 1, end);
            highest = std::max(highest, n);
            i = static_cast<std::size_t>(end - sql.data()) - 1;
            continue;
        }
        out += c;
    }
    return highest;
}

class PostgresConnection;

class PostgresStatement final : public StatementImpl {
  public:
    PostgresStatement(PostgresConnection& conn, std::string sql, int params)
        : conn_(conn),
          sql_(std::move(sql)),
          values_(static_cast<std::size_t>(params)),
          types_(static_cast<std::size_t>(params), kTextOid) {}

    void bind(int index, std::int64_t value) override {
        slot(index, kInt8Oid) = std::to_string(value);
    }
    void bind(int index, std::string_view text) override { slot(index, kTextOid) = text; }
    void bind_null(int index, Type type) override {
        slot(index, type == Type::Integer ? kInt8Oid : kTextOid).reset();
    }
    bool step() override;
    void reset() override {
        result_.reset();
        row_ = -1;
    }
    std::int64_t int64(int column) const override {
        const auto text = text_view(column);
        std::int64_t value = 0;
        std::from_chars(text.data(), text.data() + text.size(), value);
        return value;
    }
    std::string_view text_view(int column) const override {
        return {PQgetvalue(result_.get(), row_, column),
                static_cast<std::size_t>(PQgetlength(result_.get(), row_, column))};
    }
    bool is_null(int column) const override {
        return PQgetisnull(result_.get(), row_, column) != 0;
    }

  private:
    std::optional<std::string>& slot(int index, Oid type) {
        const auto i = static_cast<std::size_t>(index - 1);
        if (index < 1 || i >= values_.size()) {
            throw Error("parameter ?" + std::to_string(index) + " is not in: " + sql_, false);
        }
        types_[i] = type;
        return values_[i];
    }

    PostgresConnection& conn_;
    std::string sql_;
    std::vector<std::optional<std::string>> values_;
    std::vector<Oid> types_;
    Result result_;
    int row_ = -1;
};

class PostgresConnection final : public Connection {
  public:
    explicit PostgresConnection(PGconn* conn) : conn_(conn) {}
    Dialect dialect() const override { return Dialect::Postgres; }
    void exec(std::string_view sql) override {
        const Result r(PQexec(conn_.get(), std::string(sql).c_str()));
        const auto status = PQresultStatus(r.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            fail(r.get(), conn_.get(), sql);
        }
        // COMMIT of a transaction that already failed "succeeds" as a ROLLBACK.
        if (sql == "COMMIT" && std::string_view(PQcmdStatus(r.get())) != "COMMIT") {
            throw Error("PostgreSQL rolled the transaction back instead of committing it", false);
        }
    }
    Statement prepare(std::string_view sql) override {
        std::string converted;
        const int params = to_dollar_params(sql, converted);
        return Statement(std::make_unique<PostgresStatement>(*this, std::move(converted), params));
    }
    void begin_write() override { exec("BEGIN"); }

    std::string utc_period(Period period, std::string_view unix_ms_sql) const override {
        const std::string time =
            "(to_timestamp(" + std::string(unix_ms_sql) + " / 1000.0) AT TIME ZONE 'UTC')";
        switch (period) {
            case Period::Day:
                return "to_char(" + time + ", 'YYYY-MM-DD')";
            case Period::Week:
                return "to_char(date_trunc('week', " + time + "), 'YYYY-MM-DD')";
            case Period::Month:
                return "to_char(" + time + ", 'YYYY-MM')";
        }
        return "to_char(" + time + ", 'YYYY-MM-DD')";
    }
    // A round trip per statement: many rows in one (within the 65 535 parameters) took the
    // store alone from 6.2k to 18.4k responses/s. A few fixed shapes, so each connection
    // prepares at most five per table.
    std::size_t rows_per_insert(std::size_t remaining) const override {
        for (const std::size_t rows : {250, 64, 16, 4}) {
            if (remaining >= rows) {
                return rows;
            }
        }
        return 1;
    }
    // Back to the pool only when connected and outside any transaction: a connection left in
    // an aborted transaction would fail every later statement.
    bool healthy() const override {
        return PQstatus(conn_.get()) == CONNECTION_OK &&
               PQtransactionStatus(conn_.get()) == PQTRANS_IDLE;
    }

    // Runs `sql` prepared once per connection (and per parameter types).
    Result run_prepared(const std::string& sql, const std::vector<Oid>& types,
                        const std::vector<std::optional<std::string>>& values) {
        std::string key = sql;
        for (const Oid t : types) {
            key += t == kInt8Oid ? 'i' : 't';
        }
        auto it = prepared_.find(key);
        if (it == prepared_.end()) {
            const std::string name = "fbk" + std::to_string(prepared_.size());
            const Result r(PQprepare(conn_.get(), name.c_str(), sql.c_str(),
                                     static_cast<int>(types.size()), types.data()));
            if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) {
                fail(r.get(), conn_.get(), sql);
            }
            it = prepared_.emplace(std::move(key), name).first;
        }
        std::vector<const char*> pointers;
        pointers.reserve(values.size());
        for (const auto& v : values) {
            pointers.push_back(v ? v->c_str() : nullptr);
        }
        Result r(PQexecPrepared(conn_.get(), it->second.c_str(), static_cast<int>(values.size()),
                                pointers.data(), nullptr, nullptr, 0));
        const auto status = PQresultStatus(r.get());
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            fail(r.get(), conn_.get(), sql);
        }
        return r;
    }

  private:
    std::unique_ptr<PGconn, ConnDeleter> conn_;
    std::map<std::string, std::string> prepared_;
};

bool PostgresStatement::step() {
    if (!result_) {
        result_ = conn_.run_prepared(sql_, types_, values_);
        row_ = -1;
    }
    ++row_;
    return row_ < PQntuples(result_.get());
}

}  // namespace

std::string redacted_url(std::string url) {
    const auto scheme = url.find("://");
    const auto at = url.find('@');
    if (scheme != std::string::npos && at != std::string::npos && at > scheme) {
        const auto colon = url.find(':', scheme + 3);
        if (colon != std::string::npos && colon < at) {
            url.replace(colon + 1, at - colon - 1, "***");
        }
    }
    for (auto key = url.find("password="); key != std::string::npos;
         key = url.find("password=", key + 1)) {
        const auto start = key + 9;
        const auto end = url.find_first_of(" &", start);
        url.replace(start, (end == std::string::npos ? url.size() : end) - start, "***");
    }
    return url;
}

std::unique_ptr<Connection> connect_postgres(const std::string& url) {
    PGconn* raw = PQconnectdb(url.c_str());
    std::unique_ptr<PGconn, ConnDeleter> conn(raw);
    if (raw == nullptr || PQstatus(raw) != CONNECTION_OK) {
        std::string message = raw != nullptr ? PQerrorMessage(raw) : "out of memory";
        while (!message.empty() && message.back() == '\n') {
            message.pop_back();
        }
        throw Error("cannot connect to PostgreSQL at " + redacted_url(url) + ": " + message, false);
    }
    auto connection = std::make_unique<PostgresConnection>(conn.release());
    // An acknowledgement promises the answer is on disk; notices are not for the hub's log.
    connection->exec("SET synchronous_commit = on; SET client_min_messages = warning");
    return connection;
}

}  // namespace fbk::sync::hub::sql
