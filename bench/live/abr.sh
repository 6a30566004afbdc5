#!/usr/bin/env bash
# Live ABR cost (issue 9): one live stream's 1080p30 video (the density bench's FLV: x264 4 Mb/s, keyframe every
# 2 s) through the ladder a node runs with liveAbr on: decoded once, scaled and encoded to 720p/480p/360p with x264
# (veryfast, zerolatency, IDRs at the source's keyframes), by AbrBench.java (LiveLadder, the node's code).
#   paced: fed at real time: CPU per live stream (% of one core; this process, JIT and GC included)
#   flat:  fed as fast as it goes: speed as a multiple of real time (and the CPU it takes to go that fast)
# Usage: bench/live/abr.sh   RUNS=n (3)  THREADS=x264 threads per rung (0: x264's choice, as the node)  FLV=file
# Medians of the runs. Waits for a quiet machine before each run (QUIET_WAIT s, 600).
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/common.sh
RUNS=${RUNS:-3}; THREADS=${THREADS:-0}; QUIET_WAIT=${QUIET_WAIT:-600}
FLV=${FLV:-target/bench-live/source-1080p30-4M.flv}
live_source_flv "$FLV"
bench_build bench/live/AbrBench.java
echo "$(java -version 2>&1 | head -1); $(nproc) cores; x264 threads per rung $THREADS; $FLV"
for mode in paced flat; do
  lines=()
  for run in $(seq 1 "$RUNS"); do
    wait_quiet
    line=$(java -cp "$CP" AbrBench --flv "$FLV" --mode "$mode" --threads "$THREADS" 2>/dev/null | tail -1)
    echo "run $run: $line"
    lines+=("$line")
  done
  speed=$(printf '%s\n' "${lines[@]}" | sed -n 's/.*speed=\([0-9.]*\)x.*/\1/p' | median 3)
  cpu=$(printf '%s\n' "${lines[@]}" | sed -n 's/.* cpu=\([0-9]*\)%.*/\1/p' | median 3)
  per=$(printf '%s\n' "${lines[@]}" | sed -n 's/.* cpu\/media=\([0-9.]*\).*/\1/p' | median 3)
  echo "median $mode: speed ${speed}x real time, CPU ${cpu}% of one core, ${per} CPU s per media s"
done
