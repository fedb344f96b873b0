# Shared by the deploy tests: checks that count failures, and booting a root filesystem with
# systemd-nspawn until a test-only check unit powers it off.

failures=0
say() { printf '%s: %s\n' "$(basename "$0")" "$*" >&2; }
check() {  # check NAME ACTUAL EXPECTED
    if [ "$2" = "$3" ]; then
        say "ok   $1: $2"
    else
        say "FAIL $1: got '$2', expected '$3'"
        failures=$((failures + 1))
    fi
}

# boot_container ROOTFS UNITS_DIR TEST_DIR LOG [extra nspawn options...]
# UNITS_DIR is bound over /run/systemd/system (test-only units and drop-ins, never in the
# image), TEST_DIR is /run/fbk-test. No systemd runs on the build machine, so the container is
# neither registered nor given its own scope.
boot_container() {
    local rootfs=$1 units=$2 test=$3 log=$4
    shift 4
    local start status=0
    start=$(date +%s%N)
    timeout 600 systemd-nspawn --quiet --register=no --keep-unit --private-network \
        --timezone=off --resolv-conf=off --link-journal=no \
        --directory="$rootfs" --bind="$test:/run/fbk-test" --bind-ro="$units:/run/systemd/system" \
        "$@" --boot > "$log" 2>&1 || status=$?
    boot_seconds=$(((($(date +%s%N) - start) / 100000000)))
    boot_seconds="$((boot_seconds / 10)).$((boot_seconds % 10))"
    say "systemd-nspawn exited with $status after $boot_seconds s"
}

# add_check UNITS_DIR TEST_DIR SCRIPT DESCRIPTION
# A test-only oneshot unit that runs TEST_DIR/SCRIPT (seen as /run/fbk-test/SCRIPT) once
# feedback-kiosk.service is up: After= a Type=notify service waits for its READY=1, or for its
# failure.
add_check() {
    local units=$1 test=$2 script=$3 description=$4 name
    name="fbk-${script%.sh}.service"
    mkdir -p "$units/multi-user.target.wants"
    printf '[Unit]\nDescription=%s (test only)\nAfter=feedback-kiosk.service\n\n[Service]\nType=oneshot\nExecStart=/run/fbk-test/%s\n' \
        "$description" "$script" > "$units/$name"
    ln -s "../$name" "$units/multi-user.target.wants/$name"
    cp "$(dirname "${BASH_SOURCE[0]}")/$script" "$test/"
}
