#include "kiosk/core/ini_edit.h"

#include "kiosk/core/ini.h"

#include <algorithm>
#include <map>
#include <optional>
#include <stdexcept>
#include <vector>

namespace fbk::kiosk::core {

namespace {

constexpr std::string_view kBlanks = " \t";
constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

// Why `value` would not read back as itself from "key = value" (see parse_ini), or empty.
std::string_view value_problem(std::string_view value) {
    if (std::any_of(value.begin(), value.end(), [](char c) {
            const auto u = static_cast<unsigned char>(c);
            return u < 0x20 || u == 0x7F;
        })) {
        return "a control character or line break";
    }
    if (!value.empty() && (is_blank(value.front()) || is_blank(value.back()))) {
        return "leading or trailing blanks";
    }
    for (std::size_t i = 1; i < value.size(); ++i) {
        if ((value[i] == '#' || value[i] == ';') && is_blank(value[i - 1])) {
            return "a '#' or ';' after a blank, which starts a comment";
        }
    }
    return {};
}

// The section a header line opens, or nullopt if the line is not a header (as parse_ini reads).
std::optional<std::string> header_of(std::string_view line) {
    const auto t = trim_blanks(line);
    if (t.size() < 3 || t.front() != '[' || t.back() != ']') {
        return std::nullopt;
    }
    return std::string(trim_blanks(t.substr(1, t.size() - 2)));
}

// The key of a "key = value" line, or empty.
std::string_view key_of(std::string_view line) {
    const auto t = trim_blanks(line);
    if (t.empty() || t.front() == '#' || t.front() == ';' || t.front() == '[') {
        return {};
    }
    const auto eq = t.find('=');
    return eq == std::string_view::npos ? std::string_view() : trim_blanks(t.substr(0, eq));
}

// `line` ("key = old # comment") with `value` in place of its value; '\r' and comment kept.
std::string with_value(std::string_view line, std::string_view value) {
    const bool cr = line.ends_with('\r');
    const auto body = cr ? line.substr(0, line.size() - 1) : line;
    const auto eq = body.find('=');
    const auto value_start = std::min(body.find_first_not_of(kBlanks, eq + 1), body.size());
    std::string out(body.substr(0, value_start));
    out += value;
    // A trailing comment starts at a '#' or ';' after a blank, past the value's first character.
    for (std::size_t i = value_start + 1; i < body.size(); ++i) {
        if ((body[i] == '#' || body[i] == ';') && is_blank(body[i - 1])) {
            // Keep the comment in its column when the new value leaves room, else one space away.
            out.append(i > out.size() ? i - out.size() : 1, ' ');
            out += body.substr(i);
            break;
        }
    }
    if (cr) {
        out += '\r';
    }
    return out;
}

// Line `index` as parse_ini reads it: past the byte order mark Notepad puts first, or the file's
// first header goes unseen and its section is appended a second time. The mark itself stays.
std::string_view as_read(std::string_view line, std::size_t index) {
    return index == 0 && line.starts_with(kByteOrderMark) ? line.substr(kByteOrderMark.size())
                                                          : line;
}

// Ends `out`'s last line, which has no '\n'. One ending in '\r' needs only the '\n': a whole
// CRLF after it would leave a stray '\r' in that line for the next edit to drop, and running the
// edit again would not give the same text.
void end_last_line(std::string& out, std::string_view eol) {
    out += out.ends_with('\r') ? std::string_view("\n") : eol;
}

std::vector<std::string> split_lines(std::string_view text) {
    // Lines without their '\n' (a '\r' stays); the last one is "" when the text ends with '\n'.
    std::vector<std::string> lines;
    for (std::size_t pos = 0;;) {
        const auto end = text.find('\n', pos);
        lines.emplace_back(text.substr(pos, end == std::string_view::npos ? end : end - pos));
        if (end == std::string_view::npos) {
            break;
        }
        pos = end + 1;
    }
    return lines;
}

// Keys already in the text get their new value in place; returns which values were found, and
// notes the line of each section's first header.
std::vector<bool> replace_in_place(std::vector<std::string>& lines,
                                   std::span<const IniValue> values,
                                   std::map<std::string, std::size_t>& first_header) {
    std::vector<bool> found(values.size(), false);
    std::string section;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string_view line = as_read(lines[i], i);
        if (const auto name = header_of(line)) {
            section = *name;
            first_header.emplace(section, i);
            continue;
        }
        const auto key = key_of(line);
        if (key.empty() || section.empty()) {
            continue;
        }
        for (std::size_t j = 0; j < values.size(); ++j) {
            if (values[j].section == section && values[j].key == key) {
                lines[i] = with_value(lines[i], values[j].value);
                found[j] = true;
            }
        }
    }
    return found;
}

// Values not found: after their section's first header, or in new sections at the end.
struct NewLines {
    std::map<std::size_t, std::vector<std::string>> inserted;  // after line index
    std::vector<std::pair<std::string, std::vector<std::string>>> appended;
};

NewLines new_lines(std::span<const IniValue> values, const std::vector<bool>& found,
                   const std::map<std::string, std::size_t>& first_header) {
    NewLines out;
    for (std::size_t j = 0; j < values.size(); ++j) {
        if (found[j]) {
            continue;
        }
        const auto& v = values[j];
        std::string line = v.key + " = " + v.value;
        if (const auto header = first_header.find(v.section); header != first_header.end()) {
            out.inserted[header->second].push_back(std::move(line));
            continue;
        }
        auto it = std::find_if(out.appended.begin(), out.appended.end(),
                               [&](const auto& s) { return s.first == v.section; });
        if (it == out.appended.end()) {
            it = out.appended.insert(out.appended.end(), {v.section, {}});
        }
        it->second.push_back(std::move(line));
    }
    return out;
}

std::string join_lines(const std::vector<std::string>& lines, const NewLines& added,
                       const std::string& eol) {
    std::string out;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        out += lines[i];
        const bool last = i + 1 == lines.size();
        if (!last) {
            out += '\n';
        }
        if (const auto it = added.inserted.find(i); it != added.inserted.end()) {
            if (last) {
                end_last_line(out, eol);  // a header on the last line, without a line break
            }
            for (const auto& line : it->second) {
                out += line + eol;
            }
        }
    }
    for (const auto& [name, section_lines] : added.appended) {
        if (!out.empty() && !out.ends_with('\n')) {
            end_last_line(out, eol);
        }
        if (!out.empty() && !out.ends_with(eol + eol)) {
            out += eol;
        }
        out += "[" + name + "]" + eol;
        for (const auto& line : section_lines) {
            out += line + eol;
        }
    }
    return out;
}

}  // namespace

std::string set_ini_values(std::string_view text, std::span<const IniValue> values) {
    for (const auto& v : values) {
        if (const auto why = value_problem(v.value); !why.empty()) {
            throw std::invalid_argument("[" + v.section + "] " + v.key + ": the value has " +
                                        std::string(why));
        }
    }
    std::vector<std::string> lines = split_lines(text);
    const std::string eol = lines.size() > 1 && lines.front().ends_with('\r') ? "\r\n" : "\n";
    std::map<std::string, std::size_t> first_header;  // section -> line index
    const std::vector<bool> found = replace_in_place(lines, values, first_header);
    return join_lines(lines, new_lines(values, found, first_header), eol);
}

}  // namespace fbk::kiosk::core
