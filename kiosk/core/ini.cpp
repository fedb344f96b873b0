#include "kiosk/core/ini.h"

namespace fbk::kiosk::core {

std::string_view trim_blanks(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

namespace {

std::string_view strip_trailing_comment(std::string_view value) {
    for (std::size_t i = 1; i < value.size(); ++i) {
        if ((value[i] == '#' || value[i] == ';') && (value[i - 1] == ' ' || value[i - 1] == '\t')) {
            return trim_blanks(value.substr(0, i));
        }
    }
    return value;
}

}  // namespace

IniDocument parse_ini(std::string_view text) {
    IniDocument doc;
    // Windows editors (Notepad) may start a UTF-8 file with a byte order mark.
    if (text.starts_with("\xEF\xBB\xBF")) {
        text.remove_prefix(3);
    }
    std::string section;
    int line_no = 0;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const auto end = text.find('\n', pos);
        const auto raw =
            text.substr(pos, end == std::string_view::npos ? text.size() - pos : end - pos);
        pos = end == std::string_view::npos ? text.size() + 1 : end + 1;
        ++line_no;
        const auto line = trim_blanks(raw);
        if (line.empty() || line[0] == '#' || line[0] == ';') {
            continue;
        }
        if (line[0] == '[') {
            if (line.back() != ']' || line.size() < 3) {
                doc.errors.push_back({line_no, "a section header looks like [name]"});
                continue;
            }
            section = std::string(trim_blanks(line.substr(1, line.size() - 2)));
            doc.sections.push_back({section, line_no});
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) {
            doc.errors.push_back({line_no, "expected 'key = value'"});
            continue;
        }
        const auto key = trim_blanks(line.substr(0, eq));
        if (key.empty()) {
            doc.errors.push_back({line_no, "the key before '=' is empty"});
            continue;
        }
        if (section.empty()) {
            doc.errors.push_back(
                {line_no, "'" + std::string(key) + "' comes before any [section]"});
            continue;
        }
        doc.entries.push_back(
            {section, std::string(key),
             std::string(strip_trailing_comment(trim_blanks(line.substr(eq + 1)))), line_no});
    }
    return doc;
}

}  // namespace fbk::kiosk::core
