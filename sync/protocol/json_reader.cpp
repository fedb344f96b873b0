#include "sync/protocol/json_reader.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <vector>

#include "sync/protocol/join.h"
#include "sync/protocol/printable.h"

namespace fbk::sync::protocol {

using nlohmann::json;

namespace {

std::pair<std::size_t, std::size_t> line_and_column(std::string_view text, std::size_t byte) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < text.size() && i + 1 < byte; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return {line, column};
}

// Builds the document as nlohmann's own DOM parser does, and refuses what that parser lets
// through: a key repeated in one object (nlohmann keeps the last copy without a word, so two
// readers of one document could disagree on its meaning) and nesting deeper than
// kMaxJsonDepth (a 1.5-million-deep array is otherwise accepted, and freeing it recurses).
class StrictDomBuilder {
  public:
    explicit StrictDomBuilder(json& root) : root_(root) {}

    bool null() { return value(nullptr); }
    bool boolean(bool v) { return value(v); }
    bool number_integer(json::number_integer_t v) { return value(v); }
    bool number_unsigned(json::number_unsigned_t v) { return value(v); }
    bool number_float(json::number_float_t v, const json::string_t&) { return value(v); }
    bool string(json::string_t& v) { return value(std::move(v)); }
    bool binary(json::binary_t&) { return false; }  // JSON text has no binary values
    bool start_object(std::size_t) { return open(json::object()); }
    bool start_array(std::size_t) { return open(json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(json::string_t& name) {
        auto& members = frames_.back().node->get_ref<json::object_t&>();
        const auto [it, inserted] = members.emplace(name, nullptr);
        if (!inserted) {
            problem_ = Issue{Severity::Error, path_key(path_of_open_object(), name),
                             "the key appears twice in this object"};
            return false;
        }
        frames_.back().slot = &it->second;
        return true;
    }

    // A string that is not UTF-8 is named by where it is, its bytes escaped (\xE4), so that
    // neither the message nor the log it goes to carries the bad bytes on.
    template <class Exception>
    bool parse_error(std::size_t byte, const std::string& last_token, const Exception& e) {
        syntax_error_byte_ = byte;
        syntax_error_ = e.what();
        if (syntax_error_.find("ill-formed UTF-8") != std::string::npos) {
            problem_ = Issue{Severity::Error, path_of_string_being_read(),
                             "is not valid UTF-8: " + printable(last_token)};
        }
        return false;
    }

    std::optional<Issue> problem() const { return problem_; }
    std::optional<std::size_t> syntax_error_byte() const { return syntax_error_byte_; }
    const std::string& syntax_error() const { return syntax_error_; }

  private:
    struct Frame {
        json* node;            // the open object or array
        json* slot = nullptr;  // objects: where the value of the last key goes
    };

    json* place(json&& v) {
        if (frames_.empty()) {
            root_ = std::move(v);
            return &root_;
        }
        Frame& f = frames_.back();
        if (f.node->is_array()) {
            f.node->push_back(std::move(v));
            return &f.node->back();
        }
        *f.slot = std::move(v);
        return f.slot;
    }

    bool value(json&& v) {
        place(std::move(v));
        return true;
    }

    bool open(json&& container) {
        if (frames_.size() >= kMaxJsonDepth) {
            problem_ = Issue{Severity::Error, path_of_open_object(),
                             "nests deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
            return false;
        }
        frames_.push_back({place(std::move(container))});
        return true;
    }

    bool close() {
        frames_.pop_back();
        return true;
    }

    // Where a string being read goes: the next element of an array, the value of the last key
    // of an object, or, when that key has its value already, a key of the object.
    std::string path_of_string_being_read() const {
        if (frames_.empty()) {
            return "$";
        }
        const Frame& f = frames_.back();
        const std::string container = path_of_container(frames_.size());
        if (f.node->is_array()) {
            return path_index(container, f.node->size());
        }
        if (f.slot != nullptr && f.slot->is_null()) {
            for (const auto& [name, member] : f.node->items()) {
                if (&member == f.slot) {
                    return path_key(container, name);
                }
            }
        }
        return container + " (a key)";
    }

    // "$.surveys[2].text": where the innermost open container sits.
    std::string path_of_open_object() const { return path_of_container(frames_.size()); }

    // The path of the container frames_[depth - 1], from the frames around it.
    std::string path_of_container(std::size_t depth) const {
        std::string path = "$";
        for (std::size_t i = 0; i + 1 < depth; ++i) {
            const Frame& f = frames_[i];
            if (f.node->is_array()) {
                path = path_index(path, f.node->size() - 1);
            } else {
                for (const auto& [name, member] : f.node->items()) {
                    if (&member == f.slot) {
                        path = path_key(path, name);
                        break;
                    }
                }
            }
        }
        return path;
    }

    json& root_;
    std::vector<Frame> frames_;
    std::optional<Issue> problem_;
    std::optional<std::size_t> syntax_error_byte_;
    std::string syntax_error_;
};

}  // namespace

std::optional<json> parse_json_document(std::string_view text, Issues& issues) {
    json root;
    StrictDomBuilder builder(root);
    if (json::sax_parse(text.begin(), text.end(), &builder)) {
        return root;
    }
    if (const auto problem = builder.problem()) {
        issues.push_back(*problem);
        return std::nullopt;
    }
    const auto [line, column] = line_and_column(text, builder.syntax_error_byte().value_or(0));
    // nlohmann's what() repeats its own position prefix; keep only the explanation.
    std::string reason = builder.syntax_error();
    if (const auto pos = reason.find(": syntax error"); pos != std::string::npos) {
        reason = reason.substr(pos + 2);
    }
    issues.push_back({Severity::Error, "$",
                      "invalid JSON at line " + std::to_string(line) + ", column " +
                          std::to_string(column) + ": " + reason});
    return std::nullopt;
}

std::optional<std::string> read_json_file(const std::filesystem::path& file, std::size_t max_bytes,
                                          Issues& issues) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(file, ec);
    if (ec) {
        issues.push_back({Severity::Error, "$", "cannot read file: " + ec.message()});
        return std::nullopt;
    }
    if (size > max_bytes) {
        issues.push_back({Severity::Error, "$",
                          "file is " + std::to_string(size) + " bytes; at most " +
                              std::to_string(max_bytes) + " are accepted"});
        return std::nullopt;
    }
    std::ifstream in(file, std::ios::binary);
    std::ostringstream buffer;
    if (!in || !(buffer << in.rdbuf())) {
        issues.push_back({Severity::Error, "$", "cannot read file: " + file.string()});
        return std::nullopt;
    }
    return std::move(buffer).str();
}

std::optional<json> parse_json_object(std::string_view text, Issues& issues) {
    auto root = parse_json_document(text, issues);
    if (root && !JsonReader(issues).expect_object(*root, "$")) {
        return std::nullopt;
    }
    return root;
}

std::string_view json_type_name(const json& value) {
    switch (value.type()) {
        case json::value_t::null:
            return "null";
        case json::value_t::boolean:
            return "a boolean";
        case json::value_t::number_integer:
        case json::value_t::number_unsigned:
            return "an integer";
        case json::value_t::number_float:
            return "a decimal number";
        case json::value_t::string:
            return "a string";
        case json::value_t::array:
            return "an array";
        case json::value_t::object:
            return "an object";
        default:
            return "an unsupported value";
    }
}

void JsonReader::error(std::string path, std::string message) {
    issues_.push_back({Severity::Error, std::move(path), std::move(message)});
}

void JsonReader::warning(std::string path, std::string message) {
    issues_.push_back({Severity::Warning, std::move(path), std::move(message)});
}

const json* JsonReader::field(const json& object, std::string_view key, std::string_view path,
                              bool required) {
    const auto it = object.find(key);
    if (it == object.end()) {
        if (required) {
            error(path_key(path, key), "is missing");
        }
        return nullptr;
    }
    return &*it;
}

std::optional<std::string> JsonReader::string(const json& object, std::string_view key,
                                              std::string_view path, bool required) {
    const json* value = field(object, key, path, required);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_string()) {
        error(path_key(path, key),
              "must be a string, found " + std::string(json_type_name(*value)));
        return std::nullopt;
    }
    auto text = value->get<std::string>();
    // PostgreSQL cannot store U+0000 in text and would cut the string there; SQLite keeps it.
    // Refusing it keeps both stores equal and no answer is silently shortened.
    if (text.find('\0') != std::string::npos) {
        error(path_key(path, key), "contains a NUL character (U+0000)");
        return std::nullopt;
    }
    return text;
}

std::optional<std::int64_t> JsonReader::integer(const json& object, std::string_view key,
                                                std::string_view path, bool required) {
    const json* value = field(object, key, path, required);
    if (value == nullptr) {
        return std::nullopt;
    }
    if (!value->is_number_integer()) {
        error(path_key(path, key),
              "must be an integer, found " + std::string(json_type_name(*value)));
        return std::nullopt;
    }
    return value->get<std::int64_t>();
}

const json* JsonReader::array(const json& object, std::string_view key, std::string_view path,
                              bool required) {
    const json* value = field(object, key, path, required);
    if (value != nullptr && !value->is_array()) {
        error(path_key(path, key),
              "must be an array, found " + std::string(json_type_name(*value)));
        return nullptr;
    }
    return value;
}

const json* JsonReader::object(const json& object, std::string_view key, std::string_view path,
                               bool required) {
    const json* value = field(object, key, path, required);
    if (value != nullptr && !value->is_object()) {
        error(path_key(path, key),
              "must be an object, found " + std::string(json_type_name(*value)));
        return nullptr;
    }
    return value;
}

bool JsonReader::expect_object(const json& value, std::string_view path) {
    if (!value.is_object()) {
        error(std::string(path), "must be an object, found " + std::string(json_type_name(value)));
        return false;
    }
    return true;
}

void JsonReader::reject_unknown_keys(const json& object,
                                     std::initializer_list<std::string_view> known,
                                     std::string_view path) {
    for (const auto& [key, value] : object.items()) {
        if (std::find(known.begin(), known.end(), key) == known.end()) {
            error(path_key(path, key), "unknown key (expected one of: " + join(known) + ")");
        }
    }
}

}  // namespace fbk::sync::protocol
