// feedback-kiosk: wiring only; the commands live in kiosk/app.
#include <string_view>
#include <vector>

#include "kiosk/app/kiosk_cli.h"

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    return fbk::kiosk::app::run_kiosk_cli(args);
}
