// Fault injection for tests, in the spirit of SQLite's own I/O-error tests: while a hook is
// installed on a thread, every prepare, step and exec of a Database on that thread asks it
// first, and `true` makes that call throw sqlite::Error with SQLITE_IOERR, as a failing disk
// would, without calling SQLite at all. tests/unit/test_outbox_faults.cpp fails the first call,
// then the second, and so on, and checks that every failure leaves the file whole.
//
// ROLLBACK (a Transaction left without commit) is never failed: SQLite ends the transaction on
// ROLLBACK whatever the disk says, so skipping it would model a state real SQLite never reaches.
#pragma once

#include <functional>
#include <string_view>

namespace fbk::sync::sqlite {

// `operation` names the call: "prepare SQL", "step SQL" or "exec SQL" (SQL cut to 80 bytes).
using FaultHook = std::function<bool(std::string_view operation)>;

// Installs `hook` on this thread until destroyed, then restores the one it replaced.
class ScopedFaultHook {
  public:
    explicit ScopedFaultHook(FaultHook hook);
    ~ScopedFaultHook();
    ScopedFaultHook(const ScopedFaultHook&) = delete;
    ScopedFaultHook& operator=(const ScopedFaultHook&) = delete;

  private:
    FaultHook previous_;
};

// The wrapper's fault point: throws the injected Error when this thread's hook asks for it.
// Costs one check of an empty std::function when no hook is installed.
void fault_point(std::string_view call, std::string_view sql);

}  // namespace fbk::sync::sqlite
