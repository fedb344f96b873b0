// A gzip request body inflated within a limit. Strict: a stream cut before its trailer (the
// CRC-32 and length that prove it complete) or followed by other bytes is refused, so a
// truncated upload can never be mistaken for a whole one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fbk::sync::hub::http {

enum class Inflate { Ok, TooLarge, Corrupt, Truncated, TrailingData };

struct Inflated {
    Inflate status = Inflate::Ok;
    std::string text;  // the inflated body when status is Ok
};

Inflated inflate_gzip(std::string_view compressed, std::size_t max_inflated);

// Why a body was refused, for the error message ("the gzip stream ends before its trailer").
std::string_view describe(Inflate status);

}  // namespace fbk::sync::hub::http
