#include "sync/sqlite/faults.h"

#include <sqlite3.h>

#include <string>
#include <utility>

#include "sync/sqlite/database.h"

namespace fbk::sync::sqlite {

namespace {

thread_local FaultHook installed;

}  // namespace

ScopedFaultHook::ScopedFaultHook(FaultHook hook) : previous_(std::exchange(installed, hook)) {}

ScopedFaultHook::~ScopedFaultHook() {
    installed = std::move(previous_);
}

void fault_point(std::string_view call, std::string_view sql) {
    if (!installed) {
        return;
    }
    std::string operation(call);
    operation += ' ';
    operation += sql.substr(0, 80);
    if (installed(operation)) {
        // The message has the form of a real failure's, so that callers log it the same way.
        throw Error(SQLITE_IOERR, operation + ": " + sqlite3_errstr(SQLITE_IOERR) + " (injected)");
    }
}

}  // namespace fbk::sync::sqlite
