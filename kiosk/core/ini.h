// A small INI reader for files IT staff edit by hand: "[section]", "key = value", full-line
// comments starting with '#' or ';' and trailing " # comments". Every entry keeps its line
// number so that errors can point at it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fbk::kiosk::core {

struct IniEntry {
    std::string section;
    std::string key;
    std::string value;
    int line = 0;
};

struct IniError {
    int line = 0;
    std::string message;
};

struct IniSection {
    std::string name;
    int line = 0;  // of its "[name]" header
};

// `s` without the blanks (space, tab, CR) around it.
std::string_view trim_blanks(std::string_view s);

struct IniDocument {
    std::vector<IniEntry> entries;
    std::vector<IniError> errors;
    std::vector<IniSection> sections;  // every header in file order, repeats included
};

IniDocument parse_ini(std::string_view text);

}  // namespace fbk::kiosk::core
