#!/bin/bash
# Runs inside the booted update-test chroot (test_update.sh binds it in), once the kiosk is up:
# points the site repository at each of the test's repositories in turn, runs the updater and
# records what happened in /run/fbk-test/results, then powers the container off.
set -u
out=/run/fbk-test/results
record() { printf '%s\n' "$*" >> "$out"; }
version() { dpkg-query -W -f='${Version}' feedback-kiosk; }
state() { systemctl show feedback-kiosk.service -p ActiveState --value; }

record "before_state=$(state)"
for step in update:good broken:broken again:broken old:old forged:forged; do
    name=${step%%:*} repo=${step#*:}
    ln -sfn "$repo" /srv/repos/current
    status=0
    feedback-kiosk-update --health-timeout 60 > "/run/fbk-test/$name.log" 2>&1 || status=$?
    record "${name}_status=$status"
    record "${name}_version=$(version)"
    record "${name}_state=$(state)"
    record "${name}_good=$(dpkg-deb -f /var/lib/feedback-kiosk-update/good.deb Version)"
    record "${name}_failed=$(cat /var/lib/feedback-kiosk-update/failed-versions 2>/dev/null | xargs)"
done
record "root_options=$(findmnt -n -o OPTIONS / | tr ',' '\n' | grep -x 'ro\|rw')"
journalctl -b -o cat -u feedback-kiosk.service > /run/fbk-test/kiosk-journal.log
record "done=yes"
systemctl --no-block poweroff
