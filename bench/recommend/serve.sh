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

trap 'stop_node; [ -n "${KEEP:-}" ] || rm -rf "${WORK:-}"' EXIT
start_node
svc() { grep -o "$1=.*" "$WORK/node.log" | head -1 | cut -d= -f2-; }
REDIS_PID=$(pgrep -P "$NODE_PID" redis-server | head -1 || true)
echo "node $NODE_PID (redis-server ${REDIS_PID:-?}) at $URL; $(java -version 2>&1 | head -1); $(nproc) cores;" \
  "profile consumers ${REELAY_PROFILE_INSTANCES:-1}"
wait_quiet
# shellcheck disable=SC2086
java -cp "$CP" ServeLoad --url "$URL" --pg "$(svc REELAY_PG_URL)" --redis "$(svc REELAY_REDIS_URL)" \
  --kafka "$(svc REELAY_KAFKA_BOOTSTRAP)" --node-pid "$NODE_PID" --redis-pid "${REDIS_PID:-0}" ${LOAD_OPTS:-} 2>&1 \
  | grep -Ev 'SLF4J|^\s*$'
