#!/usr/bin/env bash
# Builds the kiosk's arm64 root filesystem from Debian bookworm's packages and the
# feedback-kiosk package: systemd on a read-only root, the changing files on /data, SSH not
# installed, the site's hub URL and CA certificate baked in.
#
#   deploy/image/build-rootfs.sh --deb FEEDBACK_KIOSK_DEB --out DIR
#                                [--site-config KIOSK_CONF] [--ca HUB_CA_PEM] [--pi]
#                                [--update-repo URL --update-key PUBLIC_KEY]
#
# --site-config  the kiosk.conf every kiosk of the site starts from (hub URL, languages...);
#                each kiosk's id, stage and token come later, from its provisioning file.
# --update-repo  the site's apt repository of feedback-kiosk (deploy/update/publish-repo.sh)
#                that the kiosks follow every night, signed by --update-key (gpg --export)
# --pi           add what a Raspberry Pi boots with (Debian's linux-image-arm64,
#                raspi-firmware, Wi-Fi firmware); the boot test leaves it out.
# --headless-test  leave out Mesa too: the boot test's kiosk draws offscreen, and under
#                qemu-user Mesa's LLVM alone takes minutes to unpack.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
MIRROR=${FBK_DEBIAN_MIRROR:-http://deb.debian.org/debian}
SECURITY=${FBK_DEBIAN_SECURITY:-http://security.debian.org/debian-security}
# The point release and its security and stable updates: the image gets today's fixes, and its
# sources.list can fetch tomorrow's.
SOURCES=(
    "deb $MIRROR bookworm main non-free-firmware"
    "deb $MIRROR bookworm-updates main non-free-firmware"
    "deb $SECURITY bookworm-security main non-free-firmware"
)
say() { printf 'build-rootfs.sh: %s\n' "$*" >&2; }

deb="" out="" site_config="" ca="" pi=0 headless_test=0 update_repo="" update_key=""
while (($#)); do
    case "$1" in
        --deb) deb=$(realpath "$2"); shift 2 ;;
        --out) out=$2; shift 2 ;;
        --site-config) site_config=$(realpath "$2"); shift 2 ;;
        --ca) ca=$(realpath "$2"); shift 2 ;;
        --update-repo) update_repo=$2; shift 2 ;;
        --update-key) update_key=$(realpath "$2"); shift 2 ;;
        --pi) pi=1; shift ;;
        --headless-test) headless_test=1; shift ;;
        *) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
    esac
done
[ -f "$deb" ] || { say "--deb: '$deb' is not a file (deploy/arm64/cross-build.sh makes it)"; exit 2; }
[ -n "$out" ] || { say "--out DIR is required"; exit 2; }
[ -z "$site_config" ] || [ -f "$site_config" ] || { say "--site-config: no file '$site_config'"; exit 2; }
[ -z "$ca" ] || [ -f "$ca" ] || { say "--ca: no file '$ca'"; exit 2; }
if [ -n "$update_repo$update_key" ]; then
    [[ "$update_repo" == https://* || "$update_repo" == file:///* ]] ||
        { say "--update-repo: '$update_repo' must be an https:// URL"; exit 2; }
    [ -f "$update_key" ] || { say "--update-key: no file '$update_key' (gpg --export KEY_ID)"; exit 2; }
fi

# The package is staged in a directory of its own, copied into the chroot under the same path:
# apt resolves its dependencies from outside, dpkg unpacks it from inside.
stage=$(mktemp -d /tmp/fbk-rootfs-deb.XXXXXX)
trap 'rm -rf "$stage"' EXIT
cp "$deb" "$stage/"

# Mesa's GL/GLES drivers: SDL's KMSDRM backend needs them and libsdl2's Depends do not pull
# them in. timesyncd + fake-hwclock: a Pi has no battery clock.
packages=(
    systemd-sysv udev dbus systemd-timesyncd systemd-resolved fake-hwclock
    wpasupplicant iproute2 ca-certificates
    "$stage/$(basename "$deb")"
)
if ((!headless_test)); then
    packages+=(libgl1-mesa-dri libgles2 libegl1 libgbm1)
fi
hooks=()
if ((pi)); then
    packages+=(linux-image-arm64 raspi-firmware firmware-brcm80211 initramfs-tools dosfstools)
    # raspi-firmware's hooks copy the firmware, kernel, initramfs and device trees into
    # /boot/firmware, the FAT partition the Pi boots from; it must exist before they run.
    hooks+=(--setup-hook='mkdir -p "$1/boot/firmware"')
fi
include=$(IFS=,; echo "${packages[*]}")

start=$(date +%s)
rm -rf "$out"
mmdebstrap ${FBK_MMDEBSTRAP_VERBOSE:---quiet} --arch=arm64 --variant=apt \
    --include="$include" \
    --setup-hook="mkdir -p \"\$1$stage\" && cp '$deb' \"\$1$stage/\"" \
    --customize-hook="rm -rf \"\$1$stage\"" \
    "${hooks[@]}" \
    --customize-hook="sync-in '$HERE/overlay' /" \
    ${site_config:+--customize-hook="copy-in '$site_config' /etc/feedback-kiosk/"} \
    ${ca:+--customize-hook="upload '$ca' /etc/feedback-kiosk/hub-ca.pem"} \
    --customize-hook="mkdir -p \"\$1/var/lib/feedback-kiosk-update\"" \
    --customize-hook="upload '$deb' /var/lib/feedback-kiosk-update/good.deb" \
    ${update_key:+--customize-hook="upload '$update_key' /usr/share/keyrings/feedback-kiosk-update.key"} \
    --customize-hook="'$HERE/customize-rootfs.sh' \"\$1\" '$(basename "${site_config:-kiosk.conf}")' '$update_repo'" \
    bookworm "$out" "${SOURCES[@]}"
say "$out: $(du -sh "$out" | cut -f1) in $(($(date +%s) - start)) s"
