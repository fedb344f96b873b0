#!/usr/bin/env bash
# Publishes the feedback-kiosk version a site's kiosks should run, as a signed flat apt
# repository that any HTTPS server can serve (the hub's nginx, deploy/nginx). The repository
# holds exactly one version per architecture: publishing a newer one updates the fleet,
# publishing the previous one again rolls the fleet back (deploy/README.md "Updates").
#
#   deploy/update/publish-repo.sh --out DIR --key KEY_ID [--gnupg-home DIR] DEB...
#
# --out         the repository: a symbolic link to its current directory, swapped atomically
# --key         the OpenPGP key that signs it; kiosks trust its public half, baked into the
#               image by build-rootfs.sh --update-key
# DEB           feedback-kiosk_VERSION_ARCH.deb, one per architecture (arm64 for Pis)
set -euo pipefail

say() { printf 'publish-repo.sh: %s\n' "$*" >&2; }
out="" key="" debs=()
while (($#)); do
    case "$1" in
        --out) out=$2; shift 2 ;;
        --key) key=$2; shift 2 ;;
        --gnupg-home) export GNUPGHOME=$2; shift 2 ;;
        -*) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
        *) debs+=("$1"); shift ;;
    esac
done
if [ -z "$out" ] || [ -z "$key" ] || ((${#debs[@]} == 0)); then
    sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
fi
declare -A seen_arch=()
for deb in "${debs[@]}"; do
    [ -f "$deb" ] || { say "$deb: no such file"; exit 2; }
    name=$(dpkg-deb -f "$deb" Package 2>/dev/null) || { say "$deb: not a Debian package"; exit 2; }
    [ "$name" = feedback-kiosk ] || { say "$deb: is $name, not feedback-kiosk"; exit 2; }
    arch=$(dpkg-deb -f "$deb" Architecture)
    [ -z "${seen_arch[$arch]:-}" ] || { say "$deb: a second $arch package; publish one version"; exit 2; }
    seen_arch[$arch]=$(dpkg-deb -f "$deb" Version)
done

out=$(realpath -ms "$out")  # the link itself, not where it points
parent=$(dirname "$out")
mkdir -p "$parent"
# $out is a symbolic link to the published directory, swapped in one rename(2): a kiosk reading
# during a publish sees the old repository or the new one, never half of each.
if [ -e "$out" ] && [ ! -L "$out" ]; then
    say "$out exists and is not a repository this script published; choose another --out"
    exit 2
fi
# apt keeps the Release file it has unless the new one's Date is later (and HTTP caches compare
# one-second file times): a publication must be dated after the last one, even within the
# same second, or kiosks would never see it.
previous=$(readlink "$out" || true)
published=$(date +%s)
if [ -n "$previous" ] && [ -f "$parent/$previous/Release" ]; then
    last=$(date -d "$(sed -n 's/^Date: //p' "$parent/$previous/Release")" +%s)
    ((published > last)) || published=$((last + 1))
fi
next=$(mktemp -d "$parent/.$(basename "$out").XXXXXX")
trap 'rm -rf "$next"' EXIT
cp "${debs[@]}" "$next/"
(
    cd "$next"
    apt-ftparchive packages . > Packages
    gzip -9 -k -n Packages
    # Written outside first: a Release file must not list itself.
    apt-ftparchive -o APT::FTPArchive::Release::Origin="Feedback Kiosk" \
        -o APT::FTPArchive::Release::Label="Feedback Kiosk" \
        -o APT::FTPArchive::Release::Suite=fleet \
        -o APT::FTPArchive::Release::Date="$(date -u -R -d "@$published")" \
        release . > "$next.Release"
    mv "$next.Release" Release
    gpg --batch --yes --local-user "$key" --clearsign -o InRelease Release
    gpg --batch --yes --local-user "$key" --armor --detach-sign -o Release.gpg Release
)
chmod 0755 "$next" && chmod -R a+rX "$next"
touch -d "@$published" "$next"/*
ln -s "$(basename "$next")" "$next.link"
mv -T "$next.link" "$out"
trap - EXIT
[ -z "$previous" ] || rm -rf "${parent:?}/$previous"
for arch in "${!seen_arch[@]}"; do
    say "$out: feedback-kiosk ${seen_arch[$arch]} for $arch"
done
