#!/usr/bin/env bash
# The web app in a real browser: starts target/reelay.jar (built beforehand, e.g. by `mvn -q -DskipTests
# package`) on free ports with a fresh data dir, runs web.mjs (playwright-core driving the system's Chromium,
# ffmpeg making the clips and publishing RTMP), stops the node with SIGTERM. Exits non-zero on any failure.
# Screenshots of each page go to target/web-screenshots/.
#
#   test/web/run.sh                 (from anywhere; REELAY_JAR overrides the jar's path,
#                                    CHROMIUM the browser's, WEB_ONLY=name,… runs some scenarios)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
jar="${REELAY_JAR:-$root/target/reelay.jar}"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"

die() { echo "web tests: FAILED: $*" >&2; exit 1; }

[ -f "$jar" ] || die "$jar not found; build it first (mvn -q -DskipTests package)"
command -v node >/dev/null || die "node is not installed (Node.js 18 or later is needed)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
[ "$node_major" -ge 18 ] || die "Node.js $(node --version) is too old; 18 or later is needed"
command -v ffmpeg >/dev/null || die "ffmpeg is not installed"
if [ -z "${CHROMIUM:-}" ]; then
  for c in chromium chromium-browser google-chrome; do
    if command -v "$c" >/dev/null; then CHROMIUM="$(command -v "$c")"; break; fi
  done
fi
[ -n "${CHROMIUM:-}" ] || die "no Chromium found (apt-get install chromium, or set CHROMIUM)"
export CHROMIUM

if [ ! -d "$here/node_modules/playwright-core" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/reelay-web.XXXXXX")"
log="$work/node.log"
pid=""

stop_node() {
  [ -n "$pid" ] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
      echo "web tests: node $pid ignored SIGTERM for 30 s; killing it" >&2
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
  pid=""
}

cleanup() {
  status=$?
  stop_node
  if [ "$status" -ne 0 ] && [ -f "$log" ]; then
    echo "---- last lines of the node's output ($log) ----" >&2
    tail -n 60 "$log" >&2 || true
  fi
  rm -rf "$work"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Only what this script sets: no REELAY_* from the caller's environment.
for v in $(compgen -e | grep '^REELAY_' || true); do unset "$v"; done

admin_password="web-$(date +%s)-$RANDOM"
started=$(date +%s)
REELAY_DATA_DIR="$work/data" REELAY_HTTP_HOST=127.0.0.1 REELAY_HTTP_PORT=0 REELAY_RTMP_PORT=0 REELAY_SRT_PORT=0 \
  REELAY_ADMIN_PASSWORD="$admin_password" REELAY_LIVE_RECONNECT_GRACE_MILLIS=2000 \
  "$java" -jar "$jar" >"$log" 2>&1 &
pid=$!

url=""
for _ in $(seq 1 1800); do # up to 180 s: a first start unpacks and initialises the embedded services
  url="$(sed -n 's/^reelay ready \(http:\/\/[^ ]*\).*$/\1/p' "$log" | head -n 1)"
  [ -n "$url" ] && break
  kill -0 "$pid" 2>/dev/null || die "the node exited before it was ready"
  sleep 0.1
done
[ -n "$url" ] || die "no 'reelay ready' line within 180 s"
echo "web tests: node ready at $url after $(( $(date +%s) - started )) s"

mkdir -p "$root/target/web-screenshots"
(cd "$here" && REELAY_ADMIN_PASSWORD="$admin_password" SCREENSHOTS="$root/target/web-screenshots" WORK="$work" \
  node web.mjs "$url") || die "web.mjs failed"

stop_node_status=0
kill -TERM "$pid"
wait "$pid" || stop_node_status=$?
pid=""
[ "$stop_node_status" -eq 0 ] || die "the node exited with status $stop_node_status after SIGTERM"
echo "web tests: OK in $(( $(date +%s) - started )) s"
