#!/usr/bin/env bash
# Recommendation figures with the load generator in its own JVM (issue 6): one node (java -jar target/reelay.jar,
# embedded PostgreSQL/Redis/Kafka, defaults) and ServeLoad.java, which says what each phase does: profile-builder
# catch-up (the builder alone, producer idle) and GET /api/recommendations latency. Every round's line, then medians.
# Usage: bench/recommend/serve.sh   LOAD_OPTS="--users 3000 --watches 12 --runs 3 --requests 5000 --concurrency 4"
#        REELAY_PROFILE_INSTANCES=2 (consumers on the node), NODE_OPTS (node JVM options, e.g. a JFR recording),
#        JAR (default target/reelay.jar: another build to compare), KEEP=dir keeps the node log
# Waits (up to QUIET_WAIT s, 900) for a nearly idle machine first: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/../.."
QUIET_WAIT=${QUIET_WAIT:-900}
. bench/common.sh
bench_build bench/recommend/ServeLoad.java

WORK=${KEEP:-$(mktemp -d /tmp/bench-serve.XXXX)}
mkdir -p "$WORK"
NODE_PID=
stop_node() {
  [ -n "$NODE_PID" ] || return 0
  kill -TERM "$NODE_PID" 2>/dev/null || true
  wait "$NODE_PID" 2>/dev/null || true
  NODE_PID=
}
trap 'stop_node; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT

# shellcheck disable=SC2086
REELAY_HTTP_PORT=0 REELAY_RTMP_PORT=0 REELAY_SRT_PORT=0 REELAY_HTTP_HOST=127.0.0.1 REELAY_DATA_DIR="$WORK/data" \
  REELAY_ADMIN_PASSWORD=bench-admin-pw java ${NODE_OPTS:-} -jar "${JAR:-target/reelay.jar}" > "$WORK/node.log" 2>&1 &
NODE_PID=$!
for _ in $(seq 1 240); do grep -q '^reelay ready ' "$WORK/node.log" && break; sleep 0.5; done
URL=$(grep '^reelay ready ' "$WORK/node.log" | awk '{print $3}')
[ -n "$URL" ] || { cat "$WORK/node.log"; exit 1; }
svc() { grep -o "$1=.*" "$WORK/node.log" | head -1 | cut -d= -f2-; }
REDIS_PID=$(pgrep -P "$NODE_PID" redis-server | head -1 || true)
echo "node $NODE_PID (redis-server ${REDIS_PID:-?}) at $URL; $(java -version 2>&1 | head -1); $(nproc) cores;" \
  "profile consumers ${REELAY_PROFILE_INSTANCES:-1}"
wait_quiet
# shellcheck disable=SC2086
java -cp "$CP" ServeLoad --url "$URL" --pg "$(svc REELAY_PG_URL)" --redis "$(svc REELAY_REDIS_URL)" \
  --kafka "$(svc REELAY_KAFKA_BOOTSTRAP)" --node-pid "$NODE_PID" --redis-pid "${REDIS_PID:-0}" ${LOAD_OPTS:-} 2>&1 \
  | grep -Ev 'SLF4J|^\s*$'
