// What the hub's HTTP layer hands to the application and takes back: a request whose path,
// query and headers are decoded and checked to be UTF-8, and a reply, whole or streamed.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace fbk::sync::hub::http {

struct Header {
    std::string name;
    std::string value;
};

struct Param {
    std::string name;
    std::string value;
};

struct Request {
    std::string method;         // "GET", "POST", ...
    std::string path;           // percent-decoded, valid UTF-8, no NUL
    std::vector<Param> params;  // the query, decoded, in the order sent; a name may repeat
    std::vector<Header> headers;
    std::string body;  // as received: still gzip when Content-Encoding says so
    std::string peer;  // the client's address

    // The first header of that name (case-insensitive), or "" when there is none.
    std::string_view header(std::string_view name) const;
    bool has_header(std::string_view name) const;
};

// A streamed body is made while it is sent, one piece at a time, on a worker thread: the
// source appends the next piece to `out` and says whether more follow. Abort ends the
// connection without the last chunk, so that the client sees the body is incomplete.
enum class Chunk { More, Last, Abort };
using ChunkSource = std::function<Chunk(std::string& out)>;

struct Reply {
    int status = 200;
    std::string content_type;
    std::string body;
    std::vector<Header> headers;
    std::string error_code;  // our error replies' code, for the rejects counter; else empty
    ChunkSource stream;      // set: the body is streamed (chunked) instead of `body`

    void set_header(std::string name, std::string value);
};

// After the head, the application either answers at once or asks for the body: at most
// `max_bytes` on the wire, then `finish` runs with Request::body filled in.
struct ReadBody {
    std::size_t max_bytes = 0;
    std::function<Reply(Request&)> finish;
};
using Admission = std::variant<Reply, ReadBody>;

bool iequals(std::string_view a, std::string_view b);

}  // namespace fbk::sync::hub::http
