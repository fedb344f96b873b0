// A problem found in a document (survey pack, batch, ack), located by a JSON path such as
// `$.surveys[0].questions[1].text.sv`. Validation collects these instead of throwing so that a
// caller can report every problem of a file at once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace fbk::sync::protocol {

enum class Severity { Error, Warning };

struct Issue {
    Severity severity = Severity::Error;
    std::string path;  // JSON path, "$" for the document itself
    std::string message;
};

using Issues = std::vector<Issue>;

// "source: $.path: message" (warnings say so), the form check-pack prints.
std::string describe(const Issue& issue, std::string_view source);

bool has_errors(const Issues& issues);

// Path building: key("$", "surveys") == "$.surveys", index("$.surveys", 2) == "$.surveys[2]".
std::string path_key(std::string_view base, std::string_view key);
std::string path_index(std::string_view base, std::size_t index);

}  // namespace fbk::sync::protocol
