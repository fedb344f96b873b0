// What the fuzz targets share: a broken invariant prints itself and aborts, so libFuzzer keeps
// the input as a crash (tests/fuzz/README.md), whatever NDEBUG says.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#define FBK_FUZZ_CHECK(condition) \
    ((condition) ? void(0) : ::fbk::test::fuzz::broken(#condition, __FILE__, __LINE__))

namespace fbk::test::fuzz {

[[noreturn]] inline void broken(const char* invariant, const char* file, int line) {
    std::fprintf(stderr, "%s:%d: invariant broken: %s\n", file, line, invariant);
    std::abort();
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

}  // namespace fbk::test::fuzz
