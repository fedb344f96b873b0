#include "platform/random.h"

#include <sys/random.h>

#include <cerrno>
#include <system_error>

namespace fbk::platform {

void fill_random(std::span<std::uint8_t> out) {
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = getrandom(out.data() + done, out.size() - done, 0);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            throw std::system_error(errno, std::generic_category(), "getrandom");
        }
        done += static_cast<std::size_t>(n);
    }
}

std::uint64_t random_u64() {
    std::uint64_t v = 0;
    fill_random({reinterpret_cast<std::uint8_t*>(&v), sizeof v});
    return v;
}

}  // namespace fbk::platform
