// feedback-kiosk: wiring only; the commands live in kiosk/cli, the run loop in kiosk/app.
#include <string_view>
#include <vector>

#include "kiosk/cli/kiosk_cli.h"

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    return fbk::kiosk::cli::run_kiosk_cli(args);
}
