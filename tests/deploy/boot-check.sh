#!/bin/bash
# Runs inside the booted kiosk root filesystem (test_boot.sh binds it in; never part of the
# image). It starts once feedback-kiosk.service is up: that service is Type=notify, so systemd
# only calls it started after the kiosk's READY=1. Writes what it saw to /run/fbk-test/results
# and powers the container off.
set -u
out=/run/fbk-test/results
record() { printf '%s\n' "$*" >> "$out"; }
show() { systemctl show "$1" -p "$2" --value; }

record "provision_result=$(show feedback-kiosk-provision.service Result)"
record "provision_state=$(show feedback-kiosk-provision.service ActiveState)"
record "ready_state=$(show feedback-kiosk.service ActiveState)"
pid=$(show feedback-kiosk.service MainPID)
record "first_pid=$pid"
record "environment=$(show feedback-kiosk.service Environment)"
record "environment_files=$(show feedback-kiosk.service EnvironmentFiles)"
record "read_write_paths=$(show feedback-kiosk.service ReadWritePaths)"
record "update_source=$(cat /etc/apt/sources.list.d/feedback-kiosk.list 2>&1)"
record "update_timer=$(show feedback-kiosk-update.timer ActiveState)"
record "way_back=$(dpkg-deb -f /var/lib/feedback-kiosk-update/good.deb Version 2>&1)"
record "installed=$(dpkg-query -W -f='${Version}' feedback-kiosk)"
# What the kiosk process really got from systemd (its initial environment).
record "process_video_driver=$(tr '\0' '\n' < "/proc/$pid/environ" | sed -n 's/^SDL_VIDEODRIVER=//p')"
record "process_user=$(stat -c %U "/proc/$pid")"
record "root_writable=$( (touch /fbk-write-test 2>/dev/null && echo yes) || echo no)"
record "boot_partition=$(ls -A /boot/firmware | tr '\n' ' ')"
journalctl -b -o cat -u feedback-kiosk-provision.service > /run/fbk-test/provision-journal.txt

if [ "$(show feedback-kiosk.service ActiveState)" != active ]; then
    journalctl -b -o cat -u feedback-kiosk.service -u feedback-kiosk-provision.service \
        > /run/fbk-test/kiosk-journal.txt
    record "done=yes"
    systemctl --no-block poweroff
    exit 0
fi

# The test's drop-in hangs the main loop after a few seconds. Follow the journal until systemd
# reports the watchdog timeout and then the restarted kiosk's next start (its READY=1).
journal=$(mktemp)
exec 3< <(timeout 180 journalctl -b -f -o cat -u feedback-kiosk.service)
watchdog=no restarted=no
while IFS= read -r -u 3 line; do
    printf '%s\n' "$line" >> "$journal"
    case "$line" in
        *"Watchdog timeout"*) watchdog=yes ;;
        *"Started feedback-kiosk.service"* | *"Started Feedback Kiosk"*)
            if [ "$watchdog" = yes ]; then restarted=yes; break; fi ;;
    esac
done
record "watchdog_timeout=$watchdog"
record "restarted_ready=$restarted"
record "restarts=$(show feedback-kiosk.service NRestarts)"
record "second_pid=$(show feedback-kiosk.service MainPID)"
record "state_after=$(show feedback-kiosk.service ActiveState)"
cp "$journal" /run/fbk-test/kiosk-journal.txt
record "done=yes"
systemctl --no-block poweroff
