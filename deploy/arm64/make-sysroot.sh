#!/usr/bin/env bash
# Unpacks Debian bookworm's arm64 -dev packages into a sysroot for the cross build
# (aarch64-linux-gnu.cmake) and for running its binaries under qemu-user (-L SYSROOT).
# Nothing is installed on the build machine's own dpkg: the packages are only extracted.
#
#   deploy/arm64/make-sysroot.sh SYSROOT
set -euo pipefail

SYSROOT=${1:?usage: make-sysroot.sh SYSROOT}
MIRROR=${FBK_DEBIAN_MIRROR:-http://deb.debian.org/debian}

# The arm64 twins of deploy/dev.sh's build dependencies, plus what the unit tests read at run
# time (espeak-ng's voices). Keep the two lists in step.
PACKAGES=(
    libc6-dev libstdc++-12-dev
    libsdl2-dev libimgui-dev libstb-dev libharfbuzz-dev libfribidi-dev libfreetype-dev
    libsqlite3-dev libpq-dev libcurl4-openssl-dev zlib1g-dev libssl-dev
    nlohmann-json3-dev libcpp-httplib-dev libboost-dev doctest-dev
    libespeak-ng-dev espeak-ng-data libsystemd-dev
    libstemmer-dev libvoikko-dev voikko-fi
    libcairo2-dev libxlsxwriter-dev
)
STAMP="$SYSROOT/.fbk-packages"
wanted="$MIRROR ${PACKAGES[*]}"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$wanted" ]; then
    echo "make-sysroot.sh: $SYSROOT is up to date" >&2
    exit 0
fi

rm -rf "$SYSROOT"
mkdir -p "$(dirname "$SYSROOT")"
include=$(IFS=,; echo "${PACKAGES[*]}")
SECURITY=${FBK_DEBIAN_SECURITY:-http://security.debian.org/debian-security}
mmdebstrap --quiet --arch=arm64 --variant=extract --include="$include" bookworm "$SYSROOT" \
    "deb $MIRROR bookworm main" "deb $MIRROR bookworm-updates main" \
    "deb $SECURITY bookworm-security main"

# Debian's -dev symlinks can be absolute (libz.so -> /lib/aarch64-linux-gnu/libz.so.1...): the
# linker would follow them into the build machine's own /lib. Make them relative to the sysroot.
while IFS= read -r -d '' link; do
    target=$(readlink "$link")
    rel=$(realpath -m --relative-to="$(dirname "$link")" "$SYSROOT$target")
    ln -sfn "$rel" "$link"
done < <(find "$SYSROOT/usr" "$SYSROOT/lib" -type l -lname '/*' -print0 2>/dev/null)

echo "$wanted" > "$STAMP"
echo "make-sysroot.sh: $SYSROOT: $(du -sh "$SYSROOT" | cut -f1)" >&2
