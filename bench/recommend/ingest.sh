#!/usr/bin/env bash
# Event ingestion (issue 6, item 1): one node (java -jar target/reelay.jar, embedded PostgreSQL/Redis/Kafka,
# default settings: 2 HTTP event loops) and the load generator (IngestLoad.java) in a JVM of its own on the same
# machine. Closed loops POST batches of 50 and of 500 events to /api/events, the next as soon as the 202 came; each
# 202 means Kafka acknowledged (acks=all) every event of the batch. 16 loops measure throughput (latency is then
# mostly queueing: Little's law), 1 loop the latency of a POST on an otherwise idle node. Per run: accepted
# events/s, POST latency p50/p99, CPU. Each (batch, loops) pair runs RUNS times (3); every run's line is printed,
# then the medians.
# Usage: bench/recommend/ingest.sh   RUNS=n BATCHES="50 500" CONCURRENCIES="16 1" WARMUP=s MEASURE=s (10/20)
#        KEEP=dir keeps the node log and the run lines
# The machine is shared: before each run the script waits (up to QUIET_WAIT s, 900) for it to be nearly idle; a
# run during which other processes used more than MAX_OTHERS % CPU (15, of 200) is repeated (up to RETRIES, 2).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
BATCHES=${BATCHES:-"50 500"}
CONCURRENCIES=${CONCURRENCIES:-"16 1"}
WARMUP=${WARMUP:-10}
MEASURE=${MEASURE:-20}
QUIET_WAIT=${QUIET_WAIT:-900}
MAX_OTHERS=${MAX_OTHERS:-15}
RETRIES=${RETRIES:-2}

. bench/common.sh
bench_build bench/recommend/IngestLoad.java

trap 'stop_node; [ -n "${KEEP:-}" ] || rm -rf "${WORK:-}"' EXIT
start_node
echo "node $NODE_PID at $URL; $(java -version 2>&1 | head -1); $(nproc) cores"

load() { java -cp "$CP" IngestLoad --url "$URL" --node-pid "$NODE_PID" "$@" 2>>"$WORK/load.log"; }

# JIT warm-up, not counted.
echo "warm-up (not counted): $(load --batch 50 --concurrency 16 --warmup-seconds 5 --measure-seconds 10)"
: > "$WORK/lines"
for run in $(seq 1 "$RUNS"); do
  for pair in $(for b in $BATCHES; do for c in $CONCURRENCIES; do echo "$b/$c"; done; done); do
    for attempt in $(seq 0 "$RETRIES"); do
      wait_quiet
      line=$(load --batch "${pair%/*}" --concurrency "${pair#*/}" --warmup-seconds "$WARMUP" --measure-seconds "$MEASURE")
      others=$(echo "$line" | grep -o 'others_cpu_pct=[0-9]*' | cut -d= -f2 || true)
      if [ "${others:-0}" -le "$MAX_OTHERS" ] || [ "$attempt" = "$RETRIES" ]; then break; fi
      echo "disturbed run=$run $line"
    done
    echo "run=$run $line" | tee -a "$WORK/lines"
  done
done

field() { grep " batch=${1%/*} concurrency=${1#*/} " "$WORK/lines" | grep -o " $2=[^ ]*" | cut -d= -f2; }
all() { tr '\n' ' ' | sed 's/ $//'; }
echo
echo "medians of $RUNS runs (${MEASURE} s windows after ${WARMUP} s); per run in brackets"
for batch in $(for b in $BATCHES; do for c in $CONCURRENCIES; do echo "$b/$c"; done; done); do
  echo "batch/loops $batch: events/s $(field "$batch" events_per_s | median 6) [$(field "$batch" events_per_s | all)]," \
    "POST p50 $(field "$batch" p50_ms | median 3) ms [$(field "$batch" p50_ms | all)]," \
    "p99 $(field "$batch" p99_ms | median 3) ms [$(field "$batch" p99_ms | all)]," \
    "non-202 [$(field "$batch" non_202 | all)], node CPU % [$(field "$batch" node_cpu_pct | all)]," \
    "others % [$(field "$batch" others_cpu_pct | all)]"
done
