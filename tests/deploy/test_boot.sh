#!/usr/bin/env bash
# Boot test of the kiosk's arm64 root filesystem (deploy/image/build-rootfs.sh): boots it with
# systemd-nspawn (arm64 code runs through qemu-user) on a read-only root, with /data and a
# boot partition bound in, and checks that
#   - first boot applies a provisioning file made by `feedback-hub kiosk provision --csv` and
#     erases it from the boot partition;
#   - feedback-kiosk.service reaches READY=1 as its own user, with the display driver from its
#     unit (no EnvironmentFile= or drop-in of the image overrides it), on a read-only root;
#   - a hung main loop (--debug-hang-after) is killed by systemd's watchdog and restarted.
#
#   tests/deploy/test_boot.sh ROOTFS FEEDBACK_HUB_EXE
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOTFS=$(realpath "${1:?usage: test_boot.sh ROOTFS FEEDBACK_HUB_EXE}")
HUB=$(realpath "${2:?usage: test_boot.sh ROOTFS FEEDBACK_HUB_EXE}")
work=$(mktemp -d /tmp/fbk-boot-test.XXXXXX)
trap 'rm -rf "$work"' EXIT
source "$HERE/lib.sh"

# The kiosk's changing files: a fresh copy of the image's /data for every run.
cp -a "$ROOTFS/data" "$work/data"
mkdir -p "$work/boot" "$work/test" "$work/units/feedback-kiosk.service.d"

# A site's provisioning, the way IT staff make it.
printf 'kiosk_id,stage,site,wifi_ssid,wifi_psk,wifi_country\n%s\n' \
    "lobby-7,WAITING,north,Hospital-IoT,boot-test-passphrase-7,FI" > "$work/kiosks.csv"
"$HUB" kiosk provision --csv "$work/kiosks.csv" --out "$work/provision" \
    --data-dir "$work/hub" >/dev/null
cp "$work/provision/lobby-7/feedback-kiosk.provision" "$work/boot/"
token=$(sed -n 's/^token = //p' "$work/boot/feedback-kiosk.provision")
[ -n "$token" ] || { say "FAIL the provisioning file has no token"; exit 1; }

# Test-only units, bound into /run/systemd/system (never into the image): headless video, a
# main loop that hangs after 8 s, a 4 s watchdog, and the in-container check.
cat > "$work/units/feedback-kiosk.service.d/50-boot-test.conf" <<'UNIT'
[Service]
ExecStart=
ExecStart=/usr/bin/feedback-kiosk run --config /etc/feedback-kiosk/kiosk.conf --headless --debug-hang-after 8s
WatchdogSec=4s
UNIT
add_check "$work/units" "$work/test" boot-check.sh "Boot test check"

boot_container "$ROOTFS" "$work/units" "$work/test" "$work/console.log" --read-only \
    --bind="$work/data:/data" --bind="$work/boot:/boot/firmware"
elapsed=$boot_seconds

results="$work/test/results"
if [ ! -f "$results" ]; then
    say "FAIL the check never ran; the container's console:"
    tail -n 60 "$work/console.log" >&2
    exit 1
fi
get() { sed -n "s/^$1=//p" "$results" | tail -n 1; }
check "provisioning unit" "$(get provision_result)" success
check "provisioning unit ran (not skipped)" "$(get provision_state)" active
check "kiosk reached READY=1" "$(get ready_state)" active
check "display driver given by the unit" "$(get environment)" "SDL_VIDEODRIVER=kmsdrm"
check "no EnvironmentFile= can override it" "$(get environment_files)" ""
check "display driver the process got" "$(get process_video_driver)" kmsdrm
check "kiosk runs as" "$(get process_user)" feedback-kiosk
# The image's backlight drop-in is loaded, and the sandbox it widens still starts here.
check "backlight writable for the kiosk" "$(get read_write_paths)" "-/sys/devices/platform"
# Built with --update-repo: the kiosk follows it, and keeps its own package as the way back.
check "update source" "$(get update_source)" \
    "deb [signed-by=/usr/share/keyrings/feedback-kiosk-update.asc] https://updates.example.invalid/kiosk-repo ./"
check "update timer waiting" "$(get update_timer)" active
check "way back kept" "$(get way_back)" "$(get installed)"
check "root file system writable" "$(get root_writable)" no
check "boot partition after first boot" "$(get boot_partition)" ""
check "watchdog timeout in the journal" "$(get watchdog_timeout)" yes
check "restarted and READY=1 again" "$(get restarted_ready)" yes
check "state after the restart" "$(get state_after)" active
if [ "$(get first_pid)" = "$(get second_pid)" ]; then
    check "a new process after the restart" "$(get second_pid)" "not $(get first_pid)"
fi
config="$work/data/etc/feedback-kiosk/kiosk.conf"
check "kiosk id in /etc/feedback-kiosk/kiosk.conf" "$(sed -n 's/^id *= *\([^ #]*\).*/\1/p' "$config")" lobby-7
check "token in the config" "$(grep -c -- "$token" "$config")" 1
check "config mode" "$(stat -c %a "$config")" 640
check "config group" "$(stat -c %g "$config")" \
    "$(sed -n 's/^feedback-kiosk:[^:]*:\([0-9]*\):.*/\1/p' "$ROOTFS/etc/group")"
wpa="$work/data/etc/wpa_supplicant/wpa_supplicant-wlan0.conf"
check "Wi-Fi file mode" "$(stat -c %a "$wpa" 2>&1)" 600
check "Wi-Fi network" "$(grep -c '^\s*ssid=' "$wpa" 2>&1)" 1
check "Wi-Fi passphrase stored as typed" "$(grep -c boot-test-passphrase-7 "$wpa" 2>&1)" 0
check "provisioning file on the boot partition" "$(ls -A "$work/boot")" ""
check "token anywhere on the boot partition" "$(grep -rl -- "$token" "$work/boot" | wc -l)" 0
check "journal line of the first boot" \
    "$(grep -c '^provisioned kiosk lobby-7 (stage WAITING, site north)' "$work/test/provision-journal.txt")" 1
check "the container powered itself off" "$(get done)" yes

if ((failures)); then
    say "$failures check(s) failed; the kiosk's journal:"
    cat "$work/test/kiosk-journal.txt" >&2 2>/dev/null || true
    exit 1
fi
say "boot test passed in $elapsed s"
