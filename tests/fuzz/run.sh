#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, AddressSanitizer + UndefinedBehaviorSanitizer) in
# build-fuzz/ and runs each for SECONDS (default 20) on a copy of its committed corpus, which is
# left as it is. Prints one line per target; exits non-zero if any target crashed, broke an
# invariant, leaked or timed out, with the path of the input that did it (tests/fuzz/README.md).
#
#   tests/fuzz/run.sh [SECONDS_PER_TARGET]
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SECONDS_PER_TARGET=${1:-20}
BUILD="$ROOT/build-fuzz"
TARGETS=(fuzz_batch fuzz_pack fuzz_redaction fuzz_ini fuzz_kiosk_config)

say() { printf 'fuzz: %s\n' "$*" >&2; }

if ! command -v clang++ >/dev/null; then
    say "clang++ not found: install clang (deploy/dev.sh deps does)"
    exit 2
fi

say "building ${TARGETS[*]} in $BUILD"
mkdir -p "$BUILD"
CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja -DFBK_FUZZ=ON -DFBK_WERROR=ON \
    -DCMAKE_BUILD_TYPE=RelWithDebInfo >"$BUILD/configure.log" 2>&1 ||
    { cat "$BUILD/configure.log" >&2; exit 2; }
nice -n 19 cmake --build "$BUILD" -j"$(nproc)" >&2

work=$(mktemp -d "${TMPDIR:-/tmp}/fbk-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$BUILD/logs" "$BUILD/crashes"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
# Reports name functions and lines only with a symbolizer (llvm-14, which dev.sh installs).
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ] && [ -x /usr/lib/llvm-14/bin/llvm-symbolizer ]; then
    export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi

# The last "cov:" status line and the final stats of a libFuzzer log, as one summary line.
summarise() {
    local log=$1 status_line cov corp execs rate
    status_line=$(grep -E '^#[0-9]+.* cov: ' "$log" | tail -n 1 || true)
    cov=$(sed -nE 's/.* cov: ([0-9]+).*/\1/p' <<<"$status_line")
    corp=$(sed -nE 's/.* corp: ([0-9]+)\/.*/\1/p' <<<"$status_line")
    execs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+)/\1/p' "$log" | tail -n 1)
    rate=$(sed -nE 's/^stat::average_exec_per_sec: *([0-9]+)/\1/p' "$log" | tail -n 1)
    printf '%s execs, %s exec/s, %s corpus entries, cov %s' \
        "${execs:-?}" "${rate:-?}" "${corp:-?}" "${cov:-?}"
}

# One target on a copy of its corpus; its summary line goes to $work/$target.line.
fuzz_one() {
    local target=$1 seeds corpus log status=0 line crash
    seeds="$ROOT/tests/fuzz/corpus/$target"
    corpus="$work/$target"
    mkdir -p "$corpus"
    cp "$seeds"/* "$corpus"/
    log="$BUILD/logs/$target.log"
    # New inputs go to the copy (first directory); the committed seeds are only read.
    nice -n 19 "$BUILD/tests/fuzz/$target" -max_total_time="$SECONDS_PER_TARGET" \
        -print_final_stats=1 -timeout=10 -artifact_prefix="$BUILD/crashes/$target-" \
        "$corpus" "$seeds" >"$log" 2>&1 || status=$?
    line="$target: $(summarise "$log")"
    if [ "$status" -ne 0 ]; then
        crash=$(sed -nE 's/.*Test unit written to (.*)$/\1/p' "$log" | tail -n 1)
        line+=" FAILED (exit $status): ${crash:-no input saved}, log $log"
    fi
    echo "$line" >"$work/$target.line"
    return "$status"
}

# Each libFuzzer process uses one core: run as many targets at once as there are cores, so
# each still gets its SECONDS_PER_TARGET of a whole core.
failed=0
running=()
for target in "${TARGETS[@]}"; do
    if [ "${#running[@]}" -ge "$(nproc)" ]; then
        wait "${running[0]}" || failed=1
        running=("${running[@]:1}")
    fi
    fuzz_one "$target" &
    running+=("$!")
done
for pid in "${running[@]}"; do
    wait "$pid" || failed=1
done
for target in "${TARGETS[@]}"; do
    cat "$work/$target.line" 2>/dev/null || echo "$target: FAILED before fuzzing"
done
exit "$failed"
