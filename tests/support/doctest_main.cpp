// doctest's runner, plus --fbk-hub-db=postgresql: CTest runs the e2e suite a second time with
// it, so every Hub of the suite stores in PostgreSQL.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <string_view>

#include "tests/support/fixtures.h"

int main(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--fbk-hub-db=postgresql") {
            fbk::test::set_hub_database(fbk::test::HubDatabase::Postgres);
        }
    }
    doctest::Context context(argc, argv);
    return context.run();
}
