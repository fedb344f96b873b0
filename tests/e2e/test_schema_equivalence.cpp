// The hub's two databases hold the same schema: a SQLite file brought up by its migrations and
// a PostgreSQL database created from the description (sync/hub/store/schema.h) are read back
// from their own catalogues and compared with the description, column by column: name,
// order, type, NULL or not, default, and the primary key.
#include <doctest/doctest.h>

#include <map>
#include <string>
#include <vector>

#include "sync/hub/sql/connection.h"
#include "sync/hub/store/hub_store.h"
#include "sync/hub/store/schema.h"
#include "tests/support/postgres_server.h"
#include "tests/support/temp_dir.h"

namespace hub = fbk::sync::hub;
namespace sql = fbk::sync::hub::sql;

namespace {

// "name integer|text null|not-null default pk" per column, in table order.
using Layout = std::map<std::string, std::vector<std::string>>;

std::string describe(std::string_view name, std::string_view type, bool not_null,
                     std::string default_sql, bool in_key) {
    // PostgreSQL writes a text default as 'x'::text; a sequence's default is its own business.
    if (const auto cast = default_sql.find("::"); cast != std::string::npos) {
        default_sql.erase(cast);
    }
    if (default_sql.starts_with("nextval(")) {
        default_sql.clear();
    }
    return std::string(name) + " " + std::string(type) +
           (not_null || in_key ? " not-null" : " null") +
           (default_sql.empty() ? "" : " default " + default_sql) + (in_key ? " pk" : "");
}

Layout expected() {
    Layout out;
    for (const hub::TableSpec& t : hub::schema_tables()) {
        for (const hub::ColumnSpec& c : t.columns) {
            const bool key = c.type == hub::ColumnType::Sequence ||
                             std::find(t.primary_key.begin(), t.primary_key.end(), c.name) !=
                                 t.primary_key.end();
            out[std::string(t.name)].push_back(
                describe(c.name, c.type == hub::ColumnType::Text ? "text" : "integer", !c.nullable,
                         std::string(c.default_sql), key));
        }
    }
    return out;
}

Layout sqlite_layout(sql::Connection& db) {
    Layout out;
    auto tables = db.prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name");
    while (tables.step()) {
        const std::string table = tables.text(0);
        auto cols = db.prepare(
            "SELECT name, type, \"notnull\", dflt_value, pk FROM "
            "pragma_table_info(?1) ORDER BY cid");
        cols.bind(1, table);
        while (cols.step()) {
            std::string type = cols.text(1);
            std::transform(type.begin(), type.end(), type.begin(), ::tolower);
            // SQLite's type affinity: any declared type containing INT is an integer column
            // (schema 8's tables say BIGINT in both databases).
            if (type.find("int") != std::string::npos) {
                type = "integer";
            }
            out[table].push_back(describe(cols.text(0), type, cols.int64(2) != 0,
                                          cols.is_null(3) ? "" : cols.text(3), cols.int64(4) > 0));
        }
    }
    return out;
}

Layout postgres_layout(sql::Connection& db) {
    Layout out;
    auto cols = db.prepare(R"sql(
        SELECT c.table_name, c.column_name, c.data_type, c.is_nullable,
               COALESCE(c.column_default, ''),
               EXISTS (SELECT 1 FROM information_schema.table_constraints tc
                       JOIN information_schema.key_column_usage k
                         ON k.constraint_name = tc.constraint_name AND k.table_name = tc.table_name
                       WHERE tc.table_name = c.table_name AND tc.constraint_type = 'PRIMARY KEY'
                         AND k.column_name = c.column_name)
        FROM information_schema.columns c
        WHERE c.table_schema = 'public' AND c.table_name <> 'schema_version'
        ORDER BY c.table_name, c.ordinal_position)sql");
    while (cols.step()) {
        const std::string type = cols.text_view(2) == "bigint" ? "integer" : cols.text(2);
        out[cols.text(0)].push_back(describe(cols.text(1), type, cols.text_view(3) == "NO",
                                             cols.text(4), cols.text_view(5) == "t"));
    }
    return out;
}

// "table.column" of every text column of PostgreSQL's that does not compare in byte order.
std::vector<std::string> postgres_text_columns_not_in_byte_order(sql::Connection& db) {
    auto cols = db.prepare(R"sql(
        SELECT table_name || '.' || column_name FROM information_schema.columns
        WHERE table_schema = 'public' AND data_type = 'text'
          AND collation_name IS DISTINCT FROM 'C'
        ORDER BY 1)sql");
    std::vector<std::string> out;
    while (cols.step()) {
        out.push_back(cols.text(0));
    }
    return out;
}

std::string joined(const std::vector<std::string>& columns) {
    std::string out;
    for (const auto& c : columns) {
        out += (out.empty() ? "" : "; ") + c;
    }
    return out;
}

void check_same(const Layout& actual, const Layout& want) {
    for (const auto& [table, columns] : want) {
        CAPTURE(table);
        REQUIRE(actual.contains(table));
        CHECK(joined(actual.at(table)) == joined(columns));
    }
    CHECK(actual.size() == want.size());
}

}  // namespace

TEST_CASE("SQLite after its migrations and PostgreSQL from the description hold one schema") {
    const Layout want = expected();
    CHECK(want.size() == 19);  // tables of schema 17

    fbk::test::TempDir dir;
    { hub::HubStore migrated(dir.path()); }
    auto sqlite = sql::connect_sqlite(dir.path() / "hub.sqlite3");
    const Layout from_sqlite = sqlite_layout(*sqlite);
    check_same(from_sqlite, want);

    const std::string url = fbk::test::PostgresServer::shared().database("schema_equivalence");
    { hub::HubStore created(hub::StoreLocation{{}, url}); }
    auto postgres = sql::connect_postgres(url);
    const Layout from_postgres = postgres_layout(*postgres);
    check_same(from_postgres, want);
    CHECK(from_postgres == from_sqlite);
    // Text compares in byte order on both (SQLite's BINARY, PostgreSQL's "C").
    CHECK(postgres_text_columns_not_in_byte_order(*postgres).empty());
}
