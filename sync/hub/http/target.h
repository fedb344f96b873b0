// The request target ("/api/v1/stats?by=week&from=2026-11-02") as the application sees it:
// the path and every query parameter percent-decoded ('+' is a space in the query, as HTML
// forms send it) and checked. Anything that cannot be decoded, holds a NUL or is not UTF-8 is
// refused with where it is, so no handler ever sees, stores or echoes such bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "sync/hub/http/message.h"

namespace fbk::sync::hub::http {

struct Target {
    std::string path;
    std::vector<Param> params;
};

// `where` names the part ("path", "query parameter 'by'", "query parameter 3"), `problem`
// says what is wrong with it; neither holds the offending bytes.
struct TargetError {
    std::string where;
    std::string problem;
};

std::variant<Target, TargetError> parse_target(std::string_view target);

// nullopt when a '%' is not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space);

// nullopt when `text` is valid UTF-8 without NUL; else what is wrong ("is not valid UTF-8
// (byte 7)", "holds a NUL byte (byte 3)"), counting bytes from 1.
std::optional<std::string> text_problem(std::string_view text);

}  // namespace fbk::sync::hub::http
