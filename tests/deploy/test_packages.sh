#!/usr/bin/env bash
# Package test on the build machine's architecture (amd64):
#   - both .debs build from the tested tree and lintian finds no errors;
#   - the hand-written Depends still cover what dpkg-shlibdeps computes from the binaries;
#   - feedback-hub installs into a clean Debian bookworm chroot (mmdebstrap) with its user,
#     conffile permissions and enabled unit; booted there with systemd-nspawn, its own unit
#     starts it (Type=notify, hardened) and /healthz answers.
#
#   tests/deploy/test_packages.sh [BUILD_DIR]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$(realpath "${1:-$ROOT/build}")
MIRROR=${FBK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d /tmp/fbk-package-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
source "$HERE/lib.sh"

mapfile -t debs < <("$ROOT/deploy/package/build-debs.sh" "$BUILD")
check "packages built" "${#debs[@]}" 2
hub_deb=$(printf '%s\n' "${debs[@]}" | grep /feedback-hub_)
# Staged in a directory of its own for the chroot (see below).
stage="$work/deb"
mkdir -p "$stage" && cp "$hub_deb" "$stage/" && hub_deb="$stage/$(basename "$hub_deb")"

# Depends: every library dpkg-shlibdeps finds must be listed, with the same minimum version.
for pkg in feedback-kiosk feedback-hub; do
    deb=$(printf '%s\n' "${debs[@]}" | grep "/${pkg}_")
    mkdir -p "$work/shlibs/$pkg/debian"
    dpkg-deb -x "$deb" "$work/shlibs/$pkg/root"
    printf 'Source: %s\n\nPackage: %s\nArchitecture: any\n' "$pkg" "$pkg" \
        > "$work/shlibs/$pkg/debian/control"
    computed=$(cd "$work/shlibs/$pkg" && dpkg-shlibdeps -O "root/usr/bin/$pkg" 2>/dev/null \
        | sed 's/^shlibs:Depends=//')
    listed=$(dpkg-deb -f "$deb" Depends)
    missing=""
    IFS=',' read -ra wanted <<< "$computed"
    for dep in "${wanted[@]}"; do
        dep=$(echo "$dep" | xargs)
        case ", $listed, " in *", $dep, "*) ;; *) missing+="$dep; " ;; esac
    done
    check "$pkg Depends cover dpkg-shlibdeps" "$missing" ""
done

# A clean chroot with the hub package installed by apt, dependencies from Debian's archive.
# The .deb is copied in under the same path: apt reads it from outside, dpkg from inside.
start=$(date +%s)
mmdebstrap --quiet --variant=apt --include="systemd-sysv,$hub_deb" \
    --setup-hook="mkdir -p \"\$1$stage\" && cp '$hub_deb' \"\$1$stage/\"" \
    --customize-hook="rm -rf \"\$1$stage\"" \
    bookworm "$work/chroot" "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" \
    "deb ${FBK_DEBIAN_SECURITY:-http://security.debian.org/debian-security} bookworm-security main"
say "clean chroot with feedback-hub installed in $(($(date +%s) - start)) s"
c="$work/chroot"
check "system user" "$(chroot "$c" id -un feedback-hub 2>&1)" feedback-hub
check "hub.conf is a conffile" "$(chroot "$c" dpkg-query -W -f='${Conffiles}' feedback-hub | awk '{print $1}' | xargs)" /etc/feedback-hub/hub.conf
check "hub.conf owner and mode" "$(chroot "$c" stat -c '%U:%G %a' /etc/feedback-hub/hub.conf)" \
    "root:feedback-hub 640"
check "unit enabled" "$(readlink "$c/etc/systemd/system/multi-user.target.wants/feedback-hub.service")" /lib/systemd/system/feedback-hub.service

mkdir -p "$work/units/multi-user.target.wants" "$work/test"
cat > "$work/units/fbk-hub-check.service" <<'UNIT'
[Unit]
Description=Package test check (test only)
# After= a Type=notify service: runs once the hub sent READY=1 (it listens), or failed.
After=feedback-hub.service

[Service]
Type=oneshot
ExecStart=/bin/bash -c 'systemctl show feedback-hub -p ActiveState -p User > /run/fbk-test/results; \
    exec 3<>/dev/tcp/127.0.0.1/8080 && printf "GET /healthz HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n" >&3 && \
    timeout 20 cat <&3 > /run/fbk-test/healthz; \
    journalctl -b -o cat -u feedback-hub > /run/fbk-test/hub-journal.txt; systemctl --no-block poweroff'
UNIT
ln -s ../fbk-hub-check.service "$work/units/multi-user.target.wants/"
boot_container "$c" "$work/units" "$work/test" "$work/console.log"
get() { sed -n "s/^$1=//p" "$work/test/results" 2>/dev/null; }
check "feedback-hub.service after boot" "$(get ActiveState)" active
check "runs as" "$(get User)" feedback-hub
check "/healthz status line" "$(head -n 1 "$work/test/healthz" 2>/dev/null | tr -d '\r')" "HTTP/1.1 200 OK"
if ((failures)); then
    say "$failures check(s) failed; the hub's journal and the console:"
    cat "$work/test/hub-journal.txt" >&2 2>/dev/null || true
    tail -n 40 "$work/console.log" >&2
    exit 1
fi
say "package test passed"
