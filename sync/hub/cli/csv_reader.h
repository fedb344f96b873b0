// Reading CSV as RFC 4180 writes it (and Excel and LibreOffice save it): comma-separated fields,
// CRLF or LF between records, fields in double quotes may hold commas, line breaks and "" for a
// quote. A UTF-8 byte order mark at the start is skipped.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fbk::sync::hub {

struct CsvRecord {
    std::size_t line = 0;  // where the record starts, from 1
    std::vector<std::string> fields;
};

struct CsvProblem {
    std::size_t line = 0;
    std::string message;
};

struct CsvTable {
    std::vector<CsvRecord> records;     // empty lines left out
    std::optional<CsvProblem> problem;  // malformed quoting; `records` then holds what came before
};

CsvTable parse_csv(std::string_view text);

}  // namespace fbk::sync::hub
