#!/usr/bin/env bash
# Live ingest figures. Each run starts a fresh node (java -jar target/reelay.jar, default JVM flags and live
# settings: 200 ms parts, 1 s segments, 2 RTMP instances; its data dir copied from a template made once, so the
# start is a restart and no broadcast of an earlier run is left to end, be recorded and transcoded), and
# measures it with the load generator (LiveLoad.java, its own JVM, same machine):
#   latency  1 publisher, watched: server part delay (the node's metric), part/segment listed - last frame sent
#   density  N publishers (DENSITY, increasing; stops after the first N that fails), every SAMPLE_EVERY-th
#            watched: publishers behind real time, frames missing from the playlists, part intervals, latency,
#            CPU of node / services / generator / others, heap per stream (used heap after a full GC with the N
#            streams live minus before they started, / N)
# Every publisher replays one pre-encoded FLV (1920x1080 30 fps x264 4 Mb/s, keyframe every 2 s, AAC 128k 48 kHz
# stereo), made once with ffmpeg from testsrc2 + sine and kept (FLV=file, default target/bench-live/).
# PROTOCOL=srt: the publishers are SRT callers instead (SrtLoad.java + SrtCaller.java, SRT_LATENCY ms, 120) replaying
# the same FLV remuxed to MPEG-TS (ffmpeg -c copy, once: TS=file); the same figures, plus SRT loss / retransmissions /
# drops and the node's reelay_srt_delivery_lateness (TSBPD due time -> delivered). bench/live/srt.sh runs it.
# Usage: bench/live/run.sh   RUNS=n (3)  DENSITY="50 100 200 300"  WARMUP=s MEASURE=s (20/30)  SAMPLE_EVERY=k (10)
#        STAGGER=s (5)  SCENARIOS="latency density"  KEEP=dir (node logs, run lines, the FLV)  PROTOCOL=rtmp|srt
# The machine is shared: before each run the script waits (up to QUIET_WAIT s, 600) until the machine is nearly
# idle; a run in which other processes used more than MAX_OTHERS % CPU (15, of 200) is printed as "disturbed",
# left out of the medians and repeated (up to RETRIES times, 1).
# A density N "holds" when, in most of its runs: no publisher fell > 1 s behind real time, none was refused or
# disconnected, no frame is missing from the watched playlists, and no part was listed > 600 ms after the one
# before it (3 x the part target).
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
DENSITY=${DENSITY:-"50 100 200 300"}
SCENARIOS=${SCENARIOS:-"latency density"}
WARMUP=${WARMUP:-20}
MEASURE=${MEASURE:-30}
SAMPLE_EVERY=${SAMPLE_EVERY:-10}
STAGGER=${STAGGER:-5}
QUIET_WAIT=${QUIET_WAIT:-600}
MAX_OTHERS=${MAX_OTHERS:-15}
RETRIES=${RETRIES:-1}
PROTOCOL=${PROTOCOL:-rtmp}
SRT_LATENCY=${SRT_LATENCY:-120}

. bench/common.sh
case $PROTOCOL in
  rtmp) bench_build bench/live/LiveLoad.java ;;
  srt) bench_build bench/live/SrtLoad.java bench/live/SrtCaller.java bench/live/LiveLoad.java ;;
  *) echo "PROTOCOL: rtmp or srt" >&2; exit 2 ;;
esac
ulimit -n "$(ulimit -Hn)"

WORK=${KEEP:-$(mktemp -d /tmp/bench-live.XXXX)}
mkdir -p "$WORK"
FLV=${FLV:-target/bench-live/source-1080p30-4M.flv}
live_source_flv "$FLV"
TS=${TS:-${FLV%.flv}.ts}
if [ "$PROTOCOL" = srt ] && [ ! -f "$TS" ]; then # the same frames; one AAC frame per PES (no audio held back)
  echo "remuxing $FLV to $TS (once)"
  ffmpeg -hide_banner -loglevel error -y -i "$FLV" -c copy -pes_payload_size 0 -f mpegts "$TS.tmp"
  mv "$TS.tmp" "$TS"
fi
if [ "$PROTOCOL" = srt ]; then
  GEN=(SrtLoad --ts "$TS" --latency-ms "$SRT_LATENCY")
else
  GEN=(LiveLoad --flv "$FLV")
fi

NODE_PID= GEN_PID=
stop_gen() { [ -n "$GEN_PID" ] || return 0; kill "$GEN_PID" 2>/dev/null || true; wait "$GEN_PID" 2>/dev/null || true; GEN_PID=; }
stop_node() { # SIGTERM: the node ends its broadcasts and stops its embedded services itself
  [ -n "$NODE_PID" ] || return 0
  kill -TERM "$NODE_PID" 2>/dev/null || true
  for _ in $(seq 1 120); do kill -0 "$NODE_PID" 2>/dev/null || break; sleep 0.5; done
  kill -KILL "$NODE_PID" 2>/dev/null || true
  wait "$NODE_PID" 2>/dev/null || true
  NODE_PID=
}
trap 'stop_gen; stop_node; rm -rf "$WORK/run-data"; [ -n "${KEEP:-}" ] || rm -rf "$WORK"' EXIT

start_node() { # $1: data dir; sets NODE_PID and URL
  REELAY_HTTP_PORT=0 REELAY_RTMP_PORT=0 REELAY_SRT_PORT=0 REELAY_HTTP_HOST=127.0.0.1 REELAY_DATA_DIR="$1" REELAY_ADMIN_PASSWORD=bench-admin-pw \
    java -jar target/reelay.jar > "$WORK/node.log" 2>&1 &
  NODE_PID=$!
  for _ in $(seq 1 240); do grep -qs "^reelay ready " "$WORK/node.log" && break; sleep 0.5; done
  URL=$(grep '^reelay ready ' "$WORK/node.log" | awk '{print $3}')
  [ -n "$URL" ] || { cat "$WORK/node.log"; exit 1; }
}
heap_kb() { # used heap after a full GC
  jcmd "$NODE_PID" GC.run >/dev/null
  jcmd "$NODE_PID" GC.heap_info | grep -oE 'used [0-9]+K' | head -1 | grep -oE '[0-9]+'
}

# A template data dir: the first start (initdb, Kafka format) once; every run starts from a copy of it.
if [ ! -d "$WORK/template" ]; then
  start_node "$WORK/template"
  stop_node
fi
echo "$(java -version 2>&1 | head -1); $(nproc) cores; protocol $PROTOCOL; ${GEN[2]} (\
$(du -k "${GEN[2]}" | cut -f1) KB);" \
  "warm-up ${WARMUP} s + ${STAGGER} s stagger, measure ${MEASURE} s; REELAY_* set: $(env | grep -o '^REELAY_[A-Z_]*=[^ ]*' | tr '\n' ' ')"

one_run() { # $1: publishers, $2: sample-every; writes one line to $WORK/line
  local n=$1 every=$2 base with out line
  rm -rf "$WORK/run-data"; cp -a "$WORK/template" "$WORK/run-data"
  start_node "$WORK/run-data"
  sleep 5; base=$(heap_kb)
  out="$WORK/gen.out"; : > "$out"
  java -cp "$CP" "${GEN[@]}" --url "$URL" --node-pid "$NODE_PID" --publishers "$n" \
    --sample-every "$every" --stagger-seconds "$STAGGER" --warmup-seconds "$WARMUP" --measure-seconds "$MEASURE" \
    --linger-seconds 300 > "$out" 2>>"$WORK/gen.log" &
  GEN_PID=$!
  for _ in $(seq 1 $(( (WARMUP + MEASURE + STAGGER + 120) * 2 ))); do grep -q '^lingering' "$out" && break; sleep 0.5; done
  line=$(grep '^publishers=' "$out" || echo "publishers=$n failed=1")
  with=$(heap_kb)   # the N streams still live: the generator keeps publishing until it is stopped
  stop_gen
  stop_node
  grep -E 'WARN|ERROR' "$WORK/node.log" | grep -v -i kafka | tail -5 >> "$WORK/node-warnings" || true
  echo "$line heap_base_kb=$base heap_live_kb=$with heap_per_stream_kb=$(( (with - base) / n ))" > "$WORK/line"
}

: > "$WORK/lines"
measure() { # $1: scenario name, $2: publishers, $3: sample-every
  local run attempt started line others
  for run in $(seq 1 "$RUNS"); do
    for attempt in $(seq 0 "$RETRIES"); do
      wait_quiet
      started=$(date -u +%H:%M:%S)
      one_run "$2" "$3"   # not in $(...): the EXIT trap must see NODE_PID and GEN_PID
      line=$(cat "$WORK/line")
      others=$(echo "$line" | grep -o ' others_cpu_pct=[0-9]*' | cut -d= -f2 || true)
      if [ "${others:-0}" -le "$MAX_OTHERS" ] || [ "$attempt" = "$RETRIES" ]; then break; fi
      echo "disturbed scenario=$1 n=$2 run=$run start=$started $line" | tee -a "$WORK/disturbed"
    done
    [ "${others:-0}" -le "$MAX_OTHERS" ] || line="$line disturbed=1"
    echo "scenario=$1 n=$2 run=$run start=$started $line" | tee -a "$WORK/lines"
  done
}
holds() { # most runs of n held every condition; else prints what failed
  grep " scenario=density n=$1 " <(sed 's/^/ /' "$WORK/lines") | awk '{
    fail = ""
    for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    if (v["publishers_behind_1s"] > 0) fail = fail "behind,"
    if (v["publish_failures"] > 0 || v["disconnects"] > 0 || v["failed"] == 1) fail = fail "refused/disconnected,"
    if (v["frames_missing"] != 0 || v["timeline_gaps"] > 0) fail = fail "frames_missing,"
    if (v["parts_late_600ms"] > 0) fail = fail "parts_late,"
    if (fail == "") ok++; else fails = fails " run" NR ":" fail
    } END { if (ok * 2 > NR) print "holds"; else print "fails" fails }'
}

for scenario in $SCENARIOS; do
  case $scenario in
    latency) measure latency 1 1 ;;
    density)
      for n in $DENSITY; do
        measure density "$n" "$SAMPLE_EVERY"
        verdict=$(holds "$n")
        echo "n=$n: $verdict" | tee -a "$WORK/verdicts"
        [ "${verdict%% *}" = holds ] || break
      done ;;
  esac
done

field() { # the undisturbed runs' values; all runs' if every run was disturbed (the summary says so)
  local runs; runs=$(grep "^scenario=$1 n=$2 " "$WORK/lines")
  echo "$runs" | grep -q -v ' disturbed=1' && runs=$(echo "$runs" | grep -v ' disturbed=1')
  echo "$runs" | grep -o " $3=[^ ]*" | cut -d= -f2
}
all() { tr '\n' ' ' | sed 's/ $//'; }
m() { echo "$(field "$1" "$2" "$3" | median 4) [$(field "$1" "$2" "$3" | all)]"; }
echo
echo "medians of the undisturbed runs (window ${MEASURE} s after ${WARMUP} s warm-up); per run in brackets"
for key in $(cut -d' ' -f1,2 "$WORK/lines" | sort -u -t= -k3 -n | tr ' ' '|'); do
  s=${key%%|*}; s=${s#scenario=}; n=${key##*=}
  echo "$s n=$n:$(grep "^scenario=$s n=$n " "$WORK/lines" | grep -q -v ' disturbed=1' || echo ' (every run disturbed: all runs shown)')"
  echo "  publishers behind >1 s $(m "$s" "$n" publishers_behind_1s), max behind $(m "$s" "$n" behind_max_ms) ms," \
    "refused $(m "$s" "$n" publish_failures), disconnected $(m "$s" "$n" disconnects)"
  echo "  watched $(m "$s" "$n" watched): frames sent in the span $(m "$s" "$n" frames_expected), listed $(m "$s" "$n" frames_listed)," \
    "missing $(m "$s" "$n" frames_missing), timeline gaps $(m "$s" "$n" timeline_gaps)"
  echo "  part interval p50 $(m "$s" "$n" part_interval_p50_ms) ms, p99 $(m "$s" "$n" part_interval_p99_ms) ms," \
    "max $(m "$s" "$n" part_interval_max_ms) ms, parts > 600 ms $(m "$s" "$n" parts_late_600ms) of $(m "$s" "$n" parts)"
  echo "  client: part listed - last frame sent p50 $(m "$s" "$n" part_latency_p50_ms) ms, p99 $(m "$s" "$n" part_latency_p99_ms) ms;" \
    "segment p50 $(m "$s" "$n" seg_latency_p50_ms) ms, p99 $(m "$s" "$n" seg_latency_p99_ms) ms"
  echo "  probe (plain playlist GET) p50 $(m "$s" "$n" probe_p50_ms) ms, p99 $(m "$s" "$n" probe_p99_ms) ms, max $(m "$s" "$n" probe_max_ms) ms"
  echo "  server reelay_live_part_delay p50 $(m "$s" "$n" server_part_delay_p50_ms) ms, p99 $(m "$s" "$n" server_part_delay_p99_ms) ms," \
    "mean in window $(m "$s" "$n" server_part_delay_mean_ms) ms; forced segments $(m "$s" "$n" segments_forced); PART-HOLD-BACK $(m "$s" "$n" part_hold_back_s) s"
  echo "  CPU node $(m "$s" "$n" node_cpu_pct)% (per stream $(m "$s" "$n" node_cpu_per_stream_pct)%), services $(m "$s" "$n" node_services_cpu_pct)%," \
    "generator $(m "$s" "$n" gen_cpu_pct)%, others $(m "$s" "$n" others_cpu_pct)% (100% = one core)"
  echo "  heap per stream $(m "$s" "$n" heap_per_stream_kb) KB (base $(m "$s" "$n" heap_base_kb) KB, live $(m "$s" "$n" heap_live_kb) KB)"
  [ "$PROTOCOL" = srt ] || continue
  echo "  SRT (latency $SRT_LATENCY ms): node lost $(m "$s" "$n" srt_lost), retransmitted $(m "$s" "$n" srt_retransmitted)," \
    "dropped $(m "$s" "$n" srt_dropped) in the window (of $(m "$s" "$n" srt_received) received; since start: lost" \
    "$(m "$s" "$n" srt_lost_total), dropped $(m "$s" "$n" srt_dropped_total)); callers resent $(m "$s" "$n" caller_retransmitted)," \
    "$(m "$s" "$n" datagrams_sent_per_s) datagrams/s; max RTT $(m "$s" "$n" srt_rtt_max_ms) ms"
  echo "  SRT delivery lateness (delivered - TSBPD due) p50 $(m "$s" "$n" srt_lateness_p50_ms) ms, p99 $(m "$s" "$n" srt_lateness_p99_ms) ms," \
    "max $(m "$s" "$n" srt_lateness_max_ms) ms, mean in window $(m "$s" "$n" srt_lateness_mean_ms) ms"
done
[ ! -f "$WORK/verdicts" ] || { echo; cat "$WORK/verdicts"; }
[ ! -f "$WORK/disturbed" ] || { echo; echo "disturbed runs (repeated):"; cat "$WORK/disturbed"; }
