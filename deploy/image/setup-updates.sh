#!/usr/bin/env bash
# Makes a root filesystem follow a site's feedback-kiosk repository (deploy/update): the
# repository's apt source, trusted through its own key only, pinned above everything so that
# the version it publishes is the version installed, older ones included (IT's fleet-wide
# rollback). feedback-kiosk-update.timer runs only where this source exists.
#
#   deploy/image/setup-updates.sh ROOTFS REPO_URL PUBLIC_KEY
#
# PUBLIC_KEY: the repository's signing key as `gpg --export` writes it (binary or armored).
set -euo pipefail
rootfs=$1 repo=$2 key=$3

# apt tells a key's format by its file name.
if head -c 40 "$key" | grep -q -- '-----BEGIN PGP'; then ext=asc; else ext=gpg; fi
keyring=/usr/share/keyrings/feedback-kiosk-update.$ext
install -D -m 0644 "$key" "$rootfs$keyring"
echo "deb [signed-by=$keyring] $repo ./" > "$rootfs/etc/apt/sources.list.d/feedback-kiosk.list"
printf 'Package: feedback-kiosk\nPin: release o=Feedback Kiosk\nPin-Priority: 1001\n' \
    > "$rootfs/etc/apt/preferences.d/feedback-kiosk"
# A private hub CA for the repository too; apt's https runs as _apt, so a readable copy.
if [ -f "$rootfs/etc/feedback-kiosk/hub-ca.pem" ] && [[ "$repo" == https://* ]]; then
    install -m 0644 "$rootfs/etc/feedback-kiosk/hub-ca.pem" "$rootfs/etc/apt/feedback-kiosk-hub-ca.pem"
    host=$(echo "$repo" | sed -E 's|^https://([^/:]+).*|\1|')
    echo "Acquire::https::$host::CaInfo \"/etc/apt/feedback-kiosk-hub-ca.pem\";" \
        > "$rootfs/etc/apt/apt.conf.d/60feedback-kiosk-update"
fi
mkdir -p "$rootfs/var/lib/feedback-kiosk-update"
chmod 0700 "$rootfs/var/lib/feedback-kiosk-update"
