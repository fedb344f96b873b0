#include "tests/support/figures.h"

#include <doctest/doctest.h>

#include <fstream>
#include <mutex>

namespace fbk::test {

void report_figure(const std::string& line) {
    static std::mutex mutex;
    const std::lock_guard lock(mutex);
    MESSAGE(line);
    std::ofstream(FBK_FIGURES_FILE, std::ios::app)
        << doctest::getContextOptions()->currentTest->m_name << ": " << line << "\n";
}

}  // namespace fbk::test
