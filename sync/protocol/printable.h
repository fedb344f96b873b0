// A value quoted in an error message or a log line: control characters and bytes that are not
// valid UTF-8 escaped ("\n", "\x1b", "\xff"), so that the message stays on one line, a hostile
// value cannot forge log lines, and a JSON reply can always carry it.
#pragma once

#include <string>
#include <string_view>

namespace fbk::sync::protocol {

std::string printable(std::string_view value);

}  // namespace fbk::sync::protocol
