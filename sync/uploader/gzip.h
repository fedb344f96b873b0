#pragma once

#include <string>
#include <string_view>

namespace fbk::sync::uploader {

// gzip (RFC 1952) for Content-Encoding: gzip. Throws std::runtime_error if zlib fails.
std::string gzip_compress(std::string_view data);

}  // namespace fbk::sync::uploader
