#include "sync/hub/export/csv.h"

namespace fbk::sync::hub {

void append_csv_text(std::string& out, std::string_view text) {
    const bool formula = !text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' ||
                                           text[0] == '@' || text[0] == '\t' || text[0] == '\r');
    const bool quote = formula || text.find_first_of(",\"\r\n") != std::string_view::npos;
    if (!quote) {
        out += text;
        return;
    }
    out += '"';
    if (formula) {
        out += '\'';
    }
    for (const char c : text) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
}

void append_csv_number(std::string& out, std::int64_t value) {
    out += std::to_string(value);
}

}  // namespace fbk::sync::hub
