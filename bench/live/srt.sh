#!/usr/bin/env bash
# Live ingest over SRT (issue 9): bench/live/run.sh with SRT callers (SrtLoad.java) instead of RTMP publishers;
# same node, source frames, watchers, verdicts and summary, plus SRT loss/retransmission/drop counters and the
# node's reelay_srt_delivery_lateness. Defaults for the 2-core machine: DENSITY="50 100 150". Every run.sh
# variable applies (RUNS, WARMUP, MEASURE, SAMPLE_EVERY, STAGGER, SCENARIOS, KEEP, SRT_LATENCY, TS=file).
# For the RTMP figures at the same N: DENSITY="..." bench/live/run.sh.
set -euo pipefail
DENSITY=${DENSITY:-"50 100 150"} PROTOCOL=srt exec "$(dirname "$0")/run.sh" "$@"
