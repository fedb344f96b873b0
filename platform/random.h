#pragma once

#include <cstdint>
#include <span>

namespace fbk::platform {

// Bytes from the kernel's CSPRNG (getrandom). Throws std::system_error if it fails.
void fill_random(std::span<std::uint8_t> out);
std::uint64_t random_u64();

}  // namespace fbk::platform
