#!/usr/bin/env bash
# Upload figures (issue 3): one 2 GiB upload in 64 MiB PATCHes beside dd on the same disk, peak RSS growth
# of the node for 200 MB and 2 GiB uploads, and 50 concurrent 100 MB uploads. Each figure is the median of
# RUNS runs (default 3). Needs target/reelay.jar (mvn -q -DskipTests package).
# Usage: bench/upload/run.sh            (RUNS=5 bench/upload/run.sh for more runs)
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
JAR=target/reelay.jar
[ -f "$JAR" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 1; }
WORK=$(mktemp -d -p "${BENCH_DIR:-$PWD}" .bench-upload.XXXX)   # same disk as the project
trap 'kill $NODE_PID 2>/dev/null || true; wait 2>/dev/null; rm -rf "$WORK"' EXIT

REELAY_HTTP_PORT=0 REELAY_RTMP_PORT=0 REELAY_SRT_PORT=0 REELAY_HTTP_HOST=127.0.0.1 REELAY_DATA_DIR="$WORK/data" REELAY_ADMIN_PASSWORD=bench-admin-pw \
  REELAY_UPLOAD_QUOTA_BYTES=0 java -Xmx1g -jar "$JAR" > "$WORK/node.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 1 120); do grep -q '^reelay ready ' "$WORK/node.log" && break; sleep 0.5; done
URL=$(grep '^reelay ready ' "$WORK/node.log" | awk '{print $3}')
[ -n "$URL" ] || { cat "$WORK/node.log"; exit 1; }
curl -sf -X POST "$URL/api/auth/register" -H 'Content-Type: application/json' -d '{"username":"bench","password":"bench-password-1"}' >/dev/null
TOKEN=$(curl -sf -X POST "$URL/api/auth/login" -H 'Content-Type: application/json' -d '{"username":"bench","password":"bench-password-1"}' | sed 's/.*"token":"\([^"]*\)".*/\1/')

rss_kb() { awk '/VmRSS/ {print $2}' /proc/$NODE_PID/status; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

# Runs one bench invocation while sampling the node's RSS; prints "MBps peakGrowthMB".
measure() {
  local base peak=0 out
  base=$(rss_kb)
  ( while kill -0 $NODE_PID 2>/dev/null; do rss_kb; sleep 0.05; done ) > "$WORK/rss" &
  local sampler=$!
  out=$(java -Xmx2g "bench/upload/UploadBench.java" "$URL" "$TOKEN" "$@")
  kill $sampler; wait $sampler 2>/dev/null || true
  peak=$(sort -n "$WORK/rss" | tail -1)
  echo "$out" >&2
  echo "$out" | grep -q '"byteIdentical"' || exit 1
  local mbps; mbps=$(echo "$out" | sed 's/.*"MBps":\([0-9.]*\).*/\1/')
  echo "$mbps $(( (peak - base) / 1024 ))"
}

dd_mbps() { # MB/s of dd writing 2 GiB to the same disk; $1 = extra dd flag
  dd if=/dev/zero of="$WORK/dd.bin" bs=64M count=32 $1 2>&1 | tail -1 | awk '{print $(NF-1), $NF}' \
    | awk '{v=$1; if ($2=="GB/s") v*=1000; print v}'
  rm -f "$WORK/dd.bin"
}

: > "$WORK/single"; : > "$WORK/dd_sync"; : > "$WORK/dd_nosync"; : > "$WORK/rss200"; : > "$WORK/conc"
for run in $(seq 1 "$RUNS"); do
  dd_mbps conv=fsync >> "$WORK/dd_sync"
  dd_mbps "" >> "$WORK/dd_nosync"
  measure 2GiB 64MiB 1 1 >> "$WORK/single"
  measure 200MB 64MiB 1 1 >> "$WORK/rss200"
  rm -rf "$WORK/data/storage/media"   # keep the disk from filling across runs
done
for run in $(seq 1 "$RUNS"); do
  measure 100MB 8MiB 50 50 >> "$WORK/conc"
  rm -rf "$WORK/data/storage/media"
done

single=$(awk '{print $1}' "$WORK/single" | median)
ddsync=$(median < "$WORK/dd_sync")
ddnosync=$(median < "$WORK/dd_nosync")
echo
echo "runs: $RUNS (medians)"
echo "one 2 GiB upload, 64 MiB PATCHes: ${single} MB/s"
echo "dd 2 GiB, conv=fsync (durable, like an acknowledged PATCH): ${ddsync} MB/s  -> upload/dd = $(awk "BEGIN {printf \"%.0f%%\", 100*$single/$ddsync}")"
echo "dd 2 GiB, page cache only: ${ddnosync} MB/s  -> upload/dd = $(awk "BEGIN {printf \"%.0f%%\", 100*$single/$ddnosync}")"
echo "peak RSS growth, 2 GiB upload: $(awk '{print $2}' "$WORK/single" | median) MB; 200 MB upload: $(awk '{print $2}' "$WORK/rss200" | median) MB"
echo "  per run (MB/s RSS-MB): 2 GiB: $(tr '\n' ';' < "$WORK/single") 200 MB: $(tr '\n' ';' < "$WORK/rss200") dd fsync: $(tr '\n' ' ' < "$WORK/dd_sync")"
echo "50 concurrent 100 MB uploads: $(awk '{print $1}' "$WORK/conc" | median) MB/s aggregate, all byte-identical"
