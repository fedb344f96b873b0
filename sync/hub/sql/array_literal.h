// A PostgreSQL array literal in text form ({"a","b",NULL} or {1,2,NULL}), to bind a whole
// column of many rows as one parameter: INSERT ... SELECT * FROM unnest(?1::text[], ...).
// Every text element is quoted, with " and \ escaped by a backslash, so any UTF-8 text
// (commas, braces, quotes, "NULL") arrives unchanged; NULL elements are the bare word.
#pragma once

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace fbk::sync::hub::sql {

class ArrayLiteral {
  public:
    void add(std::string_view text) {
        separate();
        text_ += '"';
        for (const char c : text) {
            if (c == '"' || c == '\\') {
                text_ += '\\';
            }
            text_ += c;
        }
        text_ += '"';
    }
    void add(const std::string& text) { add(std::string_view(text)); }
    void add(std::int64_t value) {
        separate();
        char digits[24];
        const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
        text_.append(digits, end);
    }
    void add(const std::optional<std::int64_t>& value) { value ? add(*value) : add_null(); }
    void add(const std::optional<std::string>& value) {
        value ? add(std::string_view(*value)) : add_null();
    }
    void add_null() {
        separate();
        text_ += "NULL";
    }
    // The literal, closed; the builder is empty again afterwards.
    std::string take() {
        std::string out = std::move(text_) + '}';
        text_ = "{";
        return out;
    }

  private:
    void separate() {
        if (text_.size() > 1) {
            text_ += ',';
        }
    }
    std::string text_ = "{";
};

}  // namespace fbk::sync::hub::sql
