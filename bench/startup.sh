#!/usr/bin/env bash
# Start-up time (java -jar → "reelay ready") and idle heap of a node with embedded services.
# Usage: bench/startup.sh [runs]   (build first: mvn -q -DskipTests package)
# Run 1 uses a fresh data dir (first start: unpack PostgreSQL, initdb, format Kafka); later runs
# restart on the same data dir (FRESH_EVERY_RUN=1: every run is a first start). Any REELAY_*
# variable passes through, e.g. REELAY_CLUSTER=true. Prints one line per run and the medians.
set -euo pipefail
RUNS=${1:-5}
JAR=$(cd "$(dirname "$0")/.." && pwd)/target/reelay.jar
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
first=() ; restart=() ; heaps=()

for run in $(seq 1 "$RUNS"); do
  if [ "$run" -eq 1 ] || [ "${FRESH_EVERY_RUN:-0}" = 1 ]; then rm -rf "$WORK/data"; fi
  start=$(date +%s%N)
  REELAY_HTTP_PORT=0 REELAY_RTMP_PORT=0 REELAY_SRT_PORT=0 REELAY_DATA_DIR="$WORK/data" REELAY_ADMIN_PASSWORD=bench-password \
    java -jar "$JAR" >"$WORK/out" 2>"$WORK/err" &
  pid=$!
  until grep -q '^reelay ready' "$WORK/out"; do
    kill -0 "$pid" 2>/dev/null || { echo "node died"; cat "$WORK/err"; exit 1; }
    sleep 0.05
  done
  ready_ms=$(( ($(date +%s%N) - start) / 1000000 ))
  phases=$(grep -o 'start-up took .*' "$WORK/err" | sed 's/start-up took //')
  sleep 5   # let start-up garbage settle, then measure the live heap after a full GC
  jcmd "$pid" GC.run >/dev/null
  heap_kb=$(jcmd "$pid" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+')
  heap_mb=$(( heap_kb / 1024 ))
  t0=$(date +%s%N); kill -TERM "$pid"; wait "$pid" || true
  stop_ms=$(( ($(date +%s%N) - t0) / 1000000 ))
  kind=$({ [ "$run" -eq 1 ] || [ "${FRESH_EVERY_RUN:-0}" = 1 ]; } && echo first || echo restart)
  echo "run $run ($kind): ready ${ready_ms} ms, idle heap ${heap_mb} MB, SIGTERM→exit ${stop_ms} ms | $phases"
  if [ "$kind" = first ]; then first+=("$ready_ms"); else restart+=("$ready_ms"); fi
  heaps+=("$heap_mb")
done

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
echo "median ready: first starts $(median "${first[@]}") ms (${#first[@]} runs); restarts $(median "${restart[@]:-0}") ms (${#restart[@]} runs); idle heap $(median "${heaps[@]}") MB"
