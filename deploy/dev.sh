#!/usr/bin/env bash
# Development entry point: installs what is missing from Debian bookworm's archive, builds, and
# runs the demo or the tests.
#
#   deploy/dev.sh demo    hub + kiosk demo (headless with a scripted patient when there is no display)
#   deploy/dev.sh test    every test suite (what CI runs)
#   deploy/dev.sh bench   every benchmark (tests/bench), writes bench-results.json (a few minutes,
#                         and the arm64 cross build the first time)
#   deploy/dev.sh build   dependencies and build only
#   deploy/dev.sh deps    dependencies only
#   deploy/dev.sh deps-deploy  what packaging, the arm64 cross build and the Pi image need
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PRESET=${FBK_PRESET:-default}

# Everything the build, the tests and the demo use. Nothing is downloaded at build time.
PACKAGES=(
    build-essential cmake ninja-build pkg-config
    clang libclang-rt-14-dev llvm-14
    libsdl2-dev libimgui-dev libstb-dev fonts-noto-core
    libharfbuzz-dev libfribidi-dev libfreetype-dev
    libsqlite3-dev libpq-dev libcurl4-openssl-dev zlib1g-dev libssl-dev
    nlohmann-json3-dev libcpp-httplib-dev libboost-dev doctest-dev
    ca-certificates curl
    faketime openssl python3 python3-aiosmtpd glewlwyd
    chromium postgresql
    libespeak-ng-dev espeak-ng-data libsystemd-dev systemd
    libstemmer-dev libvoikko-dev voikko-fi
    libcairo2-dev fonts-dejavu-core poppler-utils
    libxlsxwriter-dev libreoffice-calc-nogui
    nodejs libxml2-utils nginx
    dosfstools fusefat
)
IMGUI_BACKEND=/usr/share/doc/libimgui-dev/examples/backends/imgui_impl_sdlrenderer.cpp
# What deploy/ needs on the build machine: packages (lintian), the arm64 cross build and its
# tests under qemu-user, and the Raspberry Pi root filesystem and image.
DEPLOY_PACKAGES=(
    cmake ninja-build pkg-config xz-utils bc
    lintian file crossbuild-essential-arm64 qemu-user-static mmdebstrap systemd-container
    arch-test genimage dosfstools mtools e2fsprogs fdisk apt-utils gnupg
)

say() { printf 'dev.sh: %s\n' "$*" >&2; }

install_missing() {
    install_packages "${PACKAGES[@]}"
    # Debian ships Dear ImGui's SDL_Renderer backend only as example source; the build compiles it.
    if [ ! -f "$IMGUI_BACKEND" ]; then
        say "missing $IMGUI_BACKEND (libimgui-dev 1.86 from bookworm provides it)"
        exit 1
    fi
}

install_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
            missing+=("$pkg")
        fi
    done
    if ((${#missing[@]} > 0)); then
        local sudo=()
        if [ "$(id -u)" -ne 0 ]; then
            sudo=(sudo)
        fi
        say "installing ${missing[*]}"
        "${sudo[@]}" apt-get update -q
        DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
}

# arm64 programs run through qemu-user by the kernel's binfmt_misc (mmdebstrap's arm64 chroot,
# systemd-nspawn). Containers and CI machines often start without it registered.
enable_arm64_binfmt() {
    local sudo=()
    [ "$(id -u)" -ne 0 ] && sudo=(sudo)
    if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
        "${sudo[@]}" mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
    fi
    if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
        "${sudo[@]}" sh -c 'cat /usr/lib/binfmt.d/qemu-aarch64.conf > /proc/sys/fs/binfmt_misc/register'
    fi
    arch-test arm64 >/dev/null || { say "arm64 binaries do not run here (arch-test arm64)"; exit 1; }
}

# promtool checks the hub's /metrics in the tests. It comes from Debian's prometheus package,
# unpacked rather than installed: installing would also start a Prometheus server.
TOOLS="$ROOT/.cache/tools"
fetch_promtool() {
    [ -x "$TOOLS/usr/bin/promtool" ] && return
    local work
    work=$(mktemp -d)
    if ! (cd "$work" && apt-get download -q prometheus >/dev/null 2>&1); then
        local sudo=()
        [ "$(id -u)" -ne 0 ] && sudo=(sudo)
        "${sudo[@]}" apt-get update -q
        (cd "$work" && apt-get download -q prometheus)
    fi
    mkdir -p "$TOOLS"
    dpkg-deb --fsys-tarfile "$work"/prometheus_*.deb | tar -x -C "$TOOLS" ./usr/bin/promtool
    say "unpacked promtool from $(basename "$work"/prometheus_*.deb) into $TOOLS"
    rm -rf "$work"
}

# The OData feed's tests speak to it with a real OData client library and check its $metadata
# against OASIS's own CSDL schemas, both from npm, pinned by tests/odata/package-lock.json and
# installed into .cache/odata (npm comes with Node.js, or from Debian when it does not).
ODATA="$ROOT/.cache/odata"
fetch_odata_client() {
    if [ -d "$ODATA/node_modules" ] && cmp -s "$ROOT/tests/odata/package-lock.json" "$ODATA/package-lock.json"; then
        return
    fi
    command -v npm >/dev/null || install_packages npm
    rm -rf "$ODATA"
    mkdir -p "$ODATA"
    cp "$ROOT/tests/odata/package.json" "$ROOT/tests/odata/package-lock.json" "$ODATA/"
    (cd "$ODATA" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
    say "installed the OData test client into $ODATA"
}

# Packages, the arm64 build and the kiosk's boot: deploy/README.md. About 12 minutes on 2 cores,
# most of it the arm64 compile and mmdebstrap's arm64 root filesystem under qemu-user.
deploy_tests() {
    local out=$1 status=0 start
    start=$(date +%s)
    install_packages "${DEPLOY_PACKAGES[@]}"
    enable_arm64_binfmt
    say "deploy: amd64 packages, lintian, the hub in a clean chroot"
    "$ROOT/tests/deploy/test_packages.sh" "$out" || status=1
    say "deploy: fleet updates and rollback from a signed repository, in a clean chroot"
    "$ROOT/tests/deploy/test_update.sh" "$out" || status=1
    say "deploy: arm64 cross build, unit tests under qemu-user, arm64 packages"
    "$ROOT/deploy/arm64/cross-build.sh" || status=1
    say "deploy: the kiosk's arm64 root filesystem, booted with systemd-nspawn"
    local rootfs="$ROOT/build-arm64/rootfs" deb
    deb=$(ls "$ROOT"/build-arm64/packages/feedback-kiosk_*_arm64.deb 2>/dev/null || true)
    # Following an update repository as a site's image would (the boot test checks the wiring;
    # the repository itself is test_update.sh's business).
    if [ -n "$deb" ] && "$ROOT/deploy/image/build-rootfs.sh" --headless-test --deb "$deb" \
        --update-repo https://updates.example.invalid/kiosk-repo \
        --update-key "$ROOT/tests/deploy/boot-test-update-key.asc" --out "$rootfs"; then
        "$ROOT/tests/deploy/test_boot.sh" "$rootfs" "$out/sync/hub/feedback-hub" || status=1
    else
        status=1
    fi
    say "deploy tests $([ $status = 0 ] && echo passed || echo FAILED) in $(($(date +%s) - start)) s"
    return $status
}

build() {
    cmake --preset "$PRESET" -S "$ROOT" >/dev/null
    cmake --build --preset "$PRESET" --parallel "$(nproc)"
}

case "${1:-}" in
    deps)
        install_missing
        fetch_promtool
        fetch_odata_client
        ;;
    deps-deploy)
        install_packages "${DEPLOY_PACKAGES[@]}"
        enable_arm64_binfmt
        ;;
    build)
        install_missing
        build
        ;;
    test)
        install_missing
        fetch_promtool
        fetch_odata_client
        build
        cd "$ROOT"
        out="$ROOT/build$([ "$PRESET" = default ] || echo "-$PRESET")"
        figures="$out/test-figures.txt"
        a11y="$out/accessibility-table.txt"
        rm -f "$figures" "$a11y"
        status=0
        FBK_ACCESSIBILITY_TABLE="$a11y" ctest --preset "$PRESET" || status=$?
        # libFuzzer targets of the parsers (tests/fuzz/README.md), 20 s each; one line per target.
        "$ROOT/tests/fuzz/run.sh" | tee -a "$figures" || status=1
        deploy_tests "$out" || status=1
        if [ -s "$figures" ]; then
            say "figures reported by the tests:"
            cat "$figures" >&2
        fi
        if [ -s "$a11y" ]; then
            say "accessibility check (README \"Accessibility\"), every screen x language x look:"
            cat "$a11y" >&2
        fi
        exit "$status"
        ;;
    bench)
        install_missing
        build >&2  # stdout is the results table
        # The kiosk-arm64 benchmark runs the arm64 build under qemu-user (incremental after the
        # first time, which takes about 5 minutes on 2 cores).
        "$ROOT/deploy/arm64/cross-build.sh" --bench >/dev/null
        cd "$ROOT"
        exec "$ROOT/build$([ "$PRESET" = default ] || echo "-$PRESET")/tests/bench/fbk_bench" \
            --out "$ROOT/bench-results.json"
        ;;
    demo)
        install_missing
        build
        exec "$ROOT/deploy/demo.sh" "$ROOT/build"
        ;;
    *)
        sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
        exit 2
        ;;
esac
