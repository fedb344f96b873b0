// Typed access to JSON object fields that records a path-located Issue instead of throwing, so
// that one pass over a document reports every problem in it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "sync/protocol/issue.h"

namespace fbk::sync::protocol {

// Deeper nesting than any of our formats needs is refused, whatever the document.
inline constexpr std::size_t kMaxJsonDepth = 32;

// Parses `text`, or records "invalid JSON at line L, column C: ..." at "$" and returns nullopt.
// A key repeated within one object is an error at its path ("$.answers[0].value"), and so is
// nesting deeper than kMaxJsonDepth.
std::optional<nlohmann::json> parse_json_document(std::string_view text, Issues& issues);

// As parse_json_document, and the document must be an object (every format we read is one).
std::optional<nlohmann::json> parse_json_object(std::string_view text, Issues& issues);

// The text of a JSON file of at most `max_bytes`, or nullopt after recording at "$" why it
// cannot be read (missing, unreadable, too large).
std::optional<std::string> read_json_file(const std::filesystem::path& file, std::size_t max_bytes,
                                          Issues& issues);

class JsonReader {
  public:
    explicit JsonReader(Issues& issues) : issues_(issues) {}

    void error(std::string path, std::string message);
    void warning(std::string path, std::string message);

    // Missing required fields and wrong types become errors; absent optional fields yield nullopt
    // or nullptr silently.
    const nlohmann::json* field(const nlohmann::json& object, std::string_view key,
                                std::string_view path, bool required = true);
    std::optional<std::string> string(const nlohmann::json& object, std::string_view key,
                                      std::string_view path, bool required = true);
    std::optional<std::int64_t> integer(const nlohmann::json& object, std::string_view key,
                                        std::string_view path, bool required = true);
    const nlohmann::json* array(const nlohmann::json& object, std::string_view key,
                                std::string_view path, bool required = true);
    const nlohmann::json* object(const nlohmann::json& object, std::string_view key,
                                 std::string_view path, bool required = true);

    bool expect_object(const nlohmann::json& value, std::string_view path);

    // A misspelt key ("stage" for "stages") would otherwise be ignored without a word.
    void reject_unknown_keys(const nlohmann::json& object,
                             std::initializer_list<std::string_view> known, std::string_view path);

  private:
    Issues& issues_;
};

std::string_view json_type_name(const nlohmann::json& value);

}  // namespace fbk::sync::protocol
