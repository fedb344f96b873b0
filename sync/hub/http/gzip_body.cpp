#include "sync/hub/http/gzip_body.h"

#include <zlib.h>

#include <array>

namespace fbk::sync::hub::http {

namespace {

struct InflateStream {
    z_stream z{};
    bool ready = false;
    InflateStream() { ready = inflateInit2(&z, 16 + MAX_WBITS) == Z_OK; }  // gzip header only
    ~InflateStream() {
        if (ready) {
            inflateEnd(&z);
        }
    }
    InflateStream(const InflateStream&) = delete;
    InflateStream& operator=(const InflateStream&) = delete;
};

}  // namespace

Inflated inflate_gzip(std::string_view compressed, std::size_t max_inflated) {
    InflateStream s;
    if (!s.ready) {
        return {Inflate::Corrupt, {}};
    }
    std::string out;
    std::array<unsigned char, 64 * 1024> buffer{};
    // zlib's input pointer is not const in its C API; it only reads through it.
    s.z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    s.z.avail_in = static_cast<uInt>(compressed.size());
    for (;;) {
        s.z.next_out = buffer.data();
        s.z.avail_out = static_cast<uInt>(buffer.size());
        const int rc = inflate(&s.z, Z_NO_FLUSH);
        const std::size_t produced = buffer.size() - s.z.avail_out;
        if (out.size() + produced > max_inflated) {
            return {Inflate::TooLarge, {}};
        }
        out.append(reinterpret_cast<const char*>(buffer.data()), produced);
        if (rc == Z_STREAM_END) {
            return s.z.avail_in == 0 ? Inflated{Inflate::Ok, std::move(out)}
                                     : Inflated{Inflate::TrailingData, {}};
        }
        if (rc == Z_BUF_ERROR || (rc == Z_OK && s.z.avail_in == 0 && s.z.avail_out != 0)) {
            return {Inflate::Truncated, {}};  // the input ended before the stream did
        }
        if (rc != Z_OK) {
            return {Inflate::Corrupt, {}};
        }
    }
}

std::string_view describe(Inflate status) {
    switch (status) {
        case Inflate::Ok:
            return "inflated";
        case Inflate::TooLarge:
            return "inflates beyond the limit";
        case Inflate::Corrupt:
            return "is not a valid gzip stream";
        case Inflate::Truncated:
            return "ends before its gzip trailer (cut short)";
        case Inflate::TrailingData:
            return "has bytes after the end of its gzip stream";
    }
    return "cannot be read";
}

}  // namespace fbk::sync::hub::http
