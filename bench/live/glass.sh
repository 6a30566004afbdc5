#!/usr/bin/env bash
# Glass-to-glass latency of live LL-HLS in a real player: hls.js (lowLatencyMode) in headless Chromium.
# Usage: bench/live/glass.sh   (build first: mvn -q -DskipTests package)
# One node from target/reelay.jar; per run a fresh stream, published by the ffmpeg CLI (720p30 testsrc2 + tone,
# x264 veryfast zerolatency, 1 s GOP, 2 Mb/s) with the wall clock burnt into the top rows as a 24-bit barcode
# (ms since EPOCH, stamped by setpts=RTCTIME as ffmpeg takes the frame); glass.html plays the playlist and
# samples every 500 ms, after WARMUP s of playback, for MEASURE s:
#   PDT latency = Date.now() - hls.playingDate   (frame arrived at the server -> shown)
#   glass       = display time of the frame (requestVideoFrameCallback) - the barcode   (made by ffmpeg -> shown)
# The difference of the two is ffmpeg's encode + FLV/RTMP send. Also hls.latency, hls.targetLatency, playback
# rate, waiting events, hls.js errors (with details), and how the playlist / parts were requested.
# Installs chromium (apt) and hls.js@1 (npm, into target/glass) when missing.
# The player joins JOIN_AFTER (5) s after the stream's first part, as a viewer of a stream already on air.
# RUNS (3), WARMUP (10), MEASURE (60), CATCHUP (1: hls.js's maxLiveSyncPlaybackRate), GRACE_MILLIS (900000: the
# node's liveReconnectGraceMillis, see below), KEEP=dir keeps the files.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
HERE=$ROOT/bench/live
JAR=$ROOT/target/reelay.jar
RUNS=${RUNS:-3}; JOIN_AFTER=${JOIN_AFTER:-5}; WARMUP=${WARMUP:-10}; MEASURE=${MEASURE:-60}; CATCHUP=${CATCHUP:-1}
WORK=${KEEP:-$(mktemp -d)}; mkdir -p "$WORK"
[ -f "$JAR" ] || { echo "build first: mvn -q -DskipTests package" >&2; exit 1; }

if ! command -v chromium >/dev/null; then
  echo "installing chromium (apt-get)"; DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null
fi
HLS_JS=$ROOT/target/glass/node_modules/hls.js/dist/hls.js
if [ ! -f "$HLS_JS" ]; then
  echo "installing hls.js@1 (npm) into target/glass"; npm install --silent --prefix "$ROOT/target/glass" hls.js@1 >/dev/null
fi

pids=()   # process-group leaders we started (setsid)
cleanup() {
  for p in "${pids[@]}"; do kill -TERM -- "-$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$p" 2>/dev/null || true
  done
  [ -n "${KEEP:-}" ] || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
start_group() { setsid "$@" & pids+=($!); }
stop_group() { kill -TERM -- "-$1" 2>/dev/null || true; for _ in $(seq 1 50); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; kill -KILL -- "-$1" 2>/dev/null || true; }

# --- the node
mkdir -p "$WORK/data"
# A broadcast whose publisher left ends after the reconnect grace, and its recording is then transcoded into the
# VOD ladder by this node: with the default grace (30 s) run n+1 would share the 2 cores with the transcode of
# run n. A grace longer than the script keeps every broadcast open until the node stops.
REELAY_HTTP_PORT=0 REELAY_RTMP_PORT=0 REELAY_SRT_PORT=0 REELAY_HTTP_HOST=127.0.0.1 REELAY_DATA_DIR="$WORK/data" \
  REELAY_LIVE_RECONNECT_GRACE_MILLIS=${GRACE_MILLIS:-900000} REELAY_ADMIN_PASSWORD=bench-password start_group java -jar "$JAR" >"$WORK/node.out" 2>"$WORK/node.err"
node_pid=${pids[-1]}
until grep -q '^reelay ready' "$WORK/node.out"; do
  kill -0 "$node_pid" 2>/dev/null || { echo "node died"; tail -20 "$WORK/node.err"; exit 1; }
  sleep 0.2
done
BASE=$(grep -o '^reelay ready http://[^ ]*' "$WORK/node.out" | awk '{print $3}')
echo "node $BASE (pid $node_pid)"
json() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }
TOKEN=$(curl -sf -X POST "$BASE/api/auth/register" -H 'Content-Type: application/json' \
  -d '{"username":"glass'$$'","password":"glass-password-1"}' | json "['token']")

# --- the page server
start_group python3 "$HERE/glass.py" serve "$WORK/page.port" "$WORK" "$HLS_JS"
until [ -s "$WORK/page.port" ]; do sleep 0.1; done
PAGE=http://127.0.0.1:$(cat "$WORK/page.port")

# --- the barcode: 24 boxes of 32x32 on a black strip, bit i white when (ms since EPOCH) has bit i set
EPOCH=$(( $(date +%s) - 10 ))
VF="settb=1/1000,setpts='floor((RTCTIME-${EPOCH}000000)/1000)',drawbox=x=0:y=0:w=968:h=48:color=black:t=fill"
for i in $(seq 0 23); do
  VF+=",drawbox=x=$((8 + i * 40)):y=8:w=32:h=32:color=white:t=fill:enable='gt(bitand(floor(t*1000+0.5),$((1 << i))),0)'"
done
VF+=",settb=1/30,setpts=N"

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
machine() { awk '/^cpu /{print $2+$3+$4+$6+$7+$8, $2+$3+$4+$5+$6+$7+$8}' /proc/stat; }
tree_ticks() {  # CPU ticks of a process group
  local sum=0 p
  for p in $(pgrep -g "$1" 2>/dev/null); do sum=$(( sum + $(cpu_ticks "$p") )); done
  echo "$sum"
}
HZ=$(getconf CLK_TCK)

runs=()
for run in $(seq 1 "$RUNS"); do
  name=run$run
  created=$(curl -sf -X POST "$BASE/api/streams" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"title\":\"glass $run\"}")
  id=$(echo "$created" | json "['id']"); rtmp=$(echo "$created" | json "['rtmpUrl']")
  src="$BASE/live/$id/index.m3u8"
  start_group ffmpeg -hide_banner -nostats -loglevel warning -re \
    -f lavfi -i testsrc2=size=1280x720:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 \
    -vf "$VF" -c:v libx264 -preset veryfast -tune zerolatency -g 30 -keyint_min 30 -sc_threshold 0 -b:v 2M \
    -pix_fmt yuv420p -c:a aac -b:a 128k -f flv "$rtmp" >"$WORK/$name.ffmpeg" 2>&1
  ff_pid=${pids[-1]}
  for _ in $(seq 1 150); do curl -sf "$src" 2>/dev/null | grep -q EXT-X-PART && break; sleep 0.2; done
  sleep "$JOIN_AFTER"
  read -r m_busy0 m_all0 < <(machine); n0=$(cpu_ticks "$node_pid"); f0=$(tree_ticks "$ff_pid")
  load0=$(cut -d' ' -f1 /proc/loadavg)
  start_group chromium --headless=new --no-sandbox --autoplay-policy=no-user-gesture-required --mute-audio \
    --no-first-run --no-default-browser-check --disable-background-media-suspend \
    --disable-background-timer-throttling --disable-renderer-backgrounding \
    --user-data-dir="$WORK/chrome-$name" --remote-debugging-port=0 \
    "$PAGE/glass.html?run=$name&warmup=$WARMUP&measure=$MEASURE&epoch=$EPOCH&catchup=$CATCHUP&src=$(
      python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$src")" \
    >"$WORK/$name.chrome" 2>&1
  ch_pid=${pids[-1]}
  deadline=$(( $(date +%s) + WARMUP + MEASURE + 60 ))
  mid=$(( $(date +%s) + WARMUP + MEASURE / 2 ))
  while [ ! -f "$WORK/$name.json" ] && [ "$(date +%s)" -lt "$deadline" ]; do
    if [ -n "$mid" ] && [ "$(date +%s)" -ge "$mid" ]; then
      curl -s "$src" >"$WORK/$name.playlist.m3u8" || true; mid=
    fi
    kill -0 "$ff_pid" 2>/dev/null || { echo "$name: ffmpeg exited"; tail -5 "$WORK/$name.ffmpeg"; break; }
    sleep 1
  done
  read -r m_busy1 m_all1 < <(machine); n1=$(cpu_ticks "$node_pid"); f1=$(tree_ticks "$ff_pid"); c1=$(tree_ticks "$ch_pid")
  load1=$(cut -d' ' -f1 /proc/loadavg)
  stop_group "$ch_pid"; stop_group "$ff_pid"
  secs=$(( (m_all1 - m_all0) / 2 )); [ "$secs" -gt 0 ] || secs=1   # all-CPU ticks / 2 cores = elapsed ticks
  echo "$name: stream $id; machine busy $(( 100 * (m_busy1 - m_busy0) / (m_all1 - m_all0) ))% of 2 cores" \
    "(node $(( 100 * (n1 - n0) / secs ))%, ffmpeg $(( 100 * (f1 - f0) / secs ))%, chromium ~$(( 100 * c1 / secs ))%" \
    "of one core); load average $load0 -> $load1" | tee "$WORK/$name.cpu"
  runs+=("$name")
  sleep 3
done

echo
python3 "$HERE/glass.py" report "$WORK" "${runs[@]}"
echo "node metrics: $(curl -s "$BASE/metrics" | grep -E '^reelay_live_(segments_forced|timestamps_repaired|timeline_breaks|publishers_refused)' | tr '\n' ' ')"
warn=$(grep -cE ' (WARN|ERROR) ' "$WORK/node.err" || true)
echo "node log: $warn WARN/ERROR lines${KEEP:+ (in $WORK/node.err)}"
[ -z "${KEEP:-}" ] || echo "files kept in $WORK"
