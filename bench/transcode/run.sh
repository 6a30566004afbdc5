#!/usr/bin/env bash
# Transcoding figures (issue 4): a 60 s 1080p30 clip with audio, transcoded to the HLS ladder (1080p, 720p,
# 480p, 360p + poster + storyboard) by Reelay's Transcoder and, in the same run, by the Debian ffmpeg CLI doing
# the identical ladder in one process (one decode, split + scale per rung, same x264/AAC/HLS settings).
# Then two Reelay jobs at once vs one after the other. Medians of RUNS runs (default 3). CPU time (user + system)
# is printed beside wall time: on a shared machine it is the steadier figure of the work each side does.
# Usage: bench/transcode/run.sh     THREADS=n: x264 threads per rendition for Reelay (default 0 = auto);
#                                   TWO_JOBS=0 skips the two-jobs part; RUNS=n runs per figure
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-3}
THREADS=${THREADS:-0}
TWO_JOBS=${TWO_JOBS:-1}
command -v ffmpeg >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ffmpeg >/dev/null; }
command -v /usr/bin/time >/dev/null || { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
mvn -o -q compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
CP="target/classes:$(cat target/bench-cp.txt)"
WORK=$(mktemp -d -p "${BENCH_DIR:-$PWD}" .bench-transcode.XXXX)
trap 'rm -rf "$WORK"' EXIT

SRC="$WORK/src.mp4"
ffmpeg -hide_banner -loglevel error -f lavfi -i testsrc2=size=1920x1080:rate=30 -f lavfi -i sine=frequency=440:sample_rate=48000 \
  -t 60 -c:v libx264 -preset veryfast -b:v 8M -maxrate 8M -bufsize 16M -g 60 -pix_fmt yuv420p -c:a aac -b:a 192k -ac 2 "$SRC"

# The CLI's ladder: what Ladder.plan gives this source (30 fps: 6/3/1.5/1 Mb/s), VideoEncoder's VBV (maxrate
# 1.5x, buffer 2 s) and x264 options, AAC 128k stereo, HlsWriter's muxer options.
cli() {
  local out=$1 args=() i=0
  for rung in "1080p 1920 1080 6000" "720p 1280 720 3000" "480p 854 480 1500" "360p 640 360 1000"; do
    set -- $rung
    mkdir -p "$out/$1"
    args+=(-map "[v$i]" -map 0:a -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p -fps_mode cfr
      -b:v "${4}k" -maxrate "$(($4 * 3 / 2))k" -bufsize "$(($4 * 2))k" -g 60 -keyint_min 60
      -x264-params keyint=60:min-keyint=60:scenecut=0 -c:a aac -b:a 128k -ac 2
      -f hls -hls_time 4 -hls_playlist_type vod -hls_segment_type fmp4 -hls_fmp4_init_filename init.mp4
      -hls_segment_filename "$out/$1/seg_%05d.m4s" -start_number 1 -hls_flags independent_segments "$out/$1/index.m3u8")
    i=$((i + 1))
  done
  /usr/bin/time -f "wall=%e cpu=%U+%S rss=%M" ffmpeg -hide_banner -loglevel error -y -i "$SRC" -filter_complex \
    "[0:v]split=4[s0][s1][s2][s3];[s0]scale=1920:1080[v0];[s1]scale=1280:720[v1];[s2]scale=854:480[v2];[s3]scale=640:360[v3]" \
    "${args[@]}" 2>&1 | tail -1 | awk '{split($2,c,"[=+]"); split($3,r,"="); printf "%s cpu=%.2f rss=%d\n", $1, c[2]+c[3], r[2]/1024}'
}
reelay() { java -cp "$CP" bench/transcode/TranscodeBench.java "$SRC" "$1" "$2" "$3" "$THREADS" 2>/dev/null; }

: > "$WORK/reelay"; : > "$WORK/cli"; : > "$WORK/par"; : > "$WORK/seq"
for run in $(seq 1 "$RUNS"); do
  reelay "$WORK/r$run" 1 1 >> "$WORK/reelay"; rm -rf "$WORK/r$run"
  cli "$WORK/c$run" >> "$WORK/cli"; rm -rf "$WORK/c$run"
  [ "$TWO_JOBS" = 1 ] || continue
  reelay "$WORK/p$run" 2 2 >> "$WORK/par"; rm -rf "$WORK/p$run"
  reelay "$WORK/s$run" 2 1 >> "$WORK/seq"; rm -rf "$WORK/s$run"
done
field() { grep -o "\(^\| \)$1=[0-9.]*" "$2" | sed 's/.*=//'; }
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
for f in reelay cli par seq; do
  echo "$f: $(tr '\n' ' ' < "$WORK/$f")" >&2
  [ -s "$WORK/$f" ] || continue
  declare "W_$f=$(field wall "$WORK/$f" | median)" "R_$f=$(field rss "$WORK/$f" | median)" \
    "C_$f=$(field cpu "$WORK/$f" | median)" "J_$f=$(field jobs_rss "$WORK/$f" | median)"
done
echo "runs: $RUNS (medians); source: 60 s 1920x1080 30 fps H.264 8 Mb/s + AAC; x264 threads per rendition: $THREADS"
awk -v r="$W_reelay" -v c="$W_cli" -v rr="$R_reelay" -v jr="$J_reelay" -v rc="$R_cli" -v cr="$C_reelay" -v cc="$C_cli" 'BEGIN {
  printf "Reelay, one job:         %6.1f s  %5.2fx real time  CPU %6.1f s  peak RSS %d MiB (JVM %d + job %d)\n", r, 60 / r, cr, rr, rr - jr, jr
  printf "ffmpeg CLI, same ladder: %6.1f s  %5.2fx real time  CPU %6.1f s  peak RSS %d MiB\n", c, 60 / c, cc, rc
  printf "ratio Reelay / CLI:      %6.3f wall, %.3f CPU  (target <= 1.10)\n", r / c, cr / cc
}'
[ "$TWO_JOBS" = 1 ] && awk -v p="$W_par" -v s="$W_seq" -v rp="$R_par" -v jp="$J_par" 'BEGIN {
  printf "two jobs, one after the other: %6.1f s  (%.2f jobs/min)\n", s, 2 * 60 / s
  printf "two jobs at once:              %6.1f s  (%.2f jobs/min)  peak RSS %d MiB (jobs %d)\n", p, 2 * 60 / p, rp, jp
}'
true
