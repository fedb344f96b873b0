// A value quoted in an error message: control characters escaped ("\n", "\x1b") so that the
// message stays on one line and a hostile value cannot forge log lines.
#pragma once

#include <string>
#include <string_view>

namespace fbk::sync::protocol {

std::string printable(std::string_view value);

}  // namespace fbk::sync::protocol
