#!/usr/bin/env bash
# Online recommendation figures (issue 6): profile-builder throughput, serving latency, freshness; one in-process
# node with embedded PostgreSQL/Redis/Kafka (bench/recommend/OnlineLoad.java says what each phase does).
# Usage: bench/recommend/online.sh   JAVA_OPTS="-Dusers=3000 -Dwatches=12 -Drequests=5000 -Dconcurrency=4 -Dprobes=200 -Druns=3"
#        REELAY_PROFILE_INSTANCES=2 (consumers on the node; default 1)
# Waits (up to QUIET_WAIT s, 900) for a nearly idle machine first: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/../.."
QUIET_WAIT=${QUIET_WAIT:-900}
. bench/common.sh
bench_build bench/recommend/OnlineLoad.java
wait_quiet
# shellcheck disable=SC2086
java -Xmx1g ${JAVA_OPTS:-} -cp "$CP" OnlineLoad 2>&1 | grep -E '^(throughput|latency|freshness|MEDIAN)|Exception'
