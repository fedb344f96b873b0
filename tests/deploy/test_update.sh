#!/usr/bin/env bash
# Fleet updates and rollback, on the build machine's architecture (amd64): a clean bookworm
# chroot with feedback-kiosk installed follows a signed site repository made by
# deploy/update/publish-repo.sh (deploy/image/setup-updates.sh, as the image does), boots with
# systemd-nspawn on a read-only root, and runs feedback-kiosk-update against
#   1. a newer version: installed, the kiosk reaches READY=1 on it;
#   2. a broken newer version (its binary exits at once: a stand-in for a bad release): rolled
#      back to the last good version, which runs again, and the bad version is remembered;
#   3. the same broken version again: not tried a second time;
#   4. the original, older version (IT's fleet-wide rollback): downgraded to it;
#   5. a repository signed by another key: refused, nothing changes;
# and the root is read-only again afterwards.
#
#   tests/deploy/test_update.sh [BUILD_DIR]
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
BUILD=$(realpath "${1:-$ROOT/build}")
MIRROR=${FBK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
work=$(mktemp -d /tmp/fbk-update-test.XXXXXX)
trap '[ -n "${FBK_KEEP:-}" ] || rm -rf "$work"' EXIT
source "$HERE/lib.sh"

deb=$("$ROOT/deploy/package/build-debs.sh" "$BUILD" | grep /feedback-kiosk_)
v0=$(dpkg-deb -f "$deb" Version)

# Releases made from the tested package: the same one under a newer version, and a broken one.
release() {  # release VERSION OUT [broken]
    local dir="$work/unpacked-$1"
    dpkg-deb -R "$deb" "$dir"
    sed -i "s/^Version: .*/Version: $1/" "$dir/DEBIAN/control"
    if [ "${3:-}" = broken ]; then
        printf '#!/bin/sh\necho "feedback-kiosk: broken release (update test)" >&2\nexit 1\n' \
            > "$dir/usr/bin/feedback-kiosk"
    fi
    dpkg-deb --root-owner-group -Zxz -b "$dir" "$2" >/dev/null
}
mkdir -p "$work/debs"
release "$v0+update1" "$work/debs/good.deb"
release "$v0+update2" "$work/debs/broken.deb" broken

# The site's signing key, and one that is not the site's.
export GNUPGHOME="$work/gnupg"
mkdir -m 0700 "$GNUPGHOME"
for who in site stranger; do
    gpg --batch --quiet --passphrase '' --quick-gen-key "Feedback Kiosk $who <$who@test.invalid>" \
        ed25519 sign never
done
site_key=$(gpg --list-keys --with-colons site@test.invalid | awk -F: '/^fpr/ && !k {k = $10} END {print k}')
stranger_key=$(gpg --list-keys --with-colons stranger@test.invalid | awk -F: '/^fpr/ && !k {k = $10} END {print k}')
gpg --export "$site_key" > "$work/site-key.gpg"
# The site's repository published five times, as on successive nights; each publication is
# kept as the kiosk will see it. The signatures and dates are publish-repo.sh's own.
publish() {  # publish NAME KEY DEB
    "$ROOT/deploy/update/publish-repo.sh" --out "$work/site-repo" --key "$2" "$3" 2>/dev/null
    mkdir -p "$work/repos" && cp -a "$work/site-repo/." "$work/repos/$1"
}
publish first "$site_key" "$deb"
first_date=$(sed -n 's/^Date: //p' "$work/repos/first/Release")
publish good "$site_key" "$work/debs/good.deb"
publish broken "$site_key" "$work/debs/broken.deb"
publish old "$site_key" "$deb"
publish forged "$stranger_key" "$work/debs/good.deb"
# Each publication swaps the repository whole (one directory left behind the link) and is
# dated after the last one, even within the same second: apt ignores older Release files.
check "repository directories after publishing five times" "$(ls -A "$work" | grep -c '^\.site-repo\.')" 1
check "later publication, later date" \
    "$(($(date -d "$(sed -n 's/^Date: //p' "$work/repos/good/Release")" +%s) > $(date -d "$first_date" +%s)))" 1

stage="$work/deb"
mkdir -p "$stage" && cp "$deb" "$stage/" && deb="$stage/$(basename "$deb")"
start=$(date +%s)
mmdebstrap --quiet --variant=apt --include="systemd-sysv,$deb" \
    --setup-hook="mkdir -p \"\$1$stage\" && cp '$deb' \"\$1$stage/\"" \
    --customize-hook="mkdir -p \"\$1/var/lib/feedback-kiosk-update\" \"\$1/srv/repos\"" \
    --customize-hook="rm -rf \"\$1/var/log/journal\"" \
    --customize-hook="upload '$deb' /var/lib/feedback-kiosk-update/good.deb" \
    --customize-hook="rm -rf \"\$1$stage\"" \
    --customize-hook="'$ROOT/deploy/image/setup-updates.sh' \"\$1\" file:///srv/repos/current '$work/site-key.gpg'" \
    bookworm "$work/chroot" "deb $MIRROR bookworm main"
say "clean chroot with feedback-kiosk installed in $(($(date +%s) - start)) s"
check "update timer enabled by the package" \
    "$(readlink "$work/chroot/etc/systemd/system/timers.target.wants/feedback-kiosk-update.timer")" \
    /lib/systemd/system/feedback-kiosk-update.timer

# What the image keeps on /data (and writes while running) is bound in, as there; the journal
# stays in /run: files open for writing would keep the root from going read-only again.
mkdir -p "$work/test" "$work/kiosk-state" "$work/units/feedback-kiosk.service.d"
cat > "$work/units/feedback-kiosk.service.d/50-update-test.conf" <<'UNIT'
[Service]
ExecStart=
ExecStart=/usr/bin/feedback-kiosk run --config /etc/feedback-kiosk/kiosk.conf --headless
UNIT
add_check "$work/units" "$work/test" update-check.sh "Update test check"
boot_container "$work/chroot" "$work/units" "$work/test" "$work/console.log" --read-only \
    --bind="$work/repos:/srv/repos" --bind="$work/kiosk-state:/var/lib/feedback-kiosk"
elapsed=$boot_seconds

results="$work/test/results"
if ! grep -q '^done=yes$' "$results" 2>/dev/null; then
    say "FAIL the check never finished; the container's console:"
    tail -40 "$work/console.log" >&2
    exit 1
fi
get() { sed -n "s/^$1=//p" "$results" | tail -1; }
check "kiosk up before updating" "$(get before_state)" active
check "1. newer version: exit status" "$(get update_status)" 0
check "1. newer version: installed" "$(get update_version)" "$v0+update1"
check "1. newer version: kiosk up" "$(get update_state)" active
check "1. newer version: kept as the way back" "$(get update_good)" "$v0+update1"
check "2. broken version: exit status" "$(get broken_status)" 1
check "2. broken version: rolled back to" "$(get broken_version)" "$v0+update1"
check "2. broken version: kiosk up again" "$(get broken_state)" active
check "2. broken version: remembered" "$(get broken_failed)" "$v0+update2"
check "3. broken version again: exit status" "$(get again_status)" 0
check "3. broken version again: still on" "$(get again_version)" "$v0+update1"
check "3. broken version again: not tried" "$(grep -c 'not trying' "$work/test/again.log")" 1
check "4. fleet rollback: exit status" "$(get old_status)" 0
check "4. fleet rollback: downgraded to" "$(get old_version)" "$v0"
check "4. fleet rollback: kiosk up" "$(get old_state)" active
check "5. other key: exit status" "$(get forged_status)" 3
check "5. other key: still on" "$(get forged_version)" "$v0"
check "5. other key: apt says why" "$(grep -c 'NO_PUBKEY\|not signed\|no valid OpenPGP' "$work/test/forged.log" | sed 's/^[1-9][0-9]*$/yes/')" yes
check "root read-only afterwards" "$(get root_options)" ro
check "journal: the rollback" "$(grep -c 'rolling back to' "$work/test/broken.log")" 1
if ((failures)); then
    for log in "$work"/test/*.log; do say "--- $(basename "$log")"; tail -15 "$log" >&2; done
    say "$failures check(s) failed"
    exit 1
fi
say "all update checks passed (boot and five updates in $elapsed s)"
