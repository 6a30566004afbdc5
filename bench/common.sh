# Shared by the bench scripts (source it from the project root): the jar, the load generator compiled with
# bench/common/*.java, waiting for a quiet machine, medians.

# Builds what a run needs and compiles the load generator (its .java files, the main one first) with the shared
# classes; sets CP.
bench_build() {
  [ -f target/reelay.jar ] || mvn -o -q -DskipTests package
  mvn -o -q compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt >/dev/null
  local deps
  deps="target/classes:$(cat target/bench-cp.txt)"
  mkdir -p target/bench-classes
  javac -nowarn -d target/bench-classes -cp "$deps" bench/common/*.java "$@"
  CP="target/bench-classes:$deps"
}

busy_pct() { # CPU use of the whole machine over 5 s, % of one core (fields: user nice system idle iowait ...)
  local a b
  a=$(head -1 /proc/stat); sleep 5; b=$(head -1 /proc/stat)
  echo "$a $b" | awk -v cores="$(nproc)" '{ for (i = 2; i <= 9; i++) { d = $(i + 11) - $i; t += d; if (i != 5 && i != 6) u += d }
    printf "%d\n", 100 * cores * u / t }'
}

wait_quiet() { # until the machine is nearly idle, at most QUIET_WAIT s
  local end=$(( $(date +%s) + QUIET_WAIT ))
  while [ "$(busy_pct)" -gt 15 ] && [ "$(date +%s)" -lt "$end" ]; do sleep 10; done
}

median() { # of the numbers on stdin; $1: significant digits (default 10)
  sort -g | awk -v d="${1:-10}" '{a[NR]=$1} END {if (NR) printf "%." d "g\n", (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'
}

live_source_flv() { # the live benches' publisher source, made once: 1080p30 x264 4 Mb/s, keyframe every 2 s, AAC 128k
  [ -f "$1" ] && return 0
  mkdir -p "$(dirname "$1")"
  echo "encoding $1 (once)"
  ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=1920x1080:rate=30 \
    -f lavfi -i sine=frequency=440:sample_rate=48000 -t 30 \
    -c:v libx264 -preset veryfast -profile:v high -pix_fmt yuv420p -b:v 4M -maxrate 4M -bufsize 8M \
    -g 60 -keyint_min 60 -sc_threshold 0 -c:a aac -b:a 128k -ar 48000 -ac 2 -f flv "$1.tmp"
  mv "$1.tmp" "$1"
}

# Starts one node (java ${NODE_OPTS} -jar ${JAR:-target/reelay.jar}, embedded services, ports 0) with its data and log in
# WORK (removed on exit unless KEEP is set); sets NODE_PID and URL. The caller's EXIT trap should call stop_node.
NODE_PID=
start_node() {
  WORK=${KEEP:-$(mktemp -d /tmp/bench-node.XXXX)}
  mkdir -p "$WORK"
  # shellcheck disable=SC2086
  REELAY_HTTP_PORT=0 REELAY_RTMP_PORT=0 REELAY_SRT_PORT=0 REELAY_HTTP_HOST=127.0.0.1 REELAY_DATA_DIR="$WORK/data" \
    REELAY_ADMIN_PASSWORD=bench-admin-pw java ${NODE_OPTS:-} -jar "${JAR:-target/reelay.jar}" > "$WORK/node.log" 2>&1 &
  NODE_PID=$!
  for _ in $(seq 1 240); do grep -q '^reelay ready ' "$WORK/node.log" && break; sleep 0.5; done
  URL=$(grep '^reelay ready ' "$WORK/node.log" | awk '{print $3}')
  [ -n "$URL" ] || { cat "$WORK/node.log"; exit 1; }
}

stop_node() {
  [ -n "$NODE_PID" ] || return 0
  kill -TERM "$NODE_PID" 2>/dev/null || true
  wait "$NODE_PID" 2>/dev/null || true
  NODE_PID=
}
