#!/usr/bin/env bash
# The demo: a hub on 127.0.0.1 and one kiosk reporting to it, then the administrator's CSV export.
# With a display the kiosk opens a window for you to answer; without one it runs headless with
# scripted patients and saves a screenshot of every screen. Output goes to demo-output/.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${1:-$ROOT/build}
OUT=${FBK_DEMO_OUT:-$ROOT/demo-output}
HUB="$BUILD/sync/hub/feedback-hub"
KIOSK="$BUILD/kiosk/feedback-kiosk"

rm -rf "$OUT"
mkdir -p "$OUT"

hub_pid=
cleanup() {
    if [ -n "$hub_pid" ]; then
        kill "$hub_pid" 2>/dev/null || true
        wait "$hub_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

# Tokens first: the CLI writes them into the hub's database, and prints each one once.
kiosk_token=$("$HUB" token create --kiosk lobby-1 --data-dir "$OUT/hub" 2>/dev/null)
admin_token=$("$HUB" token create --admin demo-admin --data-dir "$OUT/hub" 2>/dev/null)

# Port 0: the hub picks a free port and says which on its first line of output.
mkfifo "$OUT/hub.stdout"
"$HUB" serve --data-dir "$OUT/hub" --listen 127.0.0.1:0 >"$OUT/hub.stdout" 2>"$OUT/hub.log" &
hub_pid=$!
exec 3<"$OUT/hub.stdout"
if ! read -r -t 20 line <&3; then
    echo "demo: the hub did not start; see $OUT/hub.log" >&2
    exit 1
fi
hub_url=${line##* }

cat >"$OUT/kiosk.conf" <<CONF
[kiosk]
id = lobby-1
stage = WAITING
pack = $ROOT/assets/packs/default-healthcare.json
languages = fi, sv, da, nl, en, uk
default_language = fi
data_dir = $OUT/kiosk

[hub]
url = $hub_url
token = $kiosk_token

[sync]
retry_initial = 500ms
retry_max = 5s
CONF

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${FBK_DEMO_HEADLESS:-0}" != 1 ]; then
    echo "demo: hub at $hub_url; answer the survey in the kiosk window, close it when done."
    "$KIOSK" run --config "$OUT/kiosk.conf" --windowed
    "$KIOSK" sync --once --config "$OUT/kiosk.conf"
else
    echo "demo: no display: running the kiosk headless with scripted patients (hub at $hub_url)"
    "$KIOSK" run --config "$OUT/kiosk.conf" --headless \
        --replay "$ROOT/assets/demo/patient.replay" --screenshots "$OUT/screenshots"
fi

curl -fsS -H "Authorization: Bearer $admin_token" \
    "$hub_url/api/v1/responses?format=csv" -o "$OUT/responses.csv"

echo
echo "Exported CSV ($(($(wc -l <"$OUT/responses.csv") - 1)) responses): $OUT/responses.csv"
cat "$OUT/responses.csv"
if [ -d "$OUT/screenshots" ]; then
    echo
    echo "Screenshots: $OUT/screenshots/"
    ls -1 "$OUT/screenshots"
fi
echo "Logs: $OUT/hub.log"
