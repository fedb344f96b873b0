// Changing settings in an INI text that people wrote and commented (see ini.h for the syntax):
// every line that is not one of the settings changed stays exactly as it was.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace fbk::kiosk::core {

struct IniValue {
    std::string section;
    std::string key;
    std::string value;
};

// `text` with each of `values` set:
// - every "key = value" line of that key in that section (each, if the file repeats it) gets the
//   new value; its indentation, spelling around '=' and a trailing " # comment" are kept;
// - a key the section lacks goes on a new line right after the section's first header;
// - a section the text lacks is appended, with its keys, after a blank line.
// New lines end as the text's first line does (CRLF or LF). Running it again with the same values
// gives the same text. Throws std::invalid_argument, naming the setting but not the value (it may
// be a secret), when a value cannot be read back unchanged from a line: a control character,
// leading or trailing blanks, or a '#' or ';' after a blank (read as a comment).
std::string set_ini_values(std::string_view text, std::span<const IniValue> values);

}  // namespace fbk::kiosk::core
