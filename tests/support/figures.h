// Figures the fault suite and the long end-to-end tests report (kills survived, responses
// checked, seconds, bytes). CTest hides a passing test's output, so each figure also goes to
// test-figures.txt in the build tree, which `deploy/dev.sh test` prints after the run.
#pragma once

#include <string>

namespace fbk::test {

void report_figure(const std::string& line);

}  // namespace fbk::test
