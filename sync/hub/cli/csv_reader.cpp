#include "sync/hub/cli/csv_reader.h"

namespace fbk::sync::hub {

CsvTable parse_csv(std::string_view text) {
    CsvTable table;
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    std::size_t line = 1;
    std::size_t i = 0;
    const auto at_end_of_record = [&] {
        return i == text.size() || text[i] == '\n' || text.substr(i).starts_with("\r\n");
    };
    while (i < text.size()) {
        CsvRecord record{line, {}};
        while (true) {
            std::string field;
            if (i < text.size() && text[i] == '"') {
                const std::size_t opened = line;
                ++i;
                while (true) {
                    if (i == text.size()) {
                        table.problem = CsvProblem{opened, "a quoted field is never closed"};
                        return table;
                    }
                    const char c = text[i++];
                    if (c == '"') {
                        if (i < text.size() && text[i] == '"') {
                            field += '"';
                            ++i;
                            continue;
                        }
                        break;
                    }
                    line += c == '\n' ? 1 : 0;
                    field += c;
                }
                if (!at_end_of_record() && text[i] != ',') {
                    table.problem =
                        CsvProblem{line, "text after a closing quote (write \"\" for a quote)"};
                    return table;
                }
            } else {
                while (!at_end_of_record() && text[i] != ',') {
                    if (text[i] == '"') {
                        table.problem = CsvProblem{
                            line,
                            "a quote inside an unquoted field (quote the whole field and "
                            "write \"\" for a quote)"};
                        return table;
                    }
                    field += text[i++];
                }
            }
            record.fields.push_back(std::move(field));
            if (i < text.size() && text[i] == ',') {
                ++i;
                continue;
            }
            break;
        }
        // The record ends here: at the end of the text, or at a line break.
        if (i < text.size()) {
            i += text[i] == '\r' ? 2 : 1;
            ++line;
        }
        const bool empty_line = record.fields.size() == 1 && record.fields[0].empty();
        if (!empty_line) {
            table.records.push_back(std::move(record));
        }
    }
    return table;
}

}  // namespace fbk::sync::hub
