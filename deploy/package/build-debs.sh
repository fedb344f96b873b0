#!/usr/bin/env bash
# Turns a configured and built tree into the feedback-kiosk and feedback-hub .deb packages (for
# the tree's architecture: amd64 natively, arm64 from deploy/arm64/cross-build.sh) and runs
# lintian on them. Prints the packages' paths on stdout.
#
#   deploy/package/build-debs.sh [BUILD_DIR]      (default: build, the default preset's tree)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=$(cd "${1:-$ROOT/build}" && pwd)
OUT="$BUILD/packages"
say() { printf 'build-debs.sh: %s\n' "$*" >&2; }

cmake --build "$BUILD" --target feedback-kiosk feedback-hub fbk_changelog >&2
rm -rf "$OUT"
(cd "$BUILD" && cpack -B "$OUT" >&2)
rm -rf "$OUT/_CPack_Packages"
debs=("$OUT"/*.deb)
for deb in "${debs[@]}"; do
    say "$(basename "$deb"): $(du -k "$deb" | cut -f1) KiB"
done
# Errors fail the build; warnings are printed. (lintian always complains about running as root.)
status=0
report=$(lintian --fail-on error --suppress-tags initial-upload-closes-no-bugs "${debs[@]}" 2>&1) \
    || status=$?
grep -v 'running with root privileges' <<<"$report" >&2 || true
if [ "$status" -ne 0 ]; then
    say "lintian reports errors (above)"
    exit 1
fi
say "lintian: no errors"
printf '%s\n' "${debs[@]}"
