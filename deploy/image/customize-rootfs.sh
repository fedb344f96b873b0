#!/usr/bin/env bash
# mmdebstrap customize hook of build-rootfs.sh: runs on the build machine with the new root
# filesystem as $1. Moves what changes at run time to /data (its own partition on the card)
# and turns on the services a kiosk needs.
set -euo pipefail
rootfs=$1
site_config=$2
update_repo=${3:-}

# sync-in copies the overlay with the checkout's owner and mode; the system's files are root's.
(cd "$(dirname "${BASH_SOURCE[0]}")/overlay" && find . -mindepth 1) | while IFS= read -r path; do
    chown -h root:root "$rootfs/$path"
    [ -L "$rootfs/$path" ] || chmod go-w "$rootfs/$path"
done
chown root:root "$rootfs" && chmod 0755 "$rootfs"

if [ "$site_config" != kiosk.conf ] && [ -f "$rootfs/etc/feedback-kiosk/$site_config" ]; then
    mv "$rootfs/etc/feedback-kiosk/$site_config" "$rootfs/etc/feedback-kiosk/kiosk.conf"
fi
# A CA baked in by build-rootfs.sh --ca is the one the kiosk trusts for its hub.
if [ -f "$rootfs/etc/feedback-kiosk/hub-ca.pem" ]; then
    if grep -q '^ *#\? *ca_file *=' "$rootfs/etc/feedback-kiosk/kiosk.conf"; then
        sed -i 's|^ *#\? *ca_file *=.*|ca_file = /etc/feedback-kiosk/hub-ca.pem|' \
            "$rootfs/etc/feedback-kiosk/kiosk.conf"
    else
        sed -i 's|^\[hub\]$|[hub]\nca_file = /etc/feedback-kiosk/hub-ca.pem|' \
            "$rootfs/etc/feedback-kiosk/kiosk.conf"
    fi
    grep -q '^ca_file = /etc/feedback-kiosk/hub-ca.pem$' "$rootfs/etc/feedback-kiosk/kiosk.conf" || {
        echo "customize-rootfs.sh: kiosk.conf has no [hub] section for ca_file" >&2
        exit 1
    }
fi
chroot "$rootfs" sh -c 'chown -R root:feedback-kiosk /etc/feedback-kiosk &&
    chmod 0750 /etc/feedback-kiosk && chmod 0640 /etc/feedback-kiosk/*'

if [ -n "$update_repo" ]; then
    "$(dirname "${BASH_SOURCE[0]}")/setup-updates.sh" "$rootfs" "$update_repo" \
        "$rootfs/usr/share/keyrings/feedback-kiosk-update.key"
    rm "$rootfs/usr/share/keyrings/feedback-kiosk-update.key"
fi
chmod 0700 "$rootfs/var/lib/feedback-kiosk-update"

# A Pi image: boot from the partition labelled KIOSKROOT (fstab then remounts it read-only).
# raspi-firmware wrote cmdline.txt while installing; it is edited rather than regenerated
# (another initramfs under qemu-user costs a quarter of an hour). Kernel updates on the kiosk
# regenerate it from /etc/default/raspi-firmware.
if [ -f "$rootfs/etc/default/raspi-firmware" ]; then
    sed -i 's|^#\?ROOTPART=.*|ROOTPART=LABEL=KIOSKROOT|' "$rootfs/etc/default/raspi-firmware"
    sed -i 's|root=[^ ]*|root=LABEL=KIOSKROOT|' "$rootfs/boot/firmware/cmdline.txt"
    grep -q 'root=LABEL=KIOSKROOT' "$rootfs/boot/firmware/cmdline.txt" || {
        echo "customize-rootfs.sh: no root= in boot/firmware/cmdline.txt" >&2
        exit 1
    }
fi

# Seed /data with the current contents; the root partition keeps empty mount points.
for dir in etc/feedback-kiosk etc/wpa_supplicant var/lib/feedback-kiosk var/lib/systemd; do
    mkdir -p "$rootfs/$dir" "$rootfs/data/$(dirname "$dir")"
    cp -a "$rootfs/$dir" "$rootfs/data/$dir"
    find "$rootfs/$dir" -mindepth 1 -delete
done
chmod 0755 "$rootfs/data"
mkdir -p "$rootfs/boot/firmware"

systemctl --root="$rootfs" enable systemd-networkd systemd-resolved systemd-timesyncd \
    wpa_supplicant@wlan0 fake-hwclock-save.timer
# SSH is not installed; the console has no login: a kiosk is managed through its hub.
systemctl --root="$rootfs" mask getty@tty1.service serial-getty@ttyS0.service \
    console-getty.service
# Wi-Fi is wpa_supplicant@wlan0 with the provisioned file, not the D-Bus-driven instance.
systemctl --root="$rootfs" disable wpa_supplicant.service
ln -sf /run/systemd/resolve/stub-resolv.conf "$rootfs/etc/resolv.conf"
# The root is mounted read-only: machine-id is created in /run on every boot unless it exists.
: > "$rootfs/etc/machine-id"
