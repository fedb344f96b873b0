#include "tests/support/disk_faults.h"

#include <sqlite3.h>

#include <cstring>
#include <stdexcept>
#include <string_view>

namespace fbk::test {

namespace {

struct State {
    sqlite3_vfs* real = nullptr;
    bool armed = false;
    int fail_at = 0;
    bool sticky = false;
    int operations = 0;
    std::string first_failed;
};

State* state = nullptr;  // one DiskFaults at a time

// The shim's file: SQLite's handle first, the real VFS's file right after it.
struct File {
    sqlite3_file base;
    const char* name;
    sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

File* shim(sqlite3_file* f) {
    return reinterpret_cast<File*>(f);
}

// True when this operation is to fail.
bool fails(std::string_view what, const File* file) {
    if (!state->armed) {
        return false;
    }
    ++state->operations;
    const bool fail = state->operations == state->fail_at ||
                      (state->sticky && state->operations > state->fail_at);
    if (fail && state->first_failed.empty()) {
        const std::string_view path = file->name != nullptr ? file->name : "(temporary)";
        state->first_failed =
            std::string(what) + " " + std::string(path.substr(path.find_last_of('/') + 1));
    }
    return fail;
}

int file_close(sqlite3_file* f) {
    const int rc = shim(f)->real()->pMethods->xClose(shim(f)->real());
    return rc;
}
int file_read(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
    if (fails("read", shim(f))) {
        return SQLITE_IOERR_READ;
    }
    return shim(f)->real()->pMethods->xRead(shim(f)->real(), buffer, amount, offset);
}
int file_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
    if (fails("write", shim(f))) {
        return SQLITE_IOERR_WRITE;
    }
    return shim(f)->real()->pMethods->xWrite(shim(f)->real(), data, amount, offset);
}
int file_truncate(sqlite3_file* f, sqlite3_int64 size) {
    if (fails("truncate", shim(f))) {
        return SQLITE_IOERR_TRUNCATE;
    }
    return shim(f)->real()->pMethods->xTruncate(shim(f)->real(), size);
}
int file_sync(sqlite3_file* f, int flags) {
    if (fails("sync", shim(f))) {
        return SQLITE_IOERR_FSYNC;
    }
    return shim(f)->real()->pMethods->xSync(shim(f)->real(), flags);
}

// Everything else goes to the real file unchanged.
#define FBK_FORWARD(method, ...) shim(f)->real()->pMethods->method(shim(f)->real(), __VA_ARGS__)
int file_size(sqlite3_file* f, sqlite3_int64* size) {
    return FBK_FORWARD(xFileSize, size);
}
int file_lock(sqlite3_file* f, int level) {
    return FBK_FORWARD(xLock, level);
}
int file_unlock(sqlite3_file* f, int level) {
    return FBK_FORWARD(xUnlock, level);
}
int file_reserved(sqlite3_file* f, int* out) {
    return FBK_FORWARD(xCheckReservedLock, out);
}
int file_control(sqlite3_file* f, int op, void* arg) {
    return FBK_FORWARD(xFileControl, op, arg);
}
int file_sector_size(sqlite3_file* f) {
    return shim(f)->real()->pMethods->xSectorSize(shim(f)->real());
}
int file_characteristics(sqlite3_file* f) {
    return shim(f)->real()->pMethods->xDeviceCharacteristics(shim(f)->real());
}
int file_shm_map(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
    return FBK_FORWARD(xShmMap, region, size, extend, out);
}
int file_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
    return FBK_FORWARD(xShmLock, offset, n, flags);
}
void file_shm_barrier(sqlite3_file* f) {
    shim(f)->real()->pMethods->xShmBarrier(shim(f)->real());
}
int file_shm_unmap(sqlite3_file* f, int delete_flag) {
    return FBK_FORWARD(xShmUnmap, delete_flag);
}
int file_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
    return FBK_FORWARD(xFetch, offset, amount, out);
}
int file_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* page) {
    return FBK_FORWARD(xUnfetch, offset, page);
}
#undef FBK_FORWARD

const sqlite3_io_methods kMethods = {
    3,
    file_close,
    file_read,
    file_write,
    file_truncate,
    file_sync,
    file_size,
    file_lock,
    file_unlock,
    file_reserved,
    file_control,
    file_sector_size,
    file_characteristics,
    file_shm_map,
    file_shm_lock,
    file_shm_barrier,
    file_shm_unmap,
    file_fetch,
    file_unfetch,
};

int vfs_open(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
    File* file = shim(f);
    file->base.pMethods = nullptr;
    file->name = name;
    const int rc = state->real->xOpen(state->real, name, file->real(), flags, out_flags);
    if (rc == SQLITE_OK) {
        file->base.pMethods = &kMethods;
    }
    return rc;
}

sqlite3_vfs make_vfs(sqlite3_vfs* real) {
    sqlite3_vfs vfs = *real;
    vfs.zName = "fbk-disk-faults";
    vfs.szOsFile = static_cast<int>(sizeof(File)) + real->szOsFile;
    vfs.pNext = nullptr;
    vfs.xOpen = vfs_open;
    // The rest (delete, access, full path, randomness, time, ...) are the real VFS's own; they
    // take the VFS pointer only to reach its data, which the copy keeps.
    return vfs;
}

State the_state;
sqlite3_vfs the_vfs;

}  // namespace

DiskFaults::DiskFaults() {
    if (state != nullptr) {
        throw std::logic_error("one DiskFaults at a time");
    }
    the_state = State{};
    the_state.real = sqlite3_vfs_find(nullptr);
    state = &the_state;
    the_vfs = make_vfs(the_state.real);
    sqlite3_vfs_register(&the_vfs, 1);
}

DiskFaults::~DiskFaults() {
    // The real VFS becomes the default again before the shim goes (SQLite would otherwise pick
    // any registered one).
    sqlite3_vfs_register(the_state.real, 1);
    sqlite3_vfs_unregister(&the_vfs);
    state = nullptr;
}

void DiskFaults::arm(int fail_at, bool sticky) {
    the_state.armed = true;
    the_state.fail_at = fail_at;
    the_state.sticky = sticky;
    the_state.operations = 0;
    the_state.first_failed.clear();
}

std::string DiskFaults::disarm() {
    the_state.armed = false;
    return the_state.first_failed;
}

}  // namespace fbk::test
