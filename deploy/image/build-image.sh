#!/usr/bin/env bash
# The whole Raspberry Pi SD card image in one command: under an hour on 2 cores, most of it
# Debian's kernel and initramfs set up under qemu-user (56 min in one run, 50 of them for the
# root filesystem, with other builds running). Prints the image's size and the time it took.
#
#   deploy/image/build-image.sh [--site-config KIOSK_CONF] [--ca HUB_CA_PEM] [--out DIR]
#                               [--update-repo URL --update-key PUBLIC_KEY]
#
# --site-config  the kiosk.conf every kiosk of the site starts from: the hub's URL, languages,
#                timing. Each kiosk's id, stage, token and Wi-Fi come from its provisioning
#                file (feedback-hub kiosk provision --csv), so one image serves a whole site.
# --ca           the hub's CA certificate, baked in as /etc/feedback-kiosk/hub-ca.pem.
# Output: DIR/feedback-kiosk.img (default DIR: build-image/). Flash it with
#   dd if=DIR/feedback-kiosk.img of=/dev/sdX bs=4M conv=fsync status=progress
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
out="$ROOT/build-image"
rootfs_args=()
while (($#)); do
    case "$1" in
        --site-config | --ca | --update-repo | --update-key) rootfs_args+=("$1" "$2"); shift 2 ;;
        --out) out=$2; shift 2 ;;
        *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
done
say() { printf 'build-image.sh: %s\n' "$*" >&2; }

start=$(date +%s)
"$ROOT/deploy/arm64/cross-build.sh" --no-test >/dev/null
deb=$(ls "$ROOT"/build-arm64/packages/feedback-kiosk_*_arm64.deb)
mkdir -p "$out"
"$HERE/build-rootfs.sh" --deb "$deb" --out "$out/rootfs" --pi "${rootfs_args[@]}"

rm -rf "$out/genimage-tmp" "$out/images"
genimage --config "$HERE/genimage.cfg" --rootpath "$out/rootfs" \
    --tmppath "$out/genimage-tmp" --inputpath "$out/images" --outputpath "$out/images" >&2
mv "$out/images/feedback-kiosk.img" "$out/feedback-kiosk.img"
rm -rf "$out/genimage-tmp" "$out/images"
xz -T0 -k -f -3 "$out/feedback-kiosk.img"
say "$out/feedback-kiosk.img: $(du -h --apparent-size "$out/feedback-kiosk.img" | cut -f1)," \
    "$(du -h "$out/feedback-kiosk.img.xz" | cut -f1) compressed," \
    "built in $((($(date +%s) - start) / 60)) min $((($(date +%s) - start) % 60)) s"
