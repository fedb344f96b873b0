#include "sync/protocol/printable.h"

#include "sync/protocol/utf8.h"

namespace fbk::sync::protocol {

namespace {

void append_hex_escape(std::string& out, unsigned char u) {
    static constexpr char kHex[] = "0123456789abcdef";
    out += "\\x";
    out += kHex[u >> 4];
    out += kHex[u & 0x0F];
}

}  // namespace

std::string printable(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size();) {
        const char c = value[i];
        const auto u = static_cast<unsigned char>(c);
        if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u == 0x7F) {
            append_hex_escape(out, u);
        } else if (const std::size_t n = utf8_sequence_length(value, i); n > 1) {
            out.append(value.substr(i, n));
            i += n;
            continue;
        } else if (n == 0) {
            append_hex_escape(out, u);
        } else {
            out += c;
        }
        ++i;
    }
    return out;
}

}  // namespace fbk::sync::protocol
