#include "sync/protocol/issue.h"

#include <algorithm>

namespace fbk::sync::protocol {

std::string describe(const Issue& issue, std::string_view source) {
    std::string out(source);
    out += ": ";
    out += issue.path;
    out += issue.severity == Severity::Warning ? ": warning: " : ": ";
    out += issue.message;
    return out;
}

bool has_errors(const Issues& issues) {
    return std::any_of(issues.begin(), issues.end(),
                       [](const Issue& i) { return i.severity == Severity::Error; });
}

std::string path_key(std::string_view base, std::string_view key) {
    std::string out(base);
    out += '.';
    out += key;
    return out;
}

std::string path_index(std::string_view base, std::size_t index) {
    std::string out(base);
    out += '[';
    out += std::to_string(index);
    out += ']';
    return out;
}

}  // namespace fbk::sync::protocol
