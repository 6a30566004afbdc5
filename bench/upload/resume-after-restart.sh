#!/usr/bin/env bash
# Cost of rebuilding an upload's SHA-256 state after a restart: upload 1 GiB of a 2 GiB upload, restart the
# node (SIGTERM, same data dir), then time the next PATCH (64 KiB), which first re-reads the 1 GiB prefix;
# beside the same PATCH on a node that kept the state. Median of RUNS (default 3).
# Usage: bench/upload/resume-after-restart.sh   (needs target/reelay.jar)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
WORK=$(mktemp -d -p "$PWD" .bench-resume.XXXX)
NODE_PID=
trap '[ -n "$NODE_PID" ] && kill $NODE_PID 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"' EXIT
head -c 67108864 /dev/urandom > "$WORK/chunk.bin"
head -c 65536 /dev/urandom > "$WORK/small.bin"

start_node() {
  : > "$WORK/node.log"
  REELAY_HTTP_PORT=0 REELAY_RTMP_PORT=0 REELAY_SRT_PORT=0 REELAY_HTTP_HOST=127.0.0.1 REELAY_DATA_DIR="$WORK/data" REELAY_ADMIN_PASSWORD=bench-admin-pw \
    REELAY_UPLOAD_QUOTA_BYTES=0 java -Xmx1g -jar target/reelay.jar >> "$WORK/node.log" 2>&1 &
  NODE_PID=$!
  for _ in $(seq 1 120); do grep -q '^reelay ready ' "$WORK/node.log" && break; sleep 0.5; done
  URL=$(grep '^reelay ready ' "$WORK/node.log" | awk '{print $3}')
}
stop_node() { kill -TERM $NODE_PID; wait $NODE_PID || true; NODE_PID=; }
tus() { curl -sf -o /dev/null -w '%{time_total}' -H "Authorization: Bearer $TOKEN" -H 'Tus-Resumable: 1.0.0' "$@"; }
patch() { tus -X PATCH -T "$1" -H "Upload-Offset: $2" -H 'Content-Type: application/offset+octet-stream' "$URL$LOC"; }

start_node
curl -sf -X POST "$URL/api/auth/register" -H 'Content-Type: application/json' -d '{"username":"bench","password":"bench-password-1"}' >/dev/null
TOKEN=$(curl -sf -X POST "$URL/api/auth/login" -H 'Content-Type: application/json' -d '{"username":"bench","password":"bench-password-1"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')
: > "$WORK/warm"; : > "$WORK/cold"
for run in $(seq 1 "$RUNS"); do
  LOC=$(curl -si -X POST "$URL/files/" -H "Authorization: Bearer $TOKEN" -H 'Tus-Resumable: 1.0.0' \
    -H 'Upload-Length: 2147483648' | grep -i '^location' | tr -d '\r' | awk '{print $2}')
  for i in $(seq 0 15); do patch "$WORK/chunk.bin" $((i * 67108864)) >/dev/null; done
  patch "$WORK/small.bin" 1073741824 >> "$WORK/warm"; echo >> "$WORK/warm"
  stop_node; start_node
  patch "$WORK/small.bin" $((1073741824 + 65536)) >> "$WORK/cold"; echo >> "$WORK/cold"
  tus -X DELETE "$URL$LOC" >/dev/null
done
stop_node
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "runs: $RUNS (medians)"
echo "64 KiB PATCH at 1 GiB, hash state in memory: $(median < "$WORK/warm") s"
echo "64 KiB PATCH at 1 GiB after a restart (re-hashes the 1 GiB prefix): $(median < "$WORK/cold") s"
