// The hub's schema, described once. PostgreSQL databases are created from this description;
// SQLite files reach it through their numbered migrations (schema.cpp), which keep every
// answer of an older file. tests/e2e/test_schema_equivalence.cpp reads both databases' own
// catalogues and checks that they match this description, column by column.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sync/hub/sql/connection.h"

namespace fbk::sync::hub {

inline constexpr std::int64_t kSchemaVersion = 17;

enum class ColumnType {
    Integer,   // SQLite INTEGER, PostgreSQL BIGINT
    Text,      // TEXT in both; on PostgreSQL in byte order (COLLATE "C", schema 17)
    Sequence,  // the table's order key: SQLite INTEGER PRIMARY KEY AUTOINCREMENT, BIGSERIAL
};

struct ColumnSpec {
    std::string_view name{};
    ColumnType type = ColumnType::Text;
    bool nullable = false;
    std::string_view default_sql{};  // e.g. "''", "0"; empty: none
    std::string_view constraint{};   // e.g. "UNIQUE", "REFERENCES responses(seq)", "CHECK (...)"
};

struct TableSpec {
    std::string_view name{};
    std::vector<ColumnSpec> columns{};
    std::vector<std::string_view> primary_key{};  // empty when a Sequence column is the key
    bool without_rowid = false;                   // SQLite's clustered table (no effect on PG)
};

// Every table of schema kSchemaVersion, in creation order (a REFERENCES comes after its table).
const std::vector<TableSpec>& schema_tables();

// One table of the description, by name.
const TableSpec& table_spec(std::string_view name);

// CREATE TABLE for one table in that database's words.
std::string create_table_sql(const TableSpec& table, sql::Dialect dialect);

// Brings the database to kSchemaVersion in one transaction, or throws sql::Error (a newer
// schema than this hub knows is refused: downgrading a hub must not damage its data).
void migrate(sql::Connection& db);

}  // namespace fbk::sync::hub
