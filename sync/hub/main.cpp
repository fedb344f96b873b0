#include <string_view>
#include <vector>

#include "sync/hub/cli/hub_cli.h"

int main(int argc, char** argv) {
    const std::vector<std::string_view> args(argv + 1, argv + argc);
    return fbk::sync::hub::run_hub_cli(args);
}
