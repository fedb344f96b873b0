#!/usr/bin/env bash
# Cross-builds the whole project for arm64 with Debian's cross compiler and arm64 packages,
# runs the unit tests under qemu-user, and builds the arm64 .deb packages.
#
#   deploy/arm64/cross-build.sh            everything (what CI runs; about 5 minutes on 2 cores)
#   deploy/arm64/cross-build.sh --no-test  binaries and packages only
#   deploy/arm64/cross-build.sh --bench    the same and fbk_bench (deploy/dev.sh bench)
# Prints the packages' paths on stdout; everything else goes to stderr.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SYSROOT=${FBK_ARM64_SYSROOT:-$ROOT/.cache/arm64-sysroot}
BUILD="$ROOT/build-arm64"
say() { printf 'cross-build.sh: %s\n' "$*" >&2; }

# The build machine's side: the cross compiler, qemu-user and the package tools.
# (deploy/dev.sh deps installs the rest of the build dependencies.)
"$ROOT/deploy/dev.sh" deps-deploy

start=$(date +%s)
"$ROOT/deploy/arm64/make-sysroot.sh" "$SYSROOT"
cmake -S "$ROOT" -B "$BUILD" -G Ninja --toolchain "$ROOT/deploy/arm64/aarch64-linux-gnu.cmake" \
    -DFBK_ARM64_SYSROOT="$SYSROOT" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DFBK_WERROR=ON >/dev/null
targets=(feedback-kiosk feedback-hub)
case "${1:-}" in
    --no-test) ;;
    --bench) targets+=(fbk_bench) ;;
    *) targets+=(fbk_unit_tests) ;;
esac
cmake --build "$BUILD" --parallel "$(nproc)" --target "${targets[@]}" >&2
say "built for arm64 in $(($(date +%s) - start)) s: $(file -b "$BUILD/kiosk/feedback-kiosk" | cut -d, -f1-2)"

if [ -z "${1:-}" ]; then
    # doctest's discovery and CTest run every test binary through qemu-aarch64-static.
    ctest --test-dir "$BUILD" -L '^unit$' --parallel "$(nproc)" --output-on-failure --no-tests=error >&2
fi
"$ROOT/deploy/package/build-debs.sh" "$BUILD"
